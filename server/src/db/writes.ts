/** Helpers for the statements of one transaction. */
import type { Knex } from 'knex';

/**
 * Runs independent statement groups and throws the failure of the first group (in list order)
 * that failed. On sqlite they are sent together: each statement is a round trip through libuv's
 * thread pool, and concurrent ones overlap (the one connection still runs them one at a time, each
 * statement atomic). node-postgres runs one query per connection at a time and deprecates
 * queueing more, so there they run one after another.
 */
export async function runAll(trx: Knex.Transaction, groups: (() => Promise<unknown>)[]): Promise<void> {
  if (trx.client.dialect !== 'sqlite3') {
    for (const group of groups) await group();
    return;
  }
  const settled = await Promise.allSettled(groups.map((group) => group()));
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
}

/** Inserts rows in chunks (sqlite limits the variables of one statement); none, no statement. */
export async function insertChunks(
  trx: Knex.Transaction,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await trx(table).insert(rows.slice(i, i + 200));
}
