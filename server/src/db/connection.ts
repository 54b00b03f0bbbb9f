/**
 * Opens the database: sqlite (embedded default; WAL, busy timeout, one writer connection with
 * group commit and reused prepared statements) or PostgreSQL, and runs the migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Database as SqliteConnection } from 'sqlite3';
import { GroupCommit, type TransactionWork } from './groupCommit.ts';
import { migrations } from './migrations.ts';
import { reusePreparedStatements } from './sqliteStatements.ts';

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
  /** Calls `fn` after the transaction `work` got committed; never if its writes were rolled back. */
  afterCommit(trx: Knex.Transaction, fn: () => void): void;
  close(): Promise<void>;
}

export async function openDatabase(url: string): Promise<Database> {
  const dialect: Dialect = url.startsWith('sqlite:') ? 'sqlite' : 'pg';
  const knex = dialect === 'sqlite' ? sqlite(url.slice('sqlite:'.length)) : postgres(url);
  await knex.migrate.latest({ migrationSource: migrations });
  const close = () => knex.destroy();
  if (dialect === 'pg') {
    return {
      knex,
      dialect,
      transaction: (work) => knex.transaction(work),
      afterCommit: (trx, fn) => void trx.executionPromise.then(fn, () => undefined),
      close,
    };
  }
  const group = new GroupCommit(knex);
  return {
    knex,
    dialect,
    transaction: (work) => group.run(work),
    afterCommit: (trx, fn) =>
      group.owns(trx) ? group.afterCommit(trx, fn) : void trx.executionPromise.then(fn, () => undefined),
    close,
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
        conn.exec(
          'PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL',
          (err) => {
            if (!err) reusePreparedStatements(conn);
            done(err, conn);
          },
        );
      },
    },
  });
}

function postgres(url: string): Knex {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 } });
}
