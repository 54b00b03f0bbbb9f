/**
 * Group commit for sqlite's single writer connection. Commands that arrive while a transaction is
 * running wait in a queue; the next batch runs them one after another inside ONE transaction, each
 * behind its own SAVEPOINT, so a failing command rolls back only its own writes and fails alone.
 * Every other caller is answered after the batch's single COMMIT, so nothing is acknowledged
 * before it is durable. Each statement on the connection is a thread-pool round trip, and those,
 * not sqlite itself, bound the write rate: a batch pays BEGIN and COMMIT once, and the rows its
 * commands append (events, history, new instances) go in with one multi-row insert per table,
 * before the next command that runs statements or at the end. A command that only appends rows
 * (`runAppends`: a straight-through start) costs no statement of its own.
 */
import type { Knex } from 'knex';
import { AppendBuffer } from './appendBuffer.ts';
import type { Row, TableRows } from './writes.ts';

/** The work of one command inside the (shared) transaction. */
export type TransactionWork<T> = (trx: Knex.Transaction) => Promise<T>;

/** A queued command: work that runs statements, or rows to append and nothing else. */
type Queued = ({ work: TransactionWork<unknown> } | { rows: TableRows }) & {
  resolve(value: unknown): void;
  reject(error: unknown): void;
};

/** What a running command left for its batch: kept if it succeeds, dropped if it fails. */
interface Running {
  command: Queued;
  /** Whether it runs behind a savepoint (not the first command of its transaction). */
  savepoint: boolean;
  /** Rows it appended, held until the batch's next command that runs statements or COMMIT. */
  appends: AppendBuffer;
  /** Callbacks for after the COMMIT (`afterCommit`). */
  committed: (() => void)[];
}

/** Commands per batch: bounds how long the first one in a batch waits for the COMMIT. */
const MAX_BATCH = 100;

export class GroupCommit {
  private readonly queue: Queued[] = [];
  private draining = false;
  /** The command running now, per batch transaction (commands of a batch run one at a time). */
  private readonly running = new WeakMap<Knex.Transaction, Running>();

  constructor(private readonly knex: Knex) {}

  /**
   * Runs `work` in the next batch, after the rows held for earlier commands went in; resolves
   * after that batch committed.
   */
  run<T>(work: TransactionWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Appends `rows` in the next batch, with the batch's other rows; resolves after it committed. */
  runAppends(rows: TableRows): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, resolve: () => resolve(), reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Whether `trx` is a batch transaction of this group. */
  owns(trx: Knex.Transaction): boolean {
    return this.running.has(trx);
  }

  /** Calls `fn` once the running command's writes committed; never if the command rolled back. */
  afterCommit(trx: Knex.Transaction, fn: () => void): void {
    this.command(trx).committed.push(fn);
  }

  /** Holds rows for append-only tables until the end of the batch. */
  append(trx: Knex.Transaction, rows: TableRows): void {
    const { appends } = this.command(trx);
    for (const [table, add] of rows) appends.add(table, add);
  }

  /** Changes a row the running command appended (by its `id`); false if it appended none. */
  amend(trx: Knex.Transaction, table: string, id: unknown, changes: Row): boolean {
    const own = this.command(trx).appends.find(table, id);
    if (own) Object.assign(own, changes);
    return own !== undefined;
  }

  private command(trx: Knex.Transaction): Running {
    const running = this.running.get(trx);
    if (!running) throw new Error('not inside a group-commit command');
    return running;
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
    const applied: { command: Queued; value: unknown; committed: (() => void)[] }[] = [];
    const held = new AppendBuffer();
    let next = 0;
    try {
      await this.knex.transaction(async (trx) => {
        for (; next < commands.length; next++) {
          const command = commands[next];
          if (!('work' in command)) {
            for (const [table, rows] of command.rows) held.add(table, rows);
            applied.push({ command, value: undefined, committed: [] });
            continue;
          }
          // The command may read or delete what earlier commands appended, and its rollback must
          // keep those rows. Outside the try: if they fail to go in, the whole batch fails.
          await held.flush(trx);
          // The first command takes no savepoint (one round trip less): if it fails, the whole
          // (so far its own) transaction rolls back and the rest of the batch runs in the next one.
          const running: Running = {
            command,
            savepoint: next > 0,
            appends: new AppendBuffer(),
            committed: [],
          };
          this.running.set(trx, running);
          try {
            if (running.savepoint) await trx.raw('SAVEPOINT command');
            const value = await command.work(trx);
            held.take(running.appends);
            applied.push({ command, value, committed: running.committed });
          } catch (error) {
            command.reject(error);
            // Savepoints are never released: COMMIT releases them all.
            if (!running.savepoint) throw error;
            await trx.raw('ROLLBACK TO SAVEPOINT command');
          } finally {
            this.running.delete(trx);
          }
        }
        await held.flush(trx);
      });
    } catch (error) {
      // The transaction rolled back (its first command failed, or BEGIN, a savepoint, the held
      // rows or COMMIT did): nothing of the batch is durable. The commands it ran fail (a command
      // already rejected keeps its own error); those it never reached run in the next batch.
      for (const { command } of applied) command.reject(error);
      commands[next]?.reject(error);
      this.queue.unshift(...commands.slice(next + 1));
      return;
    }
    for (const { command, value, committed } of applied) {
      command.resolve(value);
      for (const fn of committed) fn();
    }
  }
}
