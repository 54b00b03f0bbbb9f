/**
 * Prepared statements reused per sqlite connection. knex runs every query through node-sqlite3's
 * `Database#run` / `#all`, which prepare a fresh statement each time: one trip through libuv's
 * thread pool to prepare and one to run. On a busy event loop each trip waits its turn, and the
 * single writer connection waits with it. Keeping the prepared statements (keyed by SQL text, knex
 * binds values as parameters) halves the trips for every statement the server repeats.
 */
import type { Database, RunResult, Statement } from 'sqlite3';

/** Statements kept per connection; the least recently used one is finalized beyond that. */
const CAPACITY = 256;

type Callback = (this: RunResult, err: Error | null, rows?: unknown[]) => void;

/** Makes `conn.run` and `conn.all` reuse prepared statements, and `conn.close` finalize them first. */
export function reusePreparedStatements(conn: Database): void {
  const cache = new Map<string, Promise<Statement>>();

  const prepared = (sql: string): Promise<Statement> => {
    let statement = cache.get(sql);
    if (statement) {
      cache.delete(sql); // re-inserted below: Map order is the recency order
    } else {
      statement = new Promise<Statement>((resolve, reject) => {
        const s = conn.prepare(sql, (err) => (err ? reject(err) : resolve(s)));
      });
      statement.catch(() => cache.delete(sql));
      if (cache.size >= CAPACITY) {
        const [oldest, evicted] = cache.entries().next().value as [string, Promise<Statement>];
        cache.delete(oldest);
        // Queued behind any call still running on it (node-sqlite3 orders calls per statement).
        evicted.then(
          (s) => s.finalize(),
          () => undefined,
        );
      }
    }
    cache.set(sql, statement);
    return statement;
  };

  const call = (method: 'run' | 'all') =>
    function (this: Database, sql: string, params: unknown, callback: Callback): Database {
      prepared(sql).then(
        (s) => void s[method](params ?? [], callback),
        (err: Error) => callback.call(undefined as unknown as RunResult, err),
      );
      return this;
    };
  // knex calls exactly `run(sql, bindings, callback)` and `all(sql, bindings, callback)`.
  conn.run = call('run') as unknown as Database['run'];
  conn.all = call('all') as unknown as Database['all'];

  const close = conn.close.bind(conn);
  conn.close = (callback?: (err: Error | null) => void) => {
    const open = [...cache.values()];
    cache.clear();
    void Promise.allSettled(
      open.map((p) => p.then((s) => new Promise((r) => s.finalize(() => r(null))))),
    ).then(() => close(callback));
  };
}
