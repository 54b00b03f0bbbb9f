/**
 * Writes one step's result inside the command's transaction: the instance state (with its
 * version checked, so two concurrent commands on one instance never both apply), the events, the
 * query projections (tasks, subscriptions, incidents, history) and the jobs its effects ask for.
 * New instances, events and history rows are appended (Database.append); everything else is a
 * statement, sent once the command is ready for statements (Database.ready).
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
import type { Row } from '../db/writes.ts';
import type { Database } from '../db/connection.ts';
import { runAll } from '../db/writes.ts';
import type { StoredDefinition } from './definitions.ts';

/** Which job types run through an in-process handler (the rest wait for external workers). */
export type HandlerLookup = (type: string) => boolean;

/**
 * What one step writes, worked out before any statement runs: rows for append-only tables, and
 * statements. A step without statements (a new instance running straight through) can be
 * committed as appended rows alone (Database.commitAppends), with no transaction of its own.
 */
export interface StepWrites {
  /** Rows per append-only table (events, history, new instances). */
  readonly appends: Map<string, Row[]>;
  /** The version check of an existing instance: first, since a lost one explains what else failed. */
  versionCheck?: Statement;
  /** History updates, independent of each other and of the chain. */
  readonly updates: Statement[];
  /** Projections and jobs, in event order (a step can create and remove the same task or job). */
  readonly chain: Statement[];
}

/** A statement (or a few that depend on each other) of a step, run in the command's transaction. */
type Statement = (trx: Knex.Transaction, db: Database) => Promise<unknown>;

/** Writes one step's result inside the command's transaction. */
export async function persistStep(
  db: Database,
  trx: Knex.Transaction,
  def: StoredDefinition,
  result: StepResult,
  previousVersion: number | null,
  hasHandler: HandlerLookup,
  now: number,
): Promise<void> {
  await applyWrites(db, trx, planWrites(def, result, previousVersion, hasHandler, now));
}

/** The writes of one step; runs no statement. */
export function planWrites(
  def: StoredDefinition,
  result: StepResult,
  previousVersion: number | null,
  hasHandler: HandlerLookup,
  now: number,
): StepWrites {
  const { state, events, effects } = result;
  const writes: StepWrites = { appends: new Map(), updates: [], chain: [] };
  writes.versionCheck = saveState(state, previousVersion, writes);
  append(writes, 'events', events.map(eventRow));
  projectActivities(def, events, writes);
  for (const event of events) push(writes.chain, project(def, state, event, writes));
  for (const effect of effects) push(writes.chain, effectToJob(def, effect, hasHandler, now));
  return writes;
}

/** Whether a step's writes are appended rows only (no statement to run). */
export function onlyAppends(writes: StepWrites): boolean {
  return writes.versionCheck === undefined && writes.updates.length === 0 && writes.chain.length === 0;
}

/** Runs a step's writes in `trx`; the groups touch different rows, so they may overlap. */
export async function applyWrites(db: Database, trx: Knex.Transaction, writes: StepWrites): Promise<void> {
  const { versionCheck, updates, chain } = writes;
  if (versionCheck) await versionCheck(trx, db);
  await runAll(trx, [
    () => db.append(trx, writes.appends),
    ...updates.map((update) => () => update(trx, db)),
    async () => {
      for (const statement of chain) await statement(trx, db);
    },
  ]);
}

function push(chain: Statement[], statement: Statement | undefined): void {
  if (statement) chain.push(statement);
}

function append(writes: StepWrites, table: string, rows: readonly Row[]): void {
  if (rows.length === 0) return;
  const held = writes.appends.get(table);
  if (held) held.push(...rows);
  else writes.appends.set(table, [...rows]);
}

function eventRow(e: EngineEvent): Record<string, unknown> {
  return { instance_id: e.instanceId, seq: e.seq, type: e.type, time: e.time, payload: JSON.stringify(e) };
}

/** A new instance is appended; an existing one is updated if its version is unchanged. */
function saveState(
  state: InstanceState,
  previousVersion: number | null,
  writes: StepWrites,
): Statement | undefined {
  const row = {
    status: state.status,
    state: JSON.stringify(state),
    ended_at: state.endedAt ?? null,
    incidents: Object.keys(state.incidents).length,
  };
  if (previousVersion === null) {
    append(writes, 'instances', [
      {
        id: state.id,
        definition_id: state.definitionId,
        process_key: state.processId,
        business_key: state.businessKey ?? null,
        super_instance_id: state.parent?.instanceId ?? null,
        started_at: state.startedAt,
        version: 1,
        ...row,
      },
    ]);
    return undefined;
  }
  return async (trx) => {
    const updated = await trx('instances')
      .where({ id: state.id, version: previousVersion })
      .update({ ...row, version: previousVersion + 1 });
    if (updated !== 1) {
      throw new BatonError(
        'CONFLICT',
        `Process instance ${state.id} was changed concurrently; the command was not applied`,
      );
    }
  };
}

/**
 * Activity history in as few statements as possible: elements that start and end within the step
 * (most of a straight-through run) are appended already ended; one update per element that started
 * in an earlier step.
 */
function projectActivities(def: StoredDefinition, events: readonly EngineEvent[], writes: StepWrites): void {
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
  append(writes, 'hist_activities', [...rows.values()]);
  for (const { id, ...changes } of ended)
    writes.updates.push((trx, db) => updateHistory(db, trx, 'hist_activities', id, changes));
}

/** Projections of one event: history rows are appended, the rest is a statement for the chain. */
function project(
  def: StoredDefinition,
  state: InstanceState,
  e: EngineEvent,
  writes: StepWrites,
): Statement | undefined {
  const activityId = (key: string) => `${e.instanceId}:${key}`;
  /** Removes a user task's row; its history row ends only if it was still open. */
  const endTask = async (db: Database, trx: Knex.Transaction, key: string, reason: string) => {
    const deleted = await trx('tasks')
      .where({ id: activityId(key) })
      .delete();
    if (deleted > 0)
      await updateHistory(db, trx, 'hist_tasks', activityId(key), {
        ended_at: e.time,
        delete_reason: reason,
      });
  };
  switch (e.type) {
    case 'element.completed':
    case 'element.terminated':
      // Only user tasks have a task row: no statement for any other element.
      if (def.process.elements[e.elementId]?.kind !== 'userTask') return undefined;
      return (trx, db) => endTask(db, trx, e.key, e.type === 'element.terminated' ? 'deleted' : 'completed');
    case 'element.waiting': {
      if (e.wait.kind !== 'task') {
        // A completed user task with asyncAfter waits again, no longer as a task.
        if (def.process.elements[e.elementId]?.kind !== 'userTask') return undefined;
        return (trx, db) => endTask(db, trx, e.key, 'completed');
      }
      const t = e.wait.task;
      // The columns the history row and the runtime row share.
      const task = {
        id: t.id,
        instance_id: e.instanceId,
        definition_id: def.id,
        element_id: e.elementId,
        name: t.name ?? null,
        assignee: t.assignee ?? null,
        created_at: t.created,
      };
      append(writes, 'hist_tasks', [{ ...task, ended_at: null, delete_reason: null }]);
      return async (trx) => {
        await trx('tasks').insert({
          ...task,
          candidate_users: JSON.stringify(t.candidateUsers ?? []),
          candidate_groups: JSON.stringify(t.candidateGroups ?? []),
          due_date: t.dueDate ?? null,
          follow_up_date: t.followUpDate ?? null,
          priority: t.priority,
          form_key: t.formKey ?? null,
          business_key: state.businessKey ?? null,
        });
      };
    }
    case 'task.updated': {
      const c = e.changes;
      const row: Record<string, unknown> = {};
      if ('assignee' in c) row.assignee = c.assignee ?? null;
      if ('candidateUsers' in c) row.candidate_users = JSON.stringify(c.candidateUsers ?? []);
      if ('candidateGroups' in c) row.candidate_groups = JSON.stringify(c.candidateGroups ?? []);
      if ('dueDate' in c) row.due_date = c.dueDate ?? null;
      if ('priority' in c) row.priority = c.priority ?? 50;
      return async (trx, db) => {
        if (Object.keys(row).length > 0)
          await trx('tasks')
            .where({ id: activityId(e.key) })
            .update(row);
        if ('assignee' in c)
          await updateHistory(db, trx, 'hist_tasks', activityId(e.key), { assignee: c.assignee ?? null });
      };
    }
    case 'variable.set':
      append(writes, 'hist_variables', [
        {
          instance_id: e.instanceId,
          scope: e.scope,
          name: e.name,
          type: e.valueType ?? inferType(e.value),
          value: JSON.stringify(e.value),
          time: e.time,
          deleted: false,
        },
      ]);
      return undefined;
    case 'variable.deleted':
      append(writes, 'hist_variables', [
        {
          instance_id: e.instanceId,
          scope: e.scope,
          name: e.name,
          type: null,
          value: null,
          time: e.time,
          deleted: true,
        },
      ]);
      return undefined;
    case 'subscription.opened': {
      const s = e.subscription;
      return async (trx) => {
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
      };
    }
    case 'subscription.closed':
      return async (trx) => {
        await trx('subscriptions')
          .where({ instance_id: e.instanceId, subscription_id: e.subscriptionId })
          .delete();
      };
    case 'incident.raised': {
      const i = e.incident;
      return async (trx) => {
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
      };
    }
    case 'incident.resolved':
      return async (trx) => {
        await trx('incidents').where({ id: e.incidentId }).update({ open: false, resolved_at: e.time });
      };
    default:
      return undefined;
  }
}

/** The job row an effect asks for; everything that crosses instances runs later as an outbox job. */
function effectToJob(
  def: StoredDefinition,
  effect: Effect,
  hasHandler: HandlerLookup,
  now: number,
): Statement | undefined {
  const outbox =
    (type: string, instanceId: string, payload: unknown): Statement =>
    async (trx) => {
      await trx('jobs').insert({
        id: randomUUID(),
        kind: 'outbox',
        type,
        instance_id: instanceId,
        due_at: now,
        retries: 3,
        payload: JSON.stringify(payload),
        created_at: now,
      });
    };
  switch (effect.type) {
    case 'job.created':
      return async (trx) => {
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
      };
    case 'job.cancelled':
      return async (trx) => {
        await trx('jobs').where({ id: effect.jobId }).delete();
      };
    case 'continuation.scheduled':
      return async (trx) => {
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
      };
    case 'timer.scheduled':
      return async (trx) => {
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
      };
    case 'subscription.cancelled':
      if (effect.kind !== 'timer') return undefined;
      return async (trx) => {
        await trx('jobs')
          .where({ id: timerJobId(effect.instanceId, effect.subscriptionId) })
          .delete();
      };
    case 'message.subscribed':
      return outbox('message.buffered', effect.instanceId, effect);
    case 'signal.subscribed':
      return undefined;
    case 'call.started':
    case 'call.terminated':
    case 'signal.broadcast':
    case 'error.propagated':
    case 'escalation.propagated':
      return outbox(effect.type, effect.instanceId, effect);
    case 'instance.finished':
      return effect.parent ? outbox('instance.finished', effect.instanceId, effect) : undefined;
    default:
      return undefined;
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
