/**
 * WAL checkpoints off the commit path. sqlite's automatic checkpoint runs inside the COMMIT that
 * crosses the threshold: that commit copies the WAL into the database file and syncs it, and with
 * group commit every caller of its batch waits (10-25 ms spikes, the latency tail). Instead a
 * second connection checkpoints in the background (PASSIVE: it never blocks the writer); the
 * writer's automatic checkpoint stays as a backstop at a much larger WAL.
 */
import sqlite3 from 'sqlite3';

const INTERVAL_MS = 250;
/** Pages in the WAL before the writer checkpoints by itself (the background one fell behind). */
export const BACKSTOP_PAGES = 20_000;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(path: string): Checkpointer {
  const conn = new sqlite3.Database(path);
  conn.run('PRAGMA busy_timeout = 5000');
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    conn.run('PRAGMA wal_checkpoint(PASSIVE)', () => (running = false));
  }, INTERVAL_MS);
  timer.unref();
  return {
    stop: () =>
      new Promise((resolve) => {
        clearInterval(timer);
        conn.close(() => resolve());
      }),
  };
}
