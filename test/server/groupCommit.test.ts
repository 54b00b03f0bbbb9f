/**
 * Group commit on sqlite: concurrent transactions share one sqlite transaction, each command
 * behind its own savepoint. A failing command rolls back only its own writes, held-back appends
 * and amendments; the others commit together and their after-commit callbacks run once, after it.
 * A command sees the rows earlier commands appended. On PostgreSQL, commands that only append are
 * committed as one statement per batch, and a bad row fails only its own command.
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
   * A command: one row appended, optionally amended (it is still held), one row written at once,
   * then it fails or not.
   */
  const command = (id: string, options: { amend?: boolean; fail?: boolean } = {}) =>
    db.transaction(async (trx) => {
      await db.append(trx, new Map([['gc_log', [{ id, v: 'new' }]]]));
      if (options.amend) expect(db.amend(trx, 'gc_log', id, { v: 'amended' })).toBe(true);
      await trx('gc_rows').insert({ id });
      db.afterCommit(trx, () => hooks.push(id));
      if (options.fail) throw new Error(`${id} fails`);
      return id;
    });

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
      command('b', { amend: true, fail: true }),
      command('c', { amend: true }),
    ]);
    first.release();
    await first.done;
    const [a, b, c] = await results;
    expect(a).toEqual({ status: 'fulfilled', value: 'a' });
    expect(b).toMatchObject({ status: 'rejected', reason: { message: 'b fails' } });
    expect(c).toEqual({ status: 'fulfilled', value: 'c' });
    expect(await table('gc_rows')).toEqual([{ id: 'a' }, { id: 'c' }]);
    expect(await table('gc_log')).toEqual([
      { id: 'a', v: 'new' },
      { id: 'c', v: 'amended' },
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

  it('a command reads the rows appended before it in its batch', async () => {
    const first = blocker();
    const results = Promise.all([
      command('p'),
      db.commitAppends(new Map([['gc_log', [{ id: 'q', v: 'appended' }]]])),
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
 * Group commit on every database: many concurrent commands, some only appending rows (committed
 * in batches without a transaction of their own on PostgreSQL), some failing at every position of
 * their batches: exactly the others are durable, answered after their commit, and their
 * after-commit callbacks run once.
 */
describe.each(await databaseKinds())('concurrent commands on %s', (kind) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Database;
  let other: Database;
  beforeEach(async () => {
    database = await freshDatabase(kind);
    db = await openDatabase(database.url);
    other = await openDatabase(database.url);
    await db.knex.schema.createTable('gc_rows', (t) => t.string('id').primary());
    await db.knex.schema.createTable('gc_log', (t) => {
      t.string('id').primary();
      t.string('v', 10).notNullable();
    });
  });
  afterEach(async () => {
    await other.close();
    await db.close();
    await database.drop();
  });

  /** Resolves to `id` once another connection sees its row: it was answered after the commit. */
  const visible = async (id: string) => {
    const row = await other.knex('gc_log').where({ id }).first();
    return row ? id : `${id} not visible`;
  };

  it('commit or roll back one by one, and are visible once answered', async () => {
    const hooks: string[] = [];
    const ids = Array.from({ length: 40 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    const failing = new Set(ids.filter((_, i) => i % 3 === 1));
    const appendOnly = new Set(ids.filter((_, i) => i % 4 === 0 && !failing.has(ids[i])));
    const results = await Promise.allSettled(
      ids.map(async (id) => {
        if (appendOnly.has(id)) await db.commitAppends(new Map([['gc_log', [{ id, v: 'new' }]]]));
        else
          await db.transaction(async (trx) => {
            await db.append(trx, new Map([['gc_log', [{ id, v: 'new' }]]]));
            await trx('gc_rows').insert({ id });
            db.afterCommit(trx, () => hooks.push(id));
            if (failing.has(id)) throw new Error(`${id} fails`);
          });
        return visible(id);
      }),
    );
    const committed = ids.filter((id) => !failing.has(id));
    expect(results).toEqual(
      ids.map((id) =>
        failing.has(id)
          ? { status: 'rejected', reason: new Error(`${id} fails`) }
          : { status: 'fulfilled', value: id },
      ),
    );
    expect((await db.knex('gc_log').orderBy('id').pluck('id')).sort()).toEqual(committed);
    expect((await db.knex('gc_rows').orderBy('id').pluck('id')).sort()).toEqual(
      committed.filter((id) => !appendOnly.has(id)),
    );
    expect([...hooks].sort()).toEqual(committed.filter((id) => !appendOnly.has(id)));
  });

  // sqlite keeps any length; PostgreSQL refuses a value longer than its column
  it('a row the database refuses fails only the command that appended it', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `a${String(i).padStart(2, '0')}`);
    // Every fifth value is longer than the column takes.
    const bad = (i: number) => kind === 'pg' && i % 5 === 2;
    const results = await Promise.allSettled(
      ids.map(async (id, i) => {
        await db.commitAppends(
          new Map([
            ['gc_log', [{ id, v: bad(i) ? 'far too long a value' : 'ok' }]],
            ['gc_rows', [{ id }]],
          ]),
        );
        return visible(id);
      }),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map((_, i) => (bad(i) ? 'rejected' : 'fulfilled')));
    const good = ids.filter((_, i) => !bad(i));
    expect(await db.knex('gc_log').orderBy('id').pluck('id')).toEqual(good);
    // all or nothing per command: no row of a failed command in any table
    expect(await db.knex('gc_rows').orderBy('id').pluck('id')).toEqual(good);
  });
});
