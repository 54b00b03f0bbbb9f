/**
 * Opens the database: sqlite (embedded default; WAL, busy timeout, one writer connection) or
 * PostgreSQL, and runs the migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { migrations } from './migrations.ts';

export type Dialect = 'sqlite' | 'pg';

export interface Database {
  knex: Knex;
  dialect: Dialect;
  close(): Promise<void>;
}

export async function openDatabase(url: string): Promise<Database> {
  const dialect: Dialect = url.startsWith('sqlite:') ? 'sqlite' : 'pg';
  const knex = dialect === 'sqlite' ? sqlite(url.slice('sqlite:'.length)) : postgres(url);
  await knex.migrate.latest({ migrationSource: migrations });
  return { knex, dialect, close: () => knex.destroy() };
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
      afterCreate(
        conn: { run(sql: string, cb: (err: Error | null) => void): void },
        done: (err: Error | null, conn: unknown) => void,
      ) {
        conn.run('PRAGMA journal_mode = WAL', (e1) => {
          if (e1) return done(e1, conn);
          conn.run('PRAGMA busy_timeout = 5000', (e2) => {
            if (e2) return done(e2, conn);
            conn.run('PRAGMA synchronous = NORMAL', (e3) => done(e3, conn));
          });
        });
      },
    },
  });
}

function postgres(url: string): Knex {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 } });
}
