/**
 * Routes committed steps to the feeds that follow them. Feeds exist only while sockets subscribe
 * to them: the first subscriber creates (and loads) one, the last one leaving drops it. With no
 * feed at all a commit costs two map lookups.
 */
import type { LiveSubscribeRequest } from '@baton/engine';
import type { CommittedStep, DurableEngine } from '../engine/durableEngine.ts';
import { DefinitionFeed } from './definitionFeed.ts';
import type { Feed, FeedSink } from './feed.ts';
import { InstanceFeed } from './instanceFeed.ts';

/** Subscription name of a request: `instance:<id>` or `definition:<id>`. */
export function subscriptionName(request: LiveSubscribeRequest): string {
  return 'instanceId' in request ? `instance:${request.instanceId}` : `definition:${request.definitionId}`;
}

/** Wall clock with sub-millisecond resolution (comparable across processes on one machine). */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The feeds of one server process, fed from `engine.bus` 'committed'. */
export class LiveHub {
  private readonly feeds = new Map<string, Feed>();
  private readonly listener = (step: CommittedStep) => this.onCommitted(step);

  constructor(
    readonly engine: DurableEngine,
    private readonly sink: FeedSink,
  ) {
    engine.bus.on('committed', this.listener);
  }

  /** The feed for a request (created and started on first use), with one more member. */
  acquire(request: LiveSubscribeRequest): Feed {
    const name = subscriptionName(request);
    let feed = this.feeds.get(name);
    if (!feed) {
      const sink: FeedSink = {
        batch: (subscription, batch) => this.sink.batch(subscription, batch),
        failed: (failed) => {
          if (this.feeds.get(failed.subscription) === failed) this.feeds.delete(failed.subscription);
          this.sink.failed(failed);
        },
      };
      feed =
        'instanceId' in request
          ? new InstanceFeed(this.engine.knex, request.instanceId, sink)
          : new DefinitionFeed(this.engine.db, request.definitionId, sink);
      this.feeds.set(name, feed);
      // Started synchronously after registration: every later commit reaches its buffer.
      feed.start().catch(() => undefined);
    }
    feed.members++;
    return feed;
  }

  /** One member fewer; the feed is dropped with its last member. */
  release(feed: Feed): void {
    feed.members--;
    if (feed.members <= 0 && this.feeds.get(feed.subscription) === feed) this.feeds.delete(feed.subscription);
  }

  /** Number of feeds (tests, metrics). */
  get size(): number {
    return this.feeds.size;
  }

  close(): void {
    this.engine.bus.off('committed', this.listener);
    this.feeds.clear();
  }

  private onCommitted(step: CommittedStep): void {
    if (this.feeds.size === 0) return;
    const instanceFeed = this.feeds.get(`instance:${step.instanceId}`);
    const definitionFeed = this.feeds.get(`definition:${step.definitionId}`);
    if (!instanceFeed && !definitionFeed) return;
    const seen = { step, committedAt: preciseNow() };
    instanceFeed?.onStep(seen);
    definitionFeed?.onStep(seen);
  }
}
