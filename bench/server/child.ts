/**
 * The server under benchmark, in its own process (so the load generator does not share its event
 * loop): a Baton server on DATABASE_URL, port 0, the benchmark models deployed; prints `READY <url>`.
 */
import { startServer } from '../../server/src/app.ts';
import { MODELS } from './models.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const server = await startServer({ databaseUrl, port: 0 });
await server.engine.deploy(
  Object.entries(MODELS).map(([name, xml]) => ({ name: `${name.toLowerCase()}.bpmn`, xml })),
  { name: 'bench' },
);
process.stdout.write(`READY ${server.url}\n`);
// The parent holds our stdin open: when it goes away (even killed), so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void server.close().then(() => process.exit(0)));
