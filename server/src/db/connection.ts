/**
 * Opens the database: sqlite (embedded default; WAL, busy timeout, one writer connection with
 * group commit and reused prepared statements) or PostgreSQL, and runs the migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Database as SqliteConnection } from 'sqlite3';
import type { Row } from './appendBuffer.ts';
import { GroupCommit, type TransactionWork } from './groupCommit.ts';
import { migrations } from './migrations.ts';
import { BACKSTOP_PAGES, startCheckpointer } from './sqliteCheckpoints.ts';
import { reusePreparedStatements } from './sqliteStatements.ts';
import { insertChunks } from './writes.ts';

export type Dialect = 'sqlite' | 'pg';

export interface Database {
  knex: Knex;
  dialect: Dialect;
  /**
   * Runs `work` in a transaction and resolves after it committed. On sqlite concurrent calls share
   * one transaction (group commit), each behind its own savepoint: `work` must not start another
   * transaction or use `knex` outside `trx` (the single connection is taken). With `lazy`, `work`
   * calls `ready` before its first statement and may only `append` until then; its statements must
   * not read rows that other commands appended (held back until an eager command or COMMIT).
   */
  transaction<T>(work: TransactionWork<T>, options?: { lazy?: boolean }): Promise<T>;
  /** Prepares a lazy transaction's command for statements (see `transaction`). */
  ready(trx: Knex.Transaction): Promise<void>;
  /** Calls `fn` after the transaction `work` got committed; never if its writes were rolled back. */
  afterCommit(trx: Knex.Transaction, fn: () => void): void;
  /**
   * Inserts rows into an append-only table. On sqlite they are held and inserted with those of the
   * whole batch just before its COMMIT, or before the next command that runs statements. The
   * command itself does not see them (`amend` changes one). Every row of a table names the same
   * columns (rows of several commands go into one statement).
   */
  append(trx: Knex.Transaction, table: string, rows: readonly Row[]): Promise<void>;
  /** Changes an appended row (by `id`) still held back; false if none is (then update the table). */
  amend(trx: Knex.Transaction, table: string, id: unknown, changes: Row): boolean;
  close(): Promise<void>;
}

export async function openDatabase(url: string): Promise<Database> {
  const dialect: Dialect = url.startsWith('sqlite:') ? 'sqlite' : 'pg';
  const knex = dialect === 'sqlite' ? sqlite(url.slice('sqlite:'.length)) : postgres(url);
  await knex.migrate.latest({ migrationSource: migrations });
  const afterCommit = (trx: Knex.Transaction, fn: () => void) =>
    void trx.executionPromise.then(fn, () => undefined);
  const direct = {
    knex,
    dialect,
    transaction: <T>(work: TransactionWork<T>) => knex.transaction(work),
    afterCommit,
    append: (trx: Knex.Transaction, table: string, rows: readonly Row[]) => insertChunks(trx, table, rows),
    amend: () => false,
    ready: async () => undefined,
    close: () => knex.destroy(),
  };
  if (dialect === 'pg') return postgresDatabase(direct, knex);
  const path = url.slice('sqlite:'.length);
  const checkpointer = path === ':memory:' ? undefined : startCheckpointer(path);
  const group = new GroupCommit(knex);
  // A transaction not started by `transaction` (none in the engine) gets the direct behaviour.
  return {
    ...direct,
    transaction: (work, options) => group.run(work, options?.lazy),
    afterCommit: (trx, fn) => (group.owns(trx) ? group.afterCommit(trx, fn) : afterCommit(trx, fn)),
    append: async (trx, table, rows) =>
      group.owns(trx) ? group.append(trx, table, rows) : insertChunks(trx, table, rows),
    amend: (trx, table, id, changes) => group.owns(trx) && group.amend(trx, table, id, changes),
    ready: async (trx) => (group.owns(trx) ? group.ready(trx) : undefined),
    close: async () => {
      await checkpointer?.stop();
      await knex.destroy();
    },
  };
}

function sqlite(path: string): Knex {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: path },
    useNullAsDefault: true,
    // sqlite has one writer: a single connection serialises transactions instead of failing them.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        // Checkpoints run in the background (sqliteCheckpoints.ts); savepoint journals stay in memory.
        conn.exec(
          `PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;
           PRAGMA wal_autocheckpoint = ${BACKSTOP_PAGES}; PRAGMA temp_store = MEMORY`,
          (err) => {
            if (!err) reusePreparedStatements(conn);
            done(err, conn);
          },
        );
      },
    },
  });
}

/** Lazy-command batches that may run at once on PostgreSQL (each holds one pooled connection). */
const PG_GROUPS = 4;

/**
 * PostgreSQL: commands run concurrently, one transaction each, except lazy ones (starts that may
 * only append): those are group-committed like on sqlite, in up to PG_GROUPS batches at once, so
 * a burst of starts pays BEGIN, one multi-row insert per table and COMMIT per batch instead of a
 * round trip per row. On this kind of VM a round trip, not PostgreSQL, is what a start costs.
 */
function postgresDatabase(direct: Database, knex: Knex): Database {
  const groups = Array.from({ length: PG_GROUPS }, () => new GroupCommit(knex));
  const owner = (trx: Knex.Transaction) => groups.find((g) => g.owns(trx));
  let next = 0;
  return {
    ...direct,
    transaction: (work, options) => {
      if (!options?.lazy) return knex.transaction(work);
      // Round robin: an idle group starts its batch at once, a busy one collects the next batch.
      const group = groups[next];
      next = (next + 1) % groups.length;
      return group.run(work, true);
    },
    afterCommit: (trx, fn) => {
      const group = owner(trx);
      if (group) group.afterCommit(trx, fn);
      else direct.afterCommit(trx, fn);
    },
    append: async (trx, table, rows) => {
      const group = owner(trx);
      if (group) group.append(trx, table, rows);
      else await direct.append(trx, table, rows);
    },
    amend: (trx, table, id, changes) => owner(trx)?.amend(trx, table, id, changes) ?? false,
    ready: async (trx) => owner(trx)?.ready(trx),
  };
}

function postgres(url: string): Knex {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 } });
}
