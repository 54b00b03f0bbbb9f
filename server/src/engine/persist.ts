/**
 * Writes one step's result inside the command's transaction: the instance state (with its
 * version checked, so two concurrent commands on one instance never both apply), the events, the
 * query projections (tasks, subscriptions, incidents, history) and the jobs its effects ask for.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  BatonError,
  inferType,
  type Effect,
  type EngineEvent,
  type InstanceState,
  type StepResult,
} from '@baton/engine';
import type { Row } from '../db/appendBuffer.ts';
import type { Database } from '../db/connection.ts';
import { runAll } from '../db/writes.ts';
import type { StoredDefinition } from './definitions.ts';

/** Which job types run through an in-process handler (the rest wait for external workers). */
export type HandlerLookup = (type: string) => boolean;

export async function persistStep(
  db: Database,
  trx: Knex.Transaction,
  def: StoredDefinition,
  result: StepResult,
  previousVersion: number | null,
  hasHandler: HandlerLookup,
  now: number,
): Promise<void> {
  const { state, events, effects } = result;
  // The groups touch different rows (within a group the order is kept: a step can create and
  // remove the same task or job). saveState comes first: a lost version check explains whatever
  // else failed (e.g. the winner's event numbers). Events and history are append-only: on sqlite
  // the batch inserts them for all its commands at once.
  const variables: Row[] = [];
  await runAll(trx, [
    () => saveState(trx, state, previousVersion),
    () => db.append(trx, 'events', events.map(eventRow)),
    () => projectActivities(db, trx, def, events),
    async () => {
      for (const event of events) await project(db, trx, def, state, event, variables);
      for (const effect of effects) await effectToJob(trx, def, effect, hasHandler, now);
      await db.append(trx, 'hist_variables', variables);
    },
  ]);
}

function eventRow(e: EngineEvent): Record<string, unknown> {
  return { instance_id: e.instanceId, seq: e.seq, type: e.type, time: e.time, payload: JSON.stringify(e) };
}

async function saveState(
  trx: Knex.Transaction,
  state: InstanceState,
  previousVersion: number | null,
): Promise<void> {
  const row = {
    status: state.status,
    state: JSON.stringify(state),
    ended_at: state.endedAt ?? null,
    incidents: Object.keys(state.incidents).length,
  };
  if (previousVersion === null) {
    await trx('instances').insert({
      id: state.id,
      definition_id: state.definitionId,
      process_key: state.processId,
      business_key: state.businessKey ?? null,
      super_instance_id: state.parent?.instanceId ?? null,
      started_at: state.startedAt,
      version: 1,
      ...row,
    });
    return;
  }
  const updated = await trx('instances')
    .where({ id: state.id, version: previousVersion })
    .update({ ...row, version: previousVersion + 1 });
  if (updated !== 1) {
    throw new BatonError(
      'CONFLICT',
      `Process instance ${state.id} was changed concurrently; the command was not applied`,
    );
  }
}

/**
 * Activity history in as few statements as possible: elements that start and end within the step
 * (most of a straight-through run) are appended already ended; one update per element that started
 * in an earlier step.
 */
async function projectActivities(
  db: Database,
  trx: Knex.Transaction,
  def: StoredDefinition,
  events: readonly EngineEvent[],
): Promise<void> {
  const rows = new Map<string, Record<string, unknown>>();
  const ended: { id: string; ended_at: number; canceled: boolean }[] = [];
  for (const e of events) {
    if (e.type === 'element.activated') {
      rows.set(e.key, {
        id: `${e.instanceId}:${e.key}`,
        instance_id: e.instanceId,
        definition_id: def.id,
        element_id: e.elementId,
        element_type: e.elementType,
        parent_key: e.parent,
        started_at: e.time,
        ended_at: null,
        canceled: false,
      });
    } else if (e.type === 'element.completed' || e.type === 'element.terminated') {
      const canceled = e.type === 'element.terminated';
      const row = rows.get(e.key);
      if (row) {
        row.ended_at = e.time;
        row.canceled = canceled;
      } else {
        ended.push({ id: `${e.instanceId}:${e.key}`, ended_at: e.time, canceled });
      }
    }
  }
  await db.append(trx, 'hist_activities', [...rows.values()]);
  await runAll(
    trx,
    ended.map(
      ({ id, ...changes }) =>
        () =>
          updateHistory(db, trx, 'hist_activities', id, changes),
    ),
  );
}

async function project(
  db: Database,
  trx: Knex.Transaction,
  def: StoredDefinition,
  state: InstanceState,
  e: EngineEvent,
  variables: Row[],
): Promise<void> {
  const activityId = (key: string) => `${e.instanceId}:${key}`;
  switch (e.type) {
    case 'element.completed':
    case 'element.terminated': {
      const canceled = e.type === 'element.terminated';
      // Only user tasks have a task row: skip the round trip for every other element.
      if (def.process.elements[e.elementId]?.kind !== 'userTask') break;
      const deleted = await trx('tasks')
        .where({ id: activityId(e.key) })
        .delete();
      if (deleted > 0) {
        await updateHistory(db, trx, 'hist_tasks', activityId(e.key), {
          ended_at: e.time,
          delete_reason: canceled ? 'deleted' : 'completed',
        });
      }
      break;
    }
    case 'element.waiting':
      if (e.wait.kind !== 'task' && def.process.elements[e.elementId]?.kind === 'userTask') {
        // A completed user task with asyncAfter waits again, no longer as a task.
        const deleted = await trx('tasks')
          .where({ id: activityId(e.key) })
          .delete();
        if (deleted > 0)
          await updateHistory(db, trx, 'hist_tasks', activityId(e.key), {
            ended_at: e.time,
            delete_reason: 'completed',
          });
      }
      if (e.wait.kind === 'task') {
        const t = e.wait.task;
        await trx('tasks').insert({
          id: t.id,
          instance_id: e.instanceId,
          definition_id: def.id,
          element_id: e.elementId,
          name: t.name ?? null,
          assignee: t.assignee ?? null,
          candidate_users: JSON.stringify(t.candidateUsers ?? []),
          candidate_groups: JSON.stringify(t.candidateGroups ?? []),
          due_date: t.dueDate ?? null,
          follow_up_date: t.followUpDate ?? null,
          priority: t.priority,
          form_key: t.formKey ?? null,
          business_key: state.businessKey ?? null,
          created_at: t.created,
        });
        await db.append(trx, 'hist_tasks', [
          {
            id: t.id,
            instance_id: e.instanceId,
            definition_id: def.id,
            element_id: e.elementId,
            name: t.name ?? null,
            assignee: t.assignee ?? null,
            created_at: t.created,
            ended_at: null,
            delete_reason: null,
          },
        ]);
      }
      break;
    case 'task.updated': {
      const c = e.changes;
      const row: Record<string, unknown> = {};
      if ('assignee' in c) row.assignee = c.assignee ?? null;
      if ('candidateUsers' in c) row.candidate_users = JSON.stringify(c.candidateUsers ?? []);
      if ('candidateGroups' in c) row.candidate_groups = JSON.stringify(c.candidateGroups ?? []);
      if ('dueDate' in c) row.due_date = c.dueDate ?? null;
      if ('priority' in c) row.priority = c.priority ?? 50;
      if (Object.keys(row).length > 0)
        await trx('tasks')
          .where({ id: activityId(e.key) })
          .update(row);
      if ('assignee' in c)
        await updateHistory(db, trx, 'hist_tasks', activityId(e.key), { assignee: c.assignee ?? null });
      break;
    }
    case 'variable.set':
      variables.push({
        instance_id: e.instanceId,
        scope: e.scope,
        name: e.name,
        type: e.valueType ?? inferType(e.value),
        value: JSON.stringify(e.value),
        time: e.time,
        deleted: false,
      });
      break;
    case 'variable.deleted':
      variables.push({
        instance_id: e.instanceId,
        scope: e.scope,
        name: e.name,
        type: null,
        value: null,
        time: e.time,
        deleted: true,
      });
      break;
    case 'subscription.opened': {
      const s = e.subscription;
      await trx('subscriptions')
        .insert({
          instance_id: e.instanceId,
          subscription_id: s.id,
          kind: s.kind,
          name: s.name ?? null,
          correlation_key: s.correlationKey ?? null,
          element_id: s.elementId,
        })
        .onConflict(['instance_id', 'subscription_id'])
        .merge();
      break;
    }
    case 'subscription.closed':
      await trx('subscriptions')
        .where({ instance_id: e.instanceId, subscription_id: e.subscriptionId })
        .delete();
      break;
    case 'incident.raised': {
      const i = e.incident;
      await trx('incidents').insert({
        id: i.id,
        instance_id: e.instanceId,
        definition_id: def.id,
        element_key: i.key,
        element_id: i.elementId,
        type: i.type,
        message: i.message,
        created_at: i.created,
      });
      break;
    }
    case 'incident.resolved':
      await trx('incidents').where({ id: e.incidentId }).update({ open: false, resolved_at: e.time });
      break;
  }
}

/** Turns effects into job rows; everything that crosses instances runs later as an outbox job. */
async function effectToJob(
  trx: Knex.Transaction,
  def: StoredDefinition,
  effect: Effect,
  hasHandler: HandlerLookup,
  now: number,
): Promise<void> {
  const outbox = (type: string, instanceId: string, payload: unknown) =>
    trx('jobs').insert({
      id: randomUUID(),
      kind: 'outbox',
      type,
      instance_id: instanceId,
      due_at: now,
      retries: 3,
      payload: JSON.stringify(payload),
      created_at: now,
    });
  switch (effect.type) {
    case 'job.created':
      await trx('jobs')
        .insert({
          id: effect.jobId,
          kind: hasHandler(effect.jobType) ? 'handler' : 'external',
          type: effect.jobType,
          instance_id: effect.instanceId,
          element_key: effect.key,
          element_id: effect.elementId,
          definition_id: def.id,
          due_at: now,
          retries: effect.retries,
          failed: false,
          worker_id: null,
          lock_expires_at: null,
          error_message: null,
          payload: JSON.stringify({
            headers: effect.headers ?? {},
            retryIntervalsMs: effect.retryIntervalsMs,
          }),
          created_at: now,
        })
        .onConflict('id')
        .merge();
      break;
    case 'job.cancelled':
      await trx('jobs').where({ id: effect.jobId }).delete();
      break;
    case 'continuation.scheduled':
      await trx('jobs').insert({
        id: effect.jobId,
        kind: 'continuation',
        type: `async-${effect.phase}`,
        instance_id: effect.instanceId,
        element_key: effect.key,
        element_id: effect.elementId,
        definition_id: def.id,
        due_at: now,
        retries: 3,
        created_at: now,
      });
      break;
    case 'timer.scheduled':
      await trx('jobs')
        .insert({
          id: timerJobId(effect.instanceId, effect.subscriptionId),
          kind: 'timer',
          type: 'timer',
          instance_id: effect.instanceId,
          element_id: effect.elementId,
          definition_id: def.id,
          due_at: effect.dueAt,
          retries: 3,
          payload: JSON.stringify({ subscriptionId: effect.subscriptionId }),
          created_at: now,
        })
        .onConflict('id')
        .merge();
      break;
    case 'subscription.cancelled':
      if (effect.kind === 'timer')
        await trx('jobs')
          .where({ id: timerJobId(effect.instanceId, effect.subscriptionId) })
          .delete();
      break;
    case 'message.subscribed':
      await outbox('message.buffered', effect.instanceId, effect);
      break;
    case 'signal.subscribed':
      break;
    case 'call.started':
    case 'call.terminated':
    case 'signal.broadcast':
    case 'error.propagated':
    case 'escalation.propagated':
      await outbox(effect.type, effect.instanceId, effect);
      break;
    case 'instance.finished':
      if (effect.parent) await outbox('instance.finished', effect.instanceId, effect);
      break;
  }
}

export function timerJobId(instanceId: string, subscriptionId: string): string {
  return `timer:${instanceId}:${subscriptionId}`;
}

/** Updates a history row by id, or its copy still held back (sqlite inserts history at COMMIT). */
async function updateHistory(
  db: Database,
  trx: Knex.Transaction,
  table: string,
  id: string,
  changes: Row,
): Promise<void> {
  if (!db.amend(trx, table, id, changes)) await trx(table).where({ id }).update(changes);
}
