/**
 * Live token positions over socket.io on the server's HTTP port (namespace `/live`, message types
 * in `@baton/engine`'s protocol/live.ts): clients subscribe to one instance or to all instances of
 * one definition and get a snapshot, then one batch per committed step, only after the commit.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { LIVE_NAMESPACE, type LiveClientEvents, type LiveServerEvents } from '@baton/engine';
import type { DurableEngine } from '../engine/durableEngine.ts';
import { LiveHub } from './hub.ts';
import { serveSocket } from './session.ts';

/** The socket.io server, typed with the live message maps. */
export type LiveIo = Server<LiveClientEvents, LiveServerEvents>;

/** The live feed attached to the HTTP server (BatonServer.live). */
export interface LiveServer {
  io: LiveIo;
  hub: LiveHub;
  /** Disconnects every socket (before the HTTP server closes, which waits for them). */
  close(): Promise<void>;
}

/** Attaches socket.io to `http` and feeds it from the engine's commits. */
export function attachLive(http: HttpServer, engine: DurableEngine): LiveServer {
  const io: LiveIo = new Server(http, { serveClient: false });
  const live = io.of(LIVE_NAMESPACE);
  const hub = new LiveHub(engine, {
    batch: (subscription, batch) => live.to(subscription).emit('batch', batch),
    failed: (feed) => {
      const message = feed.failed instanceof Error ? feed.failed.message : String(feed.failed);
      live.to(feed.subscription).emit('lost', { subscription: feed.subscription, message });
      live.in(feed.subscription).socketsLeave(feed.subscription);
    },
  });
  let closing = false;
  live.use((_socket, next) => next(closing ? new Error('server shutting down') : undefined));
  live.on('connection', (socket) => serveSocket(socket, hub));
  return {
    io,
    hub,
    async close() {
      closing = true;
      hub.close();
      live.disconnectSockets(true);
      io.engine.close();
    },
  };
}
