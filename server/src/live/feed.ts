/**
 * A feed follows one subscription target (an instance or a definition) for all sockets subscribed
 * to it. It keeps the live snapshot up to date from committed steps; while it reads the database
 * (first load, catching up after a gap) it buffers steps and replays them afterwards, so every
 * commit is folded in exactly once and in order.
 */
import { BatonError, type LiveBatch, type LiveSnapshot } from '@baton/engine';
import type { CommittedStep } from '../engine/durableEngine.ts';
import { log } from '../log.ts';

/** Where a feed's output goes: batches to the socket.io room named after the subscription. */
export interface FeedSink {
  batch(subscription: string, batch: LiveBatch): void;
  /** The feed could not read the database and stopped; its sockets must subscribe again. */
  failed(feed: Feed): void;
}

/** A committed step and when this process saw the commit. */
export interface SeenStep {
  step: CommittedStep;
  committedAt: number;
}

/** What instance and definition feeds share: members, buffering while reading, emitting. */
export abstract class Feed<S extends LiveSnapshot = LiveSnapshot> {
  abstract readonly snapshot: S;
  /** Sockets subscribed (joined or joining). */
  members = 0;
  /** Set when the feed could not read the database: its sockets must subscribe again. */
  failed: unknown;
  /** Steps seen while the database is read; null when live. Buffering starts at construction. */
  private buffer: SeenStep[] | null = [];
  /** Batches for sockets that wait for a replay before joining the room. */
  private readonly queues = new Set<LiveBatch[]>();
  /** Settles when the first load is done (rejects when it failed); set by `start`. */
  ready: Promise<void> = Promise.resolve();

  constructor(
    readonly subscription: string,
    private readonly sink: FeedSink,
  ) {}

  /** Loads the snapshot. Call right after construction, before any await, so no commit is missed. */
  start(): Promise<void> {
    this.ready = this.reading(() => this.load());
    return this.ready;
  }

  /** Reads the snapshot from the database and drains the buffer (see `reading`). */
  protected abstract load(): Promise<void>;

  /** A committed step of the followed instance or definition. */
  onStep(seen: SeenStep): void {
    if (this.buffer) {
      this.buffer.push(seen);
      return;
    }
    if (this.failed) return;
    const batch = this.fold(seen);
    if (batch) this.emit(batch);
  }

  /** Collects the batches emitted from now on, for a socket that joins after an async replay. */
  queue(): { batches: LiveBatch[]; close(): void } {
    const batches: LiveBatch[] = [];
    this.queues.add(batches);
    return { batches, close: () => void this.queues.delete(batches) };
  }

  /** Folds a step into the snapshot; returns its batch, or null (nothing to send, or buffered). */
  protected abstract fold(seen: SeenStep): LiveBatch | null;

  protected emit(batch: LiveBatch): void {
    this.sink.batch(this.subscription, batch);
    for (const q of this.queues) q.push(batch);
  }

  /**
   * Buffers steps while `read` runs, then folds the buffered ones. `read` must finish with the
   * database reads it needs and then call `drain` itself (synchronously after its last read), so
   * that buffered steps are judged against exactly what it read.
   */
  protected reading(read: () => Promise<void>): Promise<void> {
    this.buffer ??= [];
    return read().catch((error: unknown) => {
      this.failed = error;
      this.buffer = null;
      // An unknown instance or definition is the subscriber's mistake, anything else the server's.
      if (error instanceof BatonError)
        log.debug({ err: error, subscription: this.subscription }, 'live feed refused');
      else log.warn({ err: error, subscription: this.subscription }, 'live feed failed');
      this.sink.failed(this);
      throw error;
    });
  }

  /** Ends buffering: folds the buffered steps (those the read already saw are skipped by `fold`). */
  protected drain(skip?: (seen: SeenStep) => boolean): void {
    const buffered = this.buffer ?? [];
    this.buffer = null;
    for (const seen of buffered) if (!skip?.(seen)) this.onStep(seen);
  }

  /** The steps buffered so far (the read may need to look at them before draining). */
  protected buffered(): readonly SeenStep[] {
    return this.buffer ?? [];
  }
}
