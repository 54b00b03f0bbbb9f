/**
 * Group commit on sqlite: concurrent transactions share one sqlite transaction, each command
 * behind its own savepoint. A failing command rolls back only its own writes, held-back appends
 * and amendments; the others commit together and their after-commit callbacks run once, after it.
 * An eager command sees the rows earlier commands appended.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/src/db/connection.ts';
import { databaseKinds, freshDatabase } from './support.ts';

describe('group commit on sqlite', () => {
  let db: Database;
  let url: string;
  let drop: () => Promise<void>;
  const hooks: string[] = [];

  beforeEach(async () => {
    const database = await freshDatabase('sqlite');
    ({ url, drop } = database);
    db = await openDatabase(url);
    await db.knex.schema.createTable('gc_rows', (t) => t.string('id').primary());
    await db.knex.schema.createTable('gc_log', (t) => {
      t.string('id').primary();
      t.string('v').notNullable();
    });
    hooks.length = 0;
  });
  afterEach(async () => {
    await db.close();
    await drop();
  });

  /**
   * A lazy command: one row appended, optionally an amendment of an earlier command's held row, one
   * row written at once (after `ready`), then it fails or not.
   */
  const command = (id: string, options: { amend?: string; fail?: boolean } = {}) =>
    db.transaction(
      async (trx) => {
        await db.append(trx, 'gc_log', [{ id, v: 'new' }]);
        if (options.amend)
          expect(db.amend(trx, 'gc_log', options.amend, { v: `amended by ${id}` })).toBe(true);
        await db.ready(trx);
        await trx('gc_rows').insert({ id });
        db.afterCommit(trx, () => hooks.push(id));
        if (options.fail) throw new Error(`${id} fails`);
        return id;
      },
      { lazy: true },
    );

  /** Holds the current batch open until `release`, so the commands queued meanwhile share the next one. */
  const blocker = () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const done = db.transaction(async () => held);
    return { release, done };
  };

  const table = async (name: string) =>
    (await db.knex(name).select().orderBy('id')) as Record<string, unknown>[];

  it('rolls back only the failing command of a batch, appends and amendments included', async () => {
    const first = blocker();
    const results = Promise.allSettled([
      command('a'),
      command('b', { amend: 'a', fail: true }),
      command('c', { amend: 'a' }),
    ]);
    first.release();
    await first.done;
    const [a, b, c] = await results;
    expect(a).toEqual({ status: 'fulfilled', value: 'a' });
    expect(b).toMatchObject({ status: 'rejected', reason: { message: 'b fails' } });
    expect(c).toEqual({ status: 'fulfilled', value: 'c' });
    expect(await table('gc_rows')).toEqual([{ id: 'a' }, { id: 'c' }]);
    expect(await table('gc_log')).toEqual([
      { id: 'a', v: 'amended by c' },
      { id: 'c', v: 'new' },
    ]);
    expect(hooks).toEqual(['a', 'c']);
  });

  it('when the first command of a batch fails, the others still commit', async () => {
    const first = blocker();
    const results = Promise.allSettled([command('f', { fail: true }), command('g'), command('h')]);
    first.release();
    await first.done;
    expect((await results).map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(await table('gc_rows')).toEqual([{ id: 'g' }, { id: 'h' }]);
    expect(await table('gc_log')).toEqual([
      { id: 'g', v: 'new' },
      { id: 'h', v: 'new' },
    ]);
    expect(hooks).toEqual(['g', 'h']);
  });

  it('an eager command reads the rows appended before it in its batch', async () => {
    const first = blocker();
    const results = Promise.all([
      command('p'),
      command('q'),
      db.transaction(async (trx) => trx('gc_log').pluck('id')),
    ]);
    first.release();
    await first.done;
    expect((await results)[2]).toEqual(['p', 'q']);
  });

  it('answers after the commit: what a resolved command wrote is visible to a new connection', async () => {
    const other = await openDatabase(url);
    try {
      await Promise.all(['x', 'y', 'z'].map((id) => command(id)));
      expect(await other.knex('gc_log').count({ n: '*' }).first()).toEqual({ n: 3 });
    } finally {
      await other.close();
    }
  });
});

/**
 * Group commit of lazy commands (starts) on every database: on PostgreSQL they are batched in up
 * to four groups while other commands keep their own transactions. Many concurrent commands, some
 * failing at every position of their batches: exactly the others are durable, answered after
 * their commit, and their after-commit callbacks run once.
 */
describe.each(await databaseKinds())('concurrent lazy commands on %s', (kind) => {
  it('commit or roll back one by one, and are visible once answered', async () => {
    const database = await freshDatabase(kind);
    const db = await openDatabase(database.url);
    const other = await openDatabase(database.url);
    try {
      await db.knex.schema.createTable('gc_rows', (t) => t.string('id').primary());
      await db.knex.schema.createTable('gc_log', (t) => {
        t.string('id').primary();
        t.string('v').notNullable();
      });
      const hooks: string[] = [];
      const ids = Array.from({ length: 40 }, (_, i) => `c${String(i).padStart(2, '0')}`);
      const failing = new Set(ids.filter((_, i) => i % 3 === 1));
      const appendOnly = new Set(ids.filter((_, i) => i % 4 === 0));
      const seen: string[] = [];
      const results = await Promise.allSettled(
        ids.map((id) =>
          db
            .transaction(
              async (trx) => {
                await db.append(trx, 'gc_log', [{ id, v: 'new' }]);
                if (!appendOnly.has(id) || failing.has(id)) {
                  await db.ready(trx);
                  await trx('gc_rows').insert({ id });
                }
                db.afterCommit(trx, () => hooks.push(id));
                if (failing.has(id)) throw new Error(`${id} fails`);
                return id;
              },
              { lazy: true },
            )
            .then(async (value) => {
              // answered after the commit: another connection sees it already
              const row = await other.knex('gc_log').where({ id: value }).first();
              if (row) seen.push(value);
              return value;
            }),
        ),
      );
      const committed = ids.filter((id) => !failing.has(id));
      expect(results.map((r) => r.status)).toEqual(
        ids.map((id) => (failing.has(id) ? 'rejected' : 'fulfilled')),
      );
      expect((await db.knex('gc_log').orderBy('id').pluck('id')).sort()).toEqual(committed);
      expect((await db.knex('gc_rows').orderBy('id').pluck('id')).sort()).toEqual(
        committed.filter((id) => !appendOnly.has(id)),
      );
      expect([...hooks].sort()).toEqual(committed);
      expect(seen.sort()).toEqual(committed);
    } finally {
      await other.close();
      await db.close();
      await database.drop();
    }
  });
});
