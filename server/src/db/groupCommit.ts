/**
 * Group commit for sqlite's single writer connection. Commands that arrive while a transaction is
 * running wait in a queue; the next batch runs them one after another inside ONE transaction, each
 * behind its own SAVEPOINT, so a failing command rolls back only its own writes and fails alone.
 * Every other caller is answered after the batch's single COMMIT, so nothing is acknowledged
 * before it is durable. A batch amortises BEGIN, COMMIT and the WAL write of shared pages (index
 * roots, the tail of append-only tables) over all its commands; each statement on the connection
 * is a thread-pool round trip, and those, not sqlite itself, bound the write rate.
 */
import type { Knex } from 'knex';

/** The work of one command inside the (shared) transaction. */
export type TransactionWork<T> = (trx: Knex.Transaction) => Promise<T>;

interface Queued {
  work: TransactionWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Run after the batch commits, registered by this command (`afterCommit`). */
  committed: (() => void)[];
}

/** Commands per batch: bounds how long the first one in a batch waits for the COMMIT. */
const MAX_BATCH = 100;

export class GroupCommit {
  private readonly queue: Queued[] = [];
  private running = false;
  /** The command running now, per batch transaction (commands of a batch run one at a time). */
  private readonly current = new WeakMap<Knex.Transaction, Queued>();

  constructor(private readonly knex: Knex) {}

  /** Runs `work` in the next batch; resolves after that batch committed. */
  run<T>(work: TransactionWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject, committed: [] });
      if (!this.running) void this.drain();
    });
  }

  /** Whether `trx` is a batch transaction of this group. */
  owns(trx: Knex.Transaction): boolean {
    return this.current.has(trx);
  }

  /** Calls `fn` once the running command's writes committed; never if the command rolled back. */
  afterCommit(trx: Knex.Transaction, fn: () => void): void {
    const command = this.current.get(trx);
    if (!command) throw new Error('afterCommit outside a batch command');
    command.committed.push(fn);
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.batch(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.running = false;
    }
  }

  private async batch(commands: Queued[]): Promise<void> {
    const applied: { command: Queued; value: unknown }[] = [];
    let next = 0;
    try {
      await this.knex.transaction(async (trx) => {
        for (; next < commands.length; next++) {
          const command = commands[next];
          // The first command needs no savepoint: if it fails, the whole (so far empty) transaction
          // rolls back and the rest of the batch runs in the next one. Savepoints are not released:
          // COMMIT releases them all, one round trip less per command.
          if (next > 0) await trx.raw('SAVEPOINT command');
          this.current.set(trx, command);
          try {
            applied.push({ command, value: await command.work(trx) });
          } catch (error) {
            command.committed.length = 0;
            command.reject(error);
            if (next === 0) throw error;
            await trx.raw('ROLLBACK TO SAVEPOINT command');
          } finally {
            this.current.delete(trx);
          }
        }
      });
    } catch (error) {
      // The transaction rolled back (its first command failed, or BEGIN, a savepoint or COMMIT
      // did): nothing of the batch is durable. The commands it ran fail (a command already
      // rejected keeps its own error); those it never reached run in the next batch.
      for (const { command } of applied) command.reject(error);
      commands[next]?.reject(error);
      this.queue.unshift(...commands.slice(next + 1));
      return;
    }
    for (const { command, value } of applied) {
      command.resolve(value);
      for (const fn of command.committed) fn();
    }
  }
}
