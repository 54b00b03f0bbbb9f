/**
 * Assembles the server: database, durable engine, job executor, REST API under /engine-rest,
 * socket.io on the same port, the web app's static files at /. `close()` shuts down gracefully:
 * no new requests, in-flight transactions finish, the executor stops, the database closes.
 */
import { existsSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { openDatabase, type Database } from './db/connection.ts';
import { createApi } from './api/index.ts';
import type { ApiContext } from './api/context.ts';
import { DurableEngine, type DurableEngineOptions } from './engine/durableEngine.ts';
import { ExternalTasks } from './engine/externalTasks.ts';
import { JobExecutor } from './engine/jobExecutor.ts';
import { attachLive, type LiveServer } from './live/index.ts';
import { log } from './log.ts';

export interface BatonServer extends ApiContext {
  db: Database;
  http: Server;
  app: express.Express;
  /** socket.io live feed (namespace /live). */
  live: LiveServer;
  /** Base URL once listening, e.g. http://127.0.0.1:3000 */
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions extends DurableEngineOptions {
  databaseUrl: string;
  port?: number;
  host?: string;
  /** Run the job executor (tests may drive it by hand). Default true. */
  executor?: boolean;
}

const WEB_APP = fileURLToPath(new URL('../../modeler/dist', import.meta.url));

export async function startServer(options: ServerOptions): Promise<BatonServer> {
  const db = await openDatabase(options.databaseUrl);
  const engine = await DurableEngine.create(db, options);
  const executor = new JobExecutor(engine);
  const externalTasks = new ExternalTasks(engine);
  const ctx: ApiContext = { engine, externalTasks, executor };

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info(
        { method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    next();
  });
  app.use('/engine-rest', createApi(ctx));
  if (existsSync(WEB_APP)) app.use(express.static(WEB_APP));
  else
    app.get(
      '/',
      (_req, res) =>
        void res
          .type('text/plain')
          .send('Baton is running. REST API: /engine-rest (the web app is not built yet).'),
    );

  const http = createHttpServer(app);
  const live = attachLive(http, engine);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  if (options.executor !== false) executor.start();
  let closing: Promise<void> | undefined;
  const server: BatonServer = {
    ...ctx,
    db,
    http,
    app,
    live,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close() {
      closing ??= (async () => {
        externalTasks.close(); // long polls answer now instead of holding the shutdown
        await live.close();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        await executor.stop();
        engine.scripts.dispose();
        await db.close();
      })();
      return closing;
    },
  };
  http.on('connection', (socket) => socket.setKeepAlive(true));
  return server;
}
