/**
 * Group commit for sqlite's single writer connection. Commands that arrive while a transaction is
 * running wait in a queue; the next batch runs them one after another inside ONE transaction, each
 * behind its own SAVEPOINT, so a failing command rolls back only its own writes and fails alone.
 * Every other caller is answered after the batch's single COMMIT, so nothing is acknowledged
 * before it is durable. Each statement on the connection is a thread-pool round trip, and those,
 * not sqlite itself, bound the write rate: a batch pays BEGIN and COMMIT once, and the rows its
 * commands append (events, history, new instances) go in with one multi-row insert per table,
 * before the next command that runs statements or at the end. A straight-through start only
 * appends: as a lazy command it costs no statement of its own.
 */
import type { Knex } from 'knex';
import { AppendBuffer, type Row } from './appendBuffer.ts';

/** The work of one command inside the (shared) transaction. */
export type TransactionWork<T> = (trx: Knex.Transaction) => Promise<T>;

interface Queued {
  work: TransactionWork<unknown>;
  /** Runs no statement before it calls `ready` (it may append before that). */
  lazy: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** What a running command left for its batch: kept if it succeeds, dropped if it fails. */
interface Running {
  command: Queued;
  /** Whether earlier commands ran in this transaction (then a failure rolls back to a savepoint). */
  first: boolean;
  /** Set once the held rows are inserted and the savepoint taken (`ready`). */
  ready?: Promise<void>;
  savepoint: boolean;
  /** Rows appended by the batch's earlier commands, inserted before COMMIT. */
  batch: AppendBuffer;
  appends: AppendBuffer;
  /** Changes to rows of `batch` (earlier commands' rows): applied only if this command succeeds. */
  amendments: { row: Row; changes: Row }[];
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
   * Runs `work` in the next batch; resolves after that batch committed. A `lazy` command calls
   * `ready` before its first statement and may only append until then: a command that turns out to
   * only append costs no statement at all. Its statements must not read rows other commands
   * appended (they may still be held back); an eager command gets those inserted first.
   */
  run<T>(work: TransactionWork<T>, lazy = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, lazy, resolve: resolve as (value: unknown) => void, reject });
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

  /** Holds rows for an append-only table until the end of the batch. */
  append(trx: Knex.Transaction, table: string, rows: readonly Row[]): void {
    this.command(trx).appends.add(table, rows);
  }

  /** Changes a held row (by its `id`) instead of updating it in the table; false if none is held. */
  amend(trx: Knex.Transaction, table: string, id: unknown, changes: Row): boolean {
    const running = this.command(trx);
    const own = running.appends.find(table, id);
    if (own) {
      Object.assign(own, changes);
      return true;
    }
    const earlier = running.batch.find(table, id);
    if (!earlier) return false;
    running.amendments.push({ row: earlier, changes });
    return true;
  }

  /** Prepares the running command for statements: its savepoint (none for a batch's first). */
  ready(trx: Knex.Transaction): Promise<void> {
    const running = this.command(trx);
    running.ready ??= running.first
      ? Promise.resolve()
      : trx.raw('SAVEPOINT command').then(() => void (running.savepoint = true));
    return running.ready;
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
          // An eager command may read or delete what earlier commands appended, and its rollback
          // must keep those rows. Outside the try: if they fail to go in, the whole batch fails.
          if (!command.lazy) await held.flush(trx);
          const running: Running = {
            command,
            first: next === 0,
            savepoint: false,
            batch: held,
            appends: new AppendBuffer(),
            amendments: [],
            committed: [],
          };
          this.running.set(trx, running);
          try {
            if (!command.lazy) await this.ready(trx);
            const value = await command.work(trx);
            held.take(running.appends);
            for (const { row, changes } of running.amendments) Object.assign(row, changes);
            applied.push({ command, value, committed: running.committed });
          } catch (error) {
            command.reject(error);
            // The first command takes no savepoint (one round trip less): if it ran statements,
            // the whole (so far its own) transaction rolls back and the rest of the batch runs in
            // the next one. Savepoints are never released: COMMIT releases them all.
            if (running.savepoint) await trx.raw('ROLLBACK TO SAVEPOINT command');
            else if (running.ready) throw error;
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
