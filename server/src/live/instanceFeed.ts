/**
 * The feed of one process instance. Its sequence is the instance's event `seq`: the snapshot is
 * the fold of the instance's events from the events table up to some `seq`, and each committed
 * step continues it exactly (`from` = last + 1). A step that does not continue it (a commit seen
 * out of order) makes the feed catch up from the events table instead, so nothing is skipped.
 */
import type { Knex } from 'knex';
import {
  applyLiveEvent,
  BatonError,
  emptyInstanceSnapshot,
  type EngineEvent,
  type LiveBatch,
  type LiveEvent,
  type LiveInstanceSnapshot,
} from '@baton/engine';
import { Feed, type FeedSink, type SeenStep } from './feed.ts';
import { toLiveEvents, type TranslateContext } from './translate.ts';

/** The feed of `instance:<id>` subscriptions (see the module comment). */
export class InstanceFeed extends Feed<LiveInstanceSnapshot> {
  readonly snapshot: LiveInstanceSnapshot;

  constructor(
    private readonly knex: Knex,
    readonly instanceId: string,
    sink: FeedSink,
  ) {
    super(`instance:${instanceId}`, sink);
    this.snapshot = emptyInstanceSnapshot(instanceId, '');
  }

  protected async load(): Promise<void> {
    const row = (await this.knex('instances').where({ id: this.instanceId }).first('definition_id')) as
      { definition_id: string } | undefined;
    if (!row) throw new BatonError('NOT_FOUND', `No process instance '${this.instanceId}'`);
    this.snapshot.definitionId = row.definition_id;
    await this.catchUp(false);
  }

  /** Folds the events after the snapshot's `seq` from the events table, then the buffered steps. */
  private async catchUp(broadcast: boolean, trigger?: SeenStep): Promise<void> {
    const from = this.snapshot.seq + 1;
    const events = await readEvents(this.knex, this.instanceId, this.snapshot.seq);
    const live = foldEvents(this.snapshot, events);
    if (broadcast && events.length > 0) this.emit(this.batch(from, 0, live));
    // The step that showed the gap still does not fit: its events are not in the table (deleted).
    this.drain((seen) => seen === trigger && seen.step.events[0].seq !== this.snapshot.seq + 1);
  }

  protected fold({ step, committedAt }: SeenStep): LiveBatch | null {
    const { events } = step;
    if (events.length === 0) return null;
    const from = events[0].seq;
    const last = events[events.length - 1].seq;
    if (last <= this.snapshot.seq) return null; // already read from the events table
    if (from !== this.snapshot.seq + 1) {
      // A commit seen before an earlier one: read the missing events instead.
      const seen = { step, committedAt };
      this.reading(() => this.catchUp(true, seen)).catch(() => undefined);
      this.onStep(seen);
      return null;
    }
    return this.batch(from, committedAt, foldEvents(this.snapshot, events));
  }

  private batch(from: number, committedAt: number, events: LiveEvent[]): LiveBatch {
    return {
      subscription: this.subscription,
      instanceId: this.instanceId,
      definitionId: this.snapshot.definitionId,
      from,
      seq: this.snapshot.seq,
      committedAt,
      events,
    };
  }
}

/** Translates and folds engine events into an instance snapshot (which answers the task and
 * incident questions of the translation), advancing its `seq`; returns the live events. */
export function foldEvents(snapshot: LiveInstanceSnapshot, events: readonly EngineEvent[]): LiveEvent[] {
  const ctx: TranslateContext = {
    isOpenTask: (taskId) => taskId in snapshot.tasks,
    incidentElement: (id) => snapshot.incidents[id]?.elementId,
  };
  const out: LiveEvent[] = [];
  for (const event of events) {
    for (const live of toLiveEvents(event, ctx)) {
      applyLiveEvent(snapshot, live);
      out.push(live);
    }
    snapshot.seq = event.seq;
  }
  return out;
}

/** The instance's events after `afterSeq` (up to `untilSeq`), in order, from the events table. */
export async function readEvents(
  knex: Knex,
  instanceId: string,
  afterSeq: number,
  untilSeq?: number,
): Promise<EngineEvent[]> {
  let query = knex('events').where({ instance_id: instanceId }).andWhere('seq', '>', afterSeq);
  if (untilSeq !== undefined) query = query.andWhere('seq', '<=', untilSeq);
  const rows = (await query.orderBy('seq').select('payload')) as { payload: string }[];
  return rows.map((r) => JSON.parse(r.payload) as EngineEvent);
}
