/**
 * Crash-test child: a Baton server on DATABASE_URL (port 0, printed as `READY <url>`) with an
 * in-process handler for the `charge` service task. Every handler run is appended to RUNS_FILE
 * (`{jobId, instanceId, run, incarnation}`) before the handler returns, and the run id is the
 * variable the handler's step commits (`chargeRun`), so the parent can tell which run committed.
 * CLOCK_OFFSET_MS moves the engine clock ahead: job leases of a killed incarnation have expired.
 */
import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { startServer } from '../../../server/src/app.ts';
import { CRASH_MODEL } from './model.ts';

const databaseUrl = process.env.DATABASE_URL;
const runsFile = process.env.RUNS_FILE;
if (!databaseUrl || !runsFile) throw new Error('DATABASE_URL and RUNS_FILE are required');
const incarnation = Number(process.env.INCARNATION ?? 0);
const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);

const server = await startServer({ databaseUrl, port: 0, executor: false, now: () => Date.now() + offset });
server.engine.registerHandler('charge', async (job) => {
  const run = `${incarnation}:${randomUUID()}`;
  appendFileSync(
    runsFile,
    `${JSON.stringify({ jobId: job.id, instanceId: job.instanceId, run, incarnation })}\n`,
  );
  await new Promise((r) => setTimeout(r, Math.random() * 10));
  return { variables: { chargeRun: run } };
});
// Named, so a restart finds the same deployment instead of deploying a new version.
await server.engine.deploy([{ name: 'crash.bpmn', xml: CRASH_MODEL }], {
  name: 'crash',
  duplicateFiltering: true,
});
server.executor.start();
process.stdout.write(`READY ${server.url}\n`);
// The parent holds our stdin open: when it goes away (even killed), so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
