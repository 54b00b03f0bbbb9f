/**
 * Durability under SIGKILL: a child server process is driven over HTTP and killed at random
 * points, then restarted on the same database; every acknowledged write is still there and no
 * service handler's step committed twice (see crash/verify.ts for what exactly-once means here).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/connection.ts';
import { drive, startChild, type Acked, type Child } from './crash/driver.ts';
import { verify } from './crash/verify.ts';
import { databaseKinds, freshDatabase } from './support.ts';

const CYCLES = 5;
const CLIENTS = 6;
/** Each incarnation's clock runs this much ahead of the last: leases of the killed one have expired. */
const LEASE_SKIP_MS = 60_000;

for (const kind of await databaseKinds()) {
  describe(`crash recovery on ${kind}`, () => {
    it(`keeps acknowledged writes and commits no handler twice across ${CYCLES} SIGKILLs`, async () => {
      const database = await freshDatabase(kind);
      const dir = mkdtempSync(join(tmpdir(), 'baton-crash-'));
      const runsFile = join(dir, 'runs.jsonl');
      writeFileSync(runsFile, '');
      const acked: Acked = { starts: new Map(), completions: new Map(), open: [] };
      const db = await openDatabase(database.url);
      let running: Child | undefined;
      const boot = async (incarnation: number) =>
        (running = await startChild({
          DATABASE_URL: database.url,
          RUNS_FILE: runsFile,
          INCARNATION: String(incarnation),
          CLOCK_OFFSET_MS: String(incarnation * LEASE_SKIP_MS),
        }));
      try {
        for (let cycle = 0; cycle < CYCLES; cycle++) {
          const child = await boot(cycle);
          await verify(db.knex, acked, runsFile); // after the restart, before new load
          const clients = Array.from({ length: CLIENTS }, () => drive(child.url, acked));
          await new Promise((r) => setTimeout(r, 300 + Math.random() * 900));
          await child.kill();
          await Promise.all(clients);
          await verify(db.knex, acked, runsFile);
        }
        // A last incarnation finishes the handler jobs left behind; each commits exactly once.
        const child = await boot(CYCLES);
        const done = async () =>
          Number(
            (
              (await db
                .knex('instances')
                .whereIn('id', [...acked.completions.keys()])
                .where({ status: 'completed' })
                .count({ n: '*' })
                .first()) as { n: number | string }
            ).n,
          );
        const deadline = Date.now() + 15_000;
        while ((await done()) < acked.completions.size && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 100));
        await child.kill();
        expect(await done()).toBe(acked.completions.size);
        const committed = await verify(db.knex, acked, runsFile);
        const runs = readFileSync(runsFile, 'utf8').trim().split('\n').length;
        console.log(
          `${kind}: ${acked.starts.size} starts and ${acked.completions.size} completions acknowledged, ${runs} handler runs, ${committed} committed`,
        );
        expect(committed).toBeGreaterThanOrEqual(acked.completions.size);
        expect(acked.starts.size).toBeGreaterThan(CYCLES * 10);
        expect(acked.completions.size).toBeGreaterThan(CYCLES * 3);
      } finally {
        await running?.kill();
        await db.close();
        await database.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  });
}
