/**
 * The feed of all instances of one definition: live element instances, open incidents and open
 * user tasks per element id. The snapshot is read in one consistent database snapshot (repeatable
 * read on PostgreSQL; sqlite's single connection is exclusive anyway) from the projections that
 * commit with every step; steps seen meanwhile are folded in only if that read did not include
 * them, judged by each instance's last event `seq` in the same database snapshot.
 */
import type { Knex } from 'knex';
import {
  applyLiveEvent,
  BatonError,
  emptyDefinitionSnapshot,
  type LiveBatch,
  type LiveDefinitionSnapshot,
  type LiveEvent,
} from '@baton/engine';
import type { Database } from '../db/connection.ts';
import { Feed, type FeedSink, type SeenStep } from './feed.ts';
import { toLiveEvents, type TranslateContext } from './translate.ts';

/** The feed of `definition:<id>` subscriptions (see the module comment). */
export class DefinitionFeed extends Feed<LiveDefinitionSnapshot> {
  readonly snapshot: LiveDefinitionSnapshot;
  /** Open incidents of the definition's instances: id -> element id. */
  private readonly incidents = new Map<string, string>();
  /** Open user tasks of the definition's instances (task ids). */
  private readonly tasks = new Set<string>();
  private readonly ctx: TranslateContext = {
    isOpenTask: (taskId) => this.tasks.has(taskId),
    incidentElement: (id) => this.incidents.get(id),
  };

  constructor(
    private readonly db: Database,
    readonly definitionId: string,
    sink: FeedSink,
  ) {
    super(`definition:${definitionId}`, sink);
    this.snapshot = emptyDefinitionSnapshot(definitionId);
  }

  protected async load(): Promise<void> {
    const options = this.db.dialect === 'pg' ? { isolationLevel: 'repeatable read' as const } : {};
    const trx = await this.db.knex.transaction(options);
    try {
      await this.read(trx);
      // Steps seen so far: already in what was read up to the instance's seq at that moment.
      const seen = new Map<string, number>();
      for (;;) {
        const unknown = [...new Set(this.buffered().map((s) => s.step.instanceId))].filter(
          (id) => !seen.has(id),
        );
        if (unknown.length === 0) break;
        for (const id of unknown) seen.set(id, 0);
        for (let i = 0; i < unknown.length; i += 500) {
          const rows = (await trx('events')
            .whereIn('instance_id', unknown.slice(i, i + 500))
            .groupBy('instance_id')
            .select('instance_id')
            .max({ seq: 'seq' })) as { instance_id: string; seq: number | string }[];
          for (const row of rows) seen.set(row.instance_id, Number(row.seq));
        }
      }
      this.drain(({ step }) => step.events.length > 0 && step.events[0].seq <= seen.get(step.instanceId)!);
    } finally {
      await trx.rollback().catch(() => undefined);
    }
  }

  private async read(trx: Knex.Transaction): Promise<void> {
    const def = (await trx('definitions').where({ id: this.definitionId }).first('id')) as unknown;
    if (!def) throw new BatonError('NOT_FOUND', `No process definition '${this.definitionId}'`);
    const active = (await trx('hist_activities as h')
      .join('instances as i', 'i.id', 'h.instance_id')
      .where({ 'i.definition_id': this.definitionId, 'i.status': 'active' })
      .whereNull('h.ended_at')
      .groupBy('h.element_id')
      .select('h.element_id as element_id')
      .count({ n: '*' })) as { element_id: string; n: number | string }[];
    for (const row of active) this.snapshot.active[row.element_id] = Number(row.n);
    const incidents = (await trx('incidents')
      .where({ definition_id: this.definitionId, open: true })
      .select('id', 'element_id')) as { id: string; element_id: string }[];
    for (const row of incidents) {
      this.incidents.set(row.id, row.element_id);
      this.snapshot.incidents[row.element_id] = (this.snapshot.incidents[row.element_id] ?? 0) + 1;
    }
    const tasks = (await trx('tasks')
      .where({ definition_id: this.definitionId })
      .select('id', 'element_id')) as { id: string; element_id: string }[];
    for (const row of tasks) {
      this.tasks.add(row.id);
      this.snapshot.tasks[row.element_id] = (this.snapshot.tasks[row.element_id] ?? 0) + 1;
    }
  }

  protected fold({ step, committedAt }: SeenStep): LiveBatch | null {
    const events: LiveEvent[] = [];
    for (const event of step.events) {
      for (const live of toLiveEvents(event, this.ctx)) {
        this.track(live);
        applyLiveEvent(this.snapshot, live);
        events.push(live);
      }
    }
    if (events.length === 0) return null;
    const seq = ++this.snapshot.seq;
    return {
      subscription: this.subscription,
      instanceId: step.instanceId,
      definitionId: this.definitionId,
      from: seq,
      seq,
      committedAt,
      events,
    };
  }

  private track(live: LiveEvent): void {
    if (live.type === 'incident.raised') this.incidents.set(live.incident.id, live.incident.elementId);
    else if (live.type === 'incident.resolved') this.incidents.delete(live.incidentId);
    else if (live.type === 'task.created') this.tasks.add(live.task.id);
    else if (live.type === 'task.completed' || live.type === 'task.canceled') this.tasks.delete(live.taskId);
  }
}
