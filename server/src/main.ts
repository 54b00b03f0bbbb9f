/** `npm start`: the Baton server on PORT with DATABASE_URL (default ./data/baton.sqlite). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './app.ts';
import { loadConfig } from './config.ts';
import { log } from './log.ts';

const config = loadConfig();
const server = await startServer({
  databaseUrl: config.databaseUrl,
  port: config.port,
  host: process.env.HOST ?? '0.0.0.0',
});
log.info(
  { url: `http://localhost:${config.port}`, database: config.databaseUrl.replace(/\/\/[^@]*@/, '//***@') },
  'Baton is ready',
);

if (config.deployExamples) {
  const root = fileURLToPath(new URL('../../examples/', import.meta.url));
  for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const files = readdirSync(join(root, dir.name)).filter((f) => f.endsWith('.bpmn'));
    if (files.length === 0) continue;
    const deployment = await server.engine.deploy(
      files.map((f) => ({ name: f, xml: readFileSync(join(root, dir.name, f), 'utf8') })),
      { name: dir.name, source: 'examples', duplicateFiltering: true },
    );
    log.info(
      { example: dir.name, definitions: deployment.definitions.map((d) => `${d.key}:${d.version}`) },
      'example deployed',
    );
  }
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
