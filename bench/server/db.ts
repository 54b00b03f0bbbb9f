/** Fresh benchmark databases: a temporary sqlite file, or a new PostgreSQL database (dropped after). */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';

/** The databases the benchmark runs on. */
export type Kind = 'sqlite' | 'pg';

/** Admin connection for creating benchmark databases (BATON_PG_URL as in the tests). */
export const PG_ADMIN_URL = process.env.BATON_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh database's URL and how to remove it. */
export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database of the kind. */
export async function freshDatabase(kind: Kind): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
    return {
      url: `sqlite:${join(dir, 'baton.sqlite')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `baton_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = () => knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  const knex = admin();
  try {
    await knex.raw(`create database ${name}`);
  } finally {
    await knex.destroy();
  }
  return {
    url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    async drop() {
      const k = admin();
      await k.raw(`drop database if exists ${name} with (force)`);
      await k.destroy();
    },
  };
}

/** Whether PostgreSQL answers at PG_ADMIN_URL. */
export async function postgresAvailable(): Promise<boolean> {
  const knex = knexFactory({
    client: 'pg',
    connection: PG_ADMIN_URL,
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: 3000,
  });
  try {
    await knex.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await knex.destroy();
  }
}
