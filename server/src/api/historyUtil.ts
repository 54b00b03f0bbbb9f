/**
 * Shared pieces of the history resources: the root of a call hierarchy, the root element instance
 * of each process instance (so scope keys become Camunda activity instance ids), and Camunda 7
 * activity type names.
 */
import type { Knex } from 'knex';
import type { CompiledElement } from '@baton/engine';

/**
 * Call activity instance (`<parent instance id>:<element key>`) -> the child instance it started,
 * for the given parent instances (read from each child's creation event).
 */
export async function calledInstances(knex: Knex, parentIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (parentIds.length === 0) return out;
  const events = (await knex('events')
    .where('type', 'instance.created')
    .whereIn('instance_id', knex('instances').whereIn('super_instance_id', parentIds).select('id'))
    .select('instance_id', 'payload')) as { instance_id: string; payload: string }[];
  for (const e of events) {
    const parent = (JSON.parse(e.payload) as { parent?: { instanceId: string; key: string } }).parent;
    if (parent) out.set(`${parent.instanceId}:${parent.key}`, e.instance_id);
  }
  return out;
}

/** Process instance id -> id of the top instance of its call hierarchy. */
export async function rootInstanceIds(knex: Knex, ids: string[]): Promise<Map<string, string>> {
  const parent = new Map<string, string | null>();
  let pending = [...new Set(ids)];
  while (pending.length > 0) {
    const rows = (await knex('instances').whereIn('id', pending).select('id', 'super_instance_id')) as {
      id: string;
      super_instance_id: string | null;
    }[];
    for (const row of rows) parent.set(row.id, row.super_instance_id);
    pending = rows
      .map((row) => row.super_instance_id)
      .filter((id): id is string => id !== null && !parent.has(id));
  }
  const out = new Map<string, string>();
  for (const id of ids) {
    let top = id;
    for (let hops = 0; parent.get(top) && hops < 100; hops++) top = parent.get(top)!;
    out.set(id, top);
  }
  return out;
}

/** Process instance id -> key of its root (process) element instance. */
export async function rootKeys(knex: Knex, instanceIds: string[]): Promise<Map<string, string>> {
  const rows = (await knex('hist_activities')
    .whereIn('instance_id', [...new Set(instanceIds)])
    .where('element_type', 'bpmn:Process')
    .select('id', 'instance_id')) as { id: string; instance_id: string }[];
  return new Map(rows.map((r) => [r.instance_id, r.id.slice(r.instance_id.length + 1)]));
}

/** A scope key as Camunda names it: the process instance id for the root, else `instance:key`. */
export function activityInstanceId(
  instanceId: string,
  key: string | null,
  roots: Map<string, string>,
): string {
  return key === null || roots.get(instanceId) === key ? instanceId : `${instanceId}:${key}`;
}

const EVENT_TYPES: Record<string, Record<string, string>> = {
  startEvent: {
    none: 'startEvent',
    timer: 'startTimerEvent',
    message: 'messageStartEvent',
    signal: 'signalStartEvent',
    error: 'errorStartEvent',
    escalation: 'escalationStartEvent',
    conditional: 'conditionalStartEvent',
    compensate: 'compensationStartEvent',
  },
  endEvent: {
    none: 'noneEndEvent',
    terminate: 'terminateEndEvent',
    error: 'errorEndEvent',
    message: 'messageEndEvent',
    signal: 'signalEndEvent',
    escalation: 'escalationEndEvent',
    cancel: 'cancelEndEvent',
    compensate: 'compensationEndEvent',
  },
  intermediateCatchEvent: {
    timer: 'intermediateTimer',
    message: 'intermediateMessageCatch',
    signal: 'intermediateSignalCatch',
    conditional: 'intermediateConditional',
    link: 'intermediateLinkCatch',
  },
  intermediateThrowEvent: {
    none: 'intermediateNoneThrowEvent',
    message: 'intermediateMessageThrowEvent',
    signal: 'intermediateSignalThrow',
    escalation: 'intermediateEscalationThrowEvent',
    compensate: 'intermediateCompensationThrowEvent',
    link: 'intermediateLinkThrow',
  },
  boundaryEvent: {
    timer: 'boundaryTimer',
    message: 'boundaryMessage',
    signal: 'boundarySignal',
    error: 'boundaryError',
    escalation: 'boundaryEscalation',
    conditional: 'boundaryConditional',
    compensate: 'compensationBoundaryCatch',
    cancel: 'cancelBoundaryCatch',
  },
};

/** Camunda 7's `activityType` for an element (`userTask`, `noneEndEvent`, `boundaryTimer`, ...). */
export function activityType(el: CompiledElement | undefined, bpmnType: string): string {
  if (!el) return bpmnType.replace(/^bpmn:/, '').replace(/^./, (c) => c.toLowerCase());
  const byEvent = EVENT_TYPES[el.kind];
  if (byEvent) return byEvent[el.event?.kind ?? 'none'] ?? el.kind;
  return el.kind;
}
