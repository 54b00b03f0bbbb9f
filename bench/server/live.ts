/**
 * Commit-to-websocket delay: `clients` socket.io clients are connected to the live feed while
 * commits happen at a steady rate; each batch carries the server time its commit was observed
 * (`committedAt`), each client notes when the batch arrived. Two layouts: every client watches the
 * same definition (each commit fans out to all), or each client watches its own instance.
 */
import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type LiveClientEvents,
  type LiveServerEvents,
  type LiveSubscribeReply,
  type LiveSubscribeRequest,
} from '../../engine/src/index.ts';
import type { HttpClient } from './http.ts';
import { percentiles } from './load.ts';

type LiveSocket = Socket<LiveServerEvents, LiveClientEvents>;

/** Commit-to-delivery delays of one layout (ms). */
export interface DeliveryResult {
  layout: string;
  clients: number;
  commitsPerSecond: number;
  deliveries: number;
  /** Deliveries expected (commits x subscribers); must equal `deliveries`. */
  expected: number;
  p50: number;
  p99: number;
}

const now = () => performance.timeOrigin + performance.now();

async function connect(url: string, delays: number[], counting: () => boolean): Promise<LiveSocket> {
  const socket: LiveSocket = io(`${url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  socket.on('batch', (batch) => {
    if (counting() && batch.committedAt > 0) delays.push(now() - batch.committedAt);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function subscribe(socket: LiveSocket, request: LiveSubscribeRequest): Promise<void> {
  const reply: LiveSubscribeReply = await socket.timeout(30_000).emitWithAck('subscribe', request);
  if (!reply.ok) throw new Error(`subscribe failed: ${reply.error.message}`);
}

/** Runs `commit` `rate` times a second for `seconds`, one after another on a fixed schedule. */
async function steady(rate: number, seconds: number, commit: (i: number) => Promise<void>): Promise<number> {
  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(commit(i));
  }
  await Promise.all(pending);
  return total;
}

async function settle(ms = 500): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** All clients subscribe to the `usertask` definition; each started instance is one batch to each. */
export async function fanOut(
  url: string,
  http: HttpClient,
  clients: number,
  rate: number,
  seconds: number,
): Promise<DeliveryResult> {
  const delays: number[] = [];
  let counting = false;
  const sockets = await Promise.all(
    Array.from({ length: clients }, () => connect(url, delays, () => counting)),
  );
  try {
    const def = (await http.call<{ id: string }>('GET', '/process-definition/key/usertask')).body;
    await Promise.all(sockets.map((s) => subscribe(s, { definitionId: def.id })));
    counting = true;
    const commits = await steady(
      rate,
      seconds,
      async () => void (await http.call('POST', '/process-definition/key/usertask/start', {})),
    );
    await settle();
    counting = false;
    return {
      layout: 'one definition',
      clients,
      commitsPerSecond: rate,
      deliveries: delays.length,
      expected: commits * clients,
      ...percentiles(delays),
    };
  } finally {
    for (const s of sockets) s.disconnect();
  }
}

/** Each client subscribes to its own waiting instance; completing its task is one batch to it. */
export async function ownInstance(
  url: string,
  http: HttpClient,
  clients: number,
  rate: number,
): Promise<DeliveryResult> {
  const delays: number[] = [];
  let counting = false;
  const sockets = await Promise.all(
    Array.from({ length: clients }, () => connect(url, delays, () => counting)),
  );
  try {
    const tasks: string[] = [];
    for (let i = 0; i < clients; i++) {
      const instance = (await http.call<{ id: string }>('POST', '/process-definition/key/usertask/start', {}))
        .body;
      await subscribe(sockets[i], { instanceId: instance.id });
      const [task] = (await http.call<{ id: string }[]>('GET', `/task?processInstanceId=${instance.id}`))
        .body;
      tasks.push(task.id);
    }
    counting = true;
    const commits = await steady(
      rate,
      clients / rate,
      async (i) => void (await http.call('POST', `/task/${tasks[i]}/complete`, {})),
    );
    await settle();
    counting = false;
    return {
      layout: 'own instance',
      clients,
      commitsPerSecond: rate,
      deliveries: delays.length,
      expected: commits,
      ...percentiles(delays),
    };
  } finally {
    for (const s of sockets) s.disconnect();
  }
}
