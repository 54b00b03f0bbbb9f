/**
 * Test servers on both databases. `eachDatabase` runs a suite against sqlite and PostgreSQL;
 * PostgreSQL tests skip with a printed reason when no server answers, unless BATON_REQUIRE_PG=1
 * (set by CI), where a missing PostgreSQL fails the run.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { startServer, type BatonServer, type ServerOptions } from '../../server/src/app.ts';

export const PG_ADMIN_URL = process.env.BATON_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type DatabaseKind = 'sqlite' | 'pg';

let pgAvailable: Promise<boolean> | undefined;

export function postgresAvailable(): Promise<boolean> {
  pgAvailable ??= (async () => {
    const knex = knexFactory({
      client: 'pg',
      connection: PG_ADMIN_URL,
      pool: { min: 0, max: 1 },
      acquireConnectionTimeout: 3000,
    });
    try {
      await knex.raw('select 1');
      return true;
    } catch (error) {
      if (process.env.BATON_REQUIRE_PG === '1')
        throw new Error(
          `BATON_REQUIRE_PG=1 but PostgreSQL at ${PG_ADMIN_URL} does not answer: ${String(error)}`,
        );
      console.warn(`PostgreSQL tests skipped: no server answers at ${PG_ADMIN_URL} (${String(error)})`);
      return false;
    } finally {
      await knex.destroy();
    }
  })();
  return pgAvailable;
}

/** A fresh database URL of the kind, and a function that drops it. */
export async function freshDatabase(kind: DatabaseKind): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'baton-test-'));
    return {
      url: `sqlite:${join(dir, 'baton.sqlite')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `baton_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  await admin.destroy();
  return {
    url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      const knex = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
      await knex.raw(`drop database if exists ${name} with (force)`);
      await knex.destroy();
    },
  };
}

export interface TestServer {
  server: BatonServer;
  url: string;
  /** fetch against /engine-rest, JSON in and out. */
  rest<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startTestServer(
  kind: DatabaseKind,
  options: Partial<ServerOptions> = {},
): Promise<TestServer> {
  const database = await freshDatabase(kind);
  const server = await startServer({ databaseUrl: database.url, port: 0, ...options });
  return {
    server,
    url: server.url,
    async rest<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${server.url}/engine-rest${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/** The database kinds to run a suite against, in this environment. */
export async function databaseKinds(): Promise<DatabaseKind[]> {
  return (await postgresAvailable()) ? ['sqlite', 'pg'] : ['sqlite'];
}
