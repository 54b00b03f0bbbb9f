/**
 * A socket.io client of the live feed for tests and the benchmark: subscribes, keeps every batch it
 * receives and folds them into its snapshots with the shared `applyLiveBatch`, recording any gap.
 */
import { io, type Socket } from 'socket.io-client';
import {
  applyLiveBatch,
  emptyInstanceSnapshot,
  LIVE_NAMESPACE,
  type LiveBatch,
  type LiveClientEvents,
  type LiveServerEvents,
  type LiveSnapshot,
  type LiveSubscribeReply,
  type LiveSubscribeRequest,
} from '../../engine/src/index.ts';

/** One socket.io connection to the live namespace. */
export class LiveClient {
  readonly batches: LiveBatch[] = [];
  /** Folded state per subscription. */
  readonly snapshots = new Map<string, LiveSnapshot>();
  /** Batches that did not continue their subscription (must stay empty). */
  readonly gaps: LiveBatch[] = [];
  readonly duplicates: LiveBatch[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket<LiveServerEvents, LiveClientEvents>) {
    socket.on('batch', (batch) => {
      this.batches.push(batch);
      const snapshot = this.snapshots.get(batch.subscription);
      if (snapshot) {
        const result = applyLiveBatch(snapshot, batch);
        if (result === 'gap') this.gaps.push(batch);
        if (result === 'duplicate') this.duplicates.push(batch);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(url: string): Promise<LiveClient> {
    const socket: Socket<LiveServerEvents, LiveClientEvents> = io(`${url}${LIVE_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return new LiveClient(socket);
  }

  /**
   * Subscribes; a snapshot reply becomes the subscription's folded state, a replay is applied to it.
   * Done in the ack callback itself: batches may follow the ack in the same frame, before an
   * awaited `emitWithAck` would resume.
   */
  subscribe(request: LiveSubscribeRequest): Promise<LiveSubscribeReply> {
    return new Promise((resolve, reject) => {
      this.socket
        .timeout(10_000)
        .emit('subscribe', request, (error: Error | null, reply: LiveSubscribeReply) => {
          if (error) return reject(error);
          if (reply.ok && reply.mode === 'snapshot') this.snapshots.set(reply.subscription, reply.snapshot);
          if (reply.ok && reply.mode === 'replay') {
            const { subscription, instanceId, definitionId } = reply.batch;
            if (!this.snapshots.has(subscription))
              this.snapshots.set(subscription, emptyInstanceSnapshot(instanceId, definitionId));
            if (applyLiveBatch(this.snapshots.get(subscription)!, reply.batch) === 'gap')
              this.gaps.push(reply.batch);
          }
          resolve(reply);
        });
    });
  }

  /** Resolves once `done()` holds after some batch (or right away), rejects after `ms`. */
  async until(done: () => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for live batches');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.disconnect();
  }
}
