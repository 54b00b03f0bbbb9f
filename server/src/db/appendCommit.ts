/**
 * Group commit for commands that only append rows (a new instance running straight through), on
 * PostgreSQL. Concurrent commands queue while a batch is in flight; the next batch inserts all
 * their rows as ONE statement outside any transaction (atomic on its own): one round trip for
 * the whole batch instead of BEGIN, an insert per table and COMMIT per command. On this kind of VM
 * a round trip, not PostgreSQL, is what such a command costs. Batches too big for one statement
 * run in a transaction. When a batch fails, its commands are committed one by one, so a failure
 * stays with the command that caused it. None is answered before its rows are durable.
 */
import type { Knex } from 'knex';
import { insertTables, pgInsertStatement, type Row, type TableRows } from './writes.ts';

interface Queued {
  rows: TableRows;
  resolve(): void;
  reject(error: unknown): void;
}

/** Commands per batch: bounds the statement's size and how long the first one waits. */
const MAX_BATCH = 100;

export class AppendCommit {
  private readonly queue: Queued[] = [];
  private draining = false;

  constructor(private readonly knex: Knex) {}

  /** Commits `rows` with the next batch; resolves once they are durable. */
  run(rows: TableRows): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.batch(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.draining = false;
    }
  }

  private async batch(commands: Queued[]): Promise<void> {
    try {
      await this.insert(commands);
    } catch (error) {
      if (commands.length === 1) {
        commands[0].reject(error);
        return;
      }
      for (const command of commands) await this.batch([command]);
      return;
    }
    for (const command of commands) command.resolve();
  }

  private async insert(commands: Queued[]): Promise<void> {
    const tables = new Map<string, Row[]>();
    for (const { rows } of commands)
      for (const [table, add] of rows) {
        const held = tables.get(table);
        if (held) held.push(...add);
        else tables.set(table, [...add]);
      }
    const statement = pgInsertStatement(this.knex, tables);
    if (statement) await statement;
    else await this.knex.transaction((trx) => insertTables(trx, tables));
  }
}
