/** Helpers for the statements of one transaction. */
import type { Knex } from 'knex';

export type Row = Record<string, unknown>;

/** Rows per table, for append-only tables. */
export type TableRows = ReadonlyMap<string, readonly Row[]>;

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
  rows: readonly Row[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await trx(table).insert(rows.slice(i, i + 200));
}

/** Bind parameters PostgreSQL takes in one statement (its protocol counts them in 16 bits). */
const PG_MAX_BINDINGS = 65_535;

/**
 * The rows of several tables as ONE PostgreSQL statement: the inserts but the last one become
 * data-modifying CTEs, which PostgreSQL always runs to completion. One statement is one round
 * trip and, outside a transaction, atomic on its own. Undefined when the rows need more bind
 * parameters than one statement takes, or when there are none.
 */
export function pgInsertStatement(knex: Knex, tables: TableRows): Knex.Raw | undefined {
  const inserts = [...tables]
    .filter(([, rows]) => rows.length > 0)
    .map(([table, rows]) => knex(table).insert(rows).toSQL());
  if (inserts.length === 0) return undefined;
  const bindings = inserts.flatMap((insert) => insert.bindings);
  if (bindings.length > PG_MAX_BINDINGS) return undefined;
  const last = inserts.length - 1;
  const ctes = inserts.slice(0, last).map((insert, i) => `append${i} AS (${insert.sql})`);
  const sql = ctes.length > 0 ? `WITH ${ctes.join(', ')} ${inserts[last].sql}` : inserts[last].sql;
  return knex.raw(sql, bindings);
}

/** Inserts the rows of several tables in `trx`: one statement on PostgreSQL when they fit in one. */
export async function insertTables(trx: Knex.Transaction, tables: TableRows): Promise<void> {
  const statement = trx.client.dialect === 'postgresql' ? pgInsertStatement(trx, tables) : undefined;
  if (statement) {
    await statement;
    return;
  }
  await runAll(
    trx,
    [...tables].map(
      ([table, rows]) =>
        () =>
          insertChunks(trx, table, rows),
    ),
  );
}
