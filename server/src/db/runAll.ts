/**
 * Independent statement groups of one transaction. On sqlite they are sent together: each
 * statement is a round trip through libuv's thread pool, and concurrent ones overlap (the one
 * connection still runs them one at a time, each statement atomic). node-postgres runs one query
 * per connection at a time and deprecates queueing more, so there they run one after another.
 */
import type { Knex } from 'knex';

/** Runs every group; throws the failure of the first group (in list order) that failed. */
export async function runAll(trx: Knex.Transaction, groups: (() => Promise<unknown>)[]): Promise<void> {
  if (trx.client.dialect !== 'sqlite3') {
    for (const group of groups) await group();
    return;
  }
  const settled = await Promise.allSettled(groups.map((group) => group()));
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
}
