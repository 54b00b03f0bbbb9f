/**
 * Opens the database: sqlite (embedded default; WAL, busy timeout, one writer connection with
 * group commit and reused prepared statements) or PostgreSQL, and runs the migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Database as SqliteConnection } from 'sqlite3';
import { AppendCommit } from './appendCommit.ts';
import { GroupCommit, type TransactionWork } from './groupCommit.ts';
import { migrations } from './migrations.ts';
import { BACKSTOP_PAGES, startCheckpointer } from './sqliteCheckpoints.ts';
import { reusePreparedStatements } from './sqliteStatements.ts';
import { insertTables, type Row, type TableRows } from './writes.ts';

export type Dialect = 'sqlite' | 'pg';

export interface Database {
  knex: Knex;
  dialect: Dialect;
  /**
   * Runs `work` in a transaction and resolves after it committed. On sqlite concurrent calls share
   * one transaction (group commit), each behind its own savepoint: `work` must not start another
   * transaction or use `knex` outside `trx` (the single connection is taken).
   */
  transaction<T>(work: TransactionWork<T>): Promise<T>;
  /**
   * Commits rows for append-only tables as a command of its own, all or nothing, and resolves
   * after the commit. Concurrent calls are group-committed: on sqlite with the batch's other
   * commands, on PostgreSQL as one statement per batch (no transaction round trips).
   */
  commitAppends(rows: TableRows): Promise<void>;
  /** Calls `fn` after the transaction `work` got committed; never if its writes were rolled back. */
  afterCommit(trx: Knex.Transaction, fn: () => void): void;
  /**
   * Inserts rows into append-only tables (on PostgreSQL in one statement). On sqlite they are held
   * and inserted with those of the whole batch just before its COMMIT, or before the next command
   * that runs statements. The command itself does not see them (`amend` changes one). Every row of
   * a table names the same columns (rows of several commands go into one statement).
   */
  append(trx: Knex.Transaction, rows: TableRows): Promise<void>;
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
    commitAppends: (rows: TableRows) => knex.transaction((trx) => insertTables(trx, rows)),
    afterCommit,
    append: (trx: Knex.Transaction, rows: TableRows) => insertTables(trx, rows),
    amend: () => false,
    close: () => knex.destroy(),
  };
  if (dialect === 'pg') return postgresDatabase(direct, knex);
  const path = url.slice('sqlite:'.length);
  const checkpointer = path === ':memory:' ? undefined : startCheckpointer(path);
  const group = new GroupCommit(knex);
  // A transaction not started by `transaction` (none in the engine) gets the direct behaviour.
  return {
    ...direct,
    transaction: (work) => group.run(work),
    commitAppends: (rows) => group.runAppends(rows),
    afterCommit: (trx, fn) => (group.owns(trx) ? group.afterCommit(trx, fn) : afterCommit(trx, fn)),
    append: async (trx, rows) => (group.owns(trx) ? group.append(trx, rows) : insertTables(trx, rows)),
    amend: (trx, table, id, changes) => group.owns(trx) && group.amend(trx, table, id, changes),
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

/**
 * PostgreSQL: commands run concurrently, one transaction each; commands that only append rows (new
 * instances running straight through) are group-committed, one statement per batch.
 */
function postgresDatabase(direct: Database, knex: Knex): Database {
  const appends = new AppendCommit(knex);
  return { ...direct, commitAppends: (rows) => appends.run(rows) };
}

function postgres(url: string): Knex {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 } });
}
