/**
 * One socket's subscriptions: `subscribe` answers with a snapshot (or, for an instance with
 * `since`, the missed events from the events table) and joins the subscription's room in the same
 * tick, so the socket gets every later batch exactly once; `unsubscribe` and disconnecting leave.
 */
import type { Socket } from 'socket.io';
import {
  BatonError,
  emptyInstanceSnapshot,
  type LiveClientEvents,
  type LiveServerEvents,
  type LiveSubscribeReply,
  type LiveSubscribeRequest,
} from '@baton/engine';
import type { Feed } from './feed.ts';
import { subscriptionName, type LiveHub } from './hub.ts';
import { foldEvents, InstanceFeed, readEvents } from './instanceFeed.ts';

/** A socket of the live namespace. */
export type LiveSocket = Socket<LiveClientEvents, LiveServerEvents>;

const MAX_SUBSCRIPTIONS = 1000;

/** Serves one socket until it disconnects. */
export function serveSocket(socket: LiveSocket, hub: LiveHub): void {
  const subscriptions = new Map<string, Feed>();

  const leave = (name: string) => {
    const feed = subscriptions.get(name);
    if (!feed) return false;
    subscriptions.delete(name);
    void socket.leave(name);
    hub.release(feed);
    return true;
  };

  socket.on('subscribe', (request, ack) => {
    if (typeof ack !== 'function') return;
    subscribe(request, ack).catch((error: unknown) => ack(failure(error)));
  });
  socket.on('unsubscribe', (request, ack) => {
    const done = typeof request?.subscription === 'string' && leave(request.subscription);
    if (typeof ack === 'function') ack({ ok: done });
  });
  socket.on('disconnect', () => {
    for (const name of [...subscriptions.keys()]) leave(name);
  });

  /** Answers through `ack` itself: the ack, queued batches and joining the room happen in one tick. */
  async function subscribe(raw: unknown, ack: (reply: LiveSubscribeReply) => void): Promise<void> {
    const request = validate(raw);
    const name = subscriptionName(request);
    if (subscriptions.get(name)?.failed) leave(name);
    let feed = subscriptions.get(name);
    if (!feed) {
      if (subscriptions.size >= MAX_SUBSCRIPTIONS)
        throw new BatonError('INVALID_STATE', `At most ${MAX_SUBSCRIPTIONS} subscriptions per connection`);
      feed = hub.acquire(request);
      subscriptions.set(name, feed);
    }
    try {
      await feed.ready;
    } catch (error) {
      if (subscriptions.get(name) === feed) leave(name);
      throw error;
    }
    if (feed.failed) {
      leave(name);
      throw new BatonError('INVALID_STATE', `The server stopped following ${name}; subscribe again`);
    }
    const current = () => socket.connected && subscriptions.get(name) === feed;
    if (!current()) throw new BatonError('INVALID_STATE', `Unsubscribed from ${name} meanwhile`);
    const since = 'since' in request ? request.since : undefined;
    if (since === undefined || !(feed instanceof InstanceFeed) || since > feed.snapshot.seq) {
      ack({ ok: true, subscription: name, mode: 'snapshot', snapshot: structuredClone(feed.snapshot) });
      void socket.join(name);
      return;
    }
    // Replay: the events after `since` up to the feed's position; batches after it are queued.
    void socket.leave(name);
    const upTo = feed.snapshot.seq;
    const queue = feed.queue();
    try {
      const scratch = emptyInstanceSnapshot(feed.instanceId, feed.snapshot.definitionId);
      const events = foldEvents(scratch, await readEvents(hub.engine.knex, feed.instanceId, 0, upTo));
      if (!current()) throw new BatonError('INVALID_STATE', `Unsubscribed from ${name} meanwhile`);
      queue.close();
      ack({
        ok: true,
        subscription: name,
        mode: 'replay',
        batch: {
          subscription: name,
          instanceId: feed.instanceId,
          definitionId: feed.snapshot.definitionId,
          from: since + 1,
          seq: upTo,
          committedAt: 0,
          events: events.filter((e) => e.seq > since),
        },
      });
      for (const batch of queue.batches) socket.emit('batch', batch);
      void socket.join(name);
    } finally {
      queue.close();
    }
  }
}

function validate(raw: unknown): LiveSubscribeRequest {
  const r = (raw ?? {}) as Record<string, unknown>;
  const id = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 200;
  if (id(r.instanceId) && r.definitionId === undefined) {
    if (r.since !== undefined && !(Number.isInteger(r.since) && (r.since as number) >= 0))
      throw new BatonError('INVALID_ARGUMENT', "'since' must be a whole number >= 0");
    return r.since === undefined
      ? { instanceId: r.instanceId as string }
      : { instanceId: r.instanceId as string, since: r.since as number };
  }
  if (id(r.definitionId) && r.instanceId === undefined) return { definitionId: r.definitionId as string };
  throw new BatonError('INVALID_ARGUMENT', "subscribe needs exactly one of 'instanceId' or 'definitionId'");
}

const TYPES: Partial<Record<string, string>> = {
  NOT_FOUND: 'NotFoundException',
  INVALID_ARGUMENT: 'InvalidRequestException',
  INVALID_STATE: 'BadUserRequestException',
};

function failure(error: unknown): LiveSubscribeReply {
  const message = error instanceof Error ? error.message : String(error);
  const type = (error instanceof BatonError && TYPES[error.code]) || 'ProcessEngineException';
  return { ok: false, error: { type, message } };
}
