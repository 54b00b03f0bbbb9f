/**
 * Deleting a deployment in one transaction: its definitions, their start events and timer-start
 * jobs, and with `cascade` their instances (and the instances those called, transitively) with
 * every projection, event and job. Without cascade, running instances make it a conflict; ended
 * ones stay as history. When a key loses its latest version, the previous version's start events
 * are registered again.
 */
import type { Knex } from 'knex';
import { BatonError } from '@baton/engine';
import type { DurableEngine } from './durableEngine.ts';
import { registerStartEvents } from './startEvents.ts';

/** Tables whose rows belong to one instance (`instance_id`). */
const INSTANCE_TABLES = [
  'events',
  'jobs',
  'tasks',
  'hist_tasks',
  'subscriptions',
  'incidents',
  'hist_activities',
  'hist_variables',
];
/** Stay below sqlite's bound-parameter limit. */
const CHUNK = 500;

export async function deleteDeployment(engine: DurableEngine, id: string, cascade: boolean): Promise<void> {
  const deleted = await engine.db.transaction(async (trx) => {
    const deployment = await trx('deployments').where({ id }).first();
    if (!deployment) throw new BatonError('NOT_FOUND', `Deployment with id '${id}' does not exist`);
    const defs = (await trx('definitions').where({ deployment_id: id }).select('id', 'key', 'version')) as {
      id: string;
      key: string;
      version: number;
    }[];
    const defIds = defs.map((d) => d.id);
    const own = await inChunks(defIds, (ids) => trx('instances').whereIn('definition_id', ids).pluck('id'));
    const instances = cascade ? await withCalled(trx, own) : own;
    if (!cascade) {
      const running = await inChunks(instances, (ids) =>
        trx('instances').whereIn('id', ids).andWhere({ status: 'active' }).pluck('id'),
      );
      if (running.length > 0)
        throw new BatonError(
          'INVALID_STATE',
          `Deployment ${id} has ${running.length} running process instance(s); delete with cascade=true`,
        );
    } else {
      for (const table of INSTANCE_TABLES)
        await inChunks(instances, (ids) => trx(table).whereIn('instance_id', ids).delete());
      await inChunks(instances, (ids) => trx('instances').whereIn('id', ids).delete());
    }
    const latest = new Map<string, number>();
    for (const key of new Set(defs.map((d) => d.key))) {
      const row = (await trx('definitions').where({ key }).max({ v: 'version' }).first()) as { v: number };
      latest.set(key, Number(row.v));
    }
    await inChunks(defIds, (ids) =>
      trx('jobs').whereIn('definition_id', ids).whereNull('instance_id').delete(),
    );
    await inChunks(defIds, (ids) => trx('start_events').whereIn('definition_id', ids).delete());
    await trx('definitions').where({ deployment_id: id }).delete();
    await trx('deployments').where({ id }).delete();
    for (const d of defs) {
      if (d.version !== latest.get(d.key)) continue;
      const previous = (await trx('definitions')
        .where({ key: d.key })
        .orderBy('version', 'desc')
        .first('id')) as { id: string } | undefined;
      if (previous)
        await registerStartEvents(trx, await engine.definitions.get(previous.id, trx), engine.now());
    }
    return defIds;
  });
  for (const defId of deleted) engine.definitions.forget(defId);
  engine.bus.emit('jobs');
}

/** The instances plus every instance they called, transitively. */
async function withCalled(trx: Knex.Transaction, roots: string[]): Promise<string[]> {
  const all = new Set(roots);
  let frontier = roots;
  while (frontier.length > 0) {
    const children = await inChunks(frontier, (ids) =>
      trx('instances').whereIn('super_instance_id', ids).pluck('id'),
    );
    frontier = children.filter((c) => !all.has(c));
    for (const c of frontier) all.add(c);
  }
  return [...all];
}

async function inChunks<T>(ids: string[], run: (ids: string[]) => Promise<T[] | number>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const result = await run(ids.slice(i, i + CHUNK));
    if (Array.isArray(result)) out.push(...result);
  }
  return out;
}
