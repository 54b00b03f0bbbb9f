/**
 * Historic activity instances (`/history/activity-instance`) from hist_activities: one per element
 * instance, the process element itself left out, in start order.
 */
import type { Knex } from 'knex';
import type { DurableEngine } from '../engine/durableEngine.ts';
import type { StoredDefinition } from '../engine/definitions.ts';
import { iso } from './http.ts';
import {
  activityInstanceId,
  activityType,
  calledInstances,
  rootInstanceIds,
  rootKeys,
} from './historyUtil.ts';
import { bool, date, idList, nullableInt, nullableStr, str, type ListSpec } from './listEndpoints.ts';
import {
  countOf,
  orderBy,
  paged,
  sorting,
  type Page,
  type Params,
  type QueryResource,
  columnFilters,
} from './listQuery.ts';
import { schema } from './schemas.ts';

interface ActivityRow {
  id: string;
  instance_id: string;
  definition_id: string;
  element_id: string;
  element_type: string;
  parent_key: string | null;
  started_at: number | string;
  ended_at: number | string | null;
  canceled: boolean | number;
  process_key: string | null;
  assignee: string | null;
}

const SORT: Record<string, string> = {
  activityInstanceId: 'h.id',
  instanceId: 'h.instance_id',
  executionId: 'h.instance_id',
  activityId: 'h.element_id',
  activityType: 'h.element_type',
  startTime: 'h.started_at',
  endTime: 'h.ended_at',
  definitionId: 'h.definition_id',
  occurrence: 'h.started_at',
};

export const HistoricActivityInstanceSchema = schema('HistoricActivityInstance', {
  type: 'object',
  properties: {
    id: str,
    parentActivityInstanceId: str,
    activityId: str,
    activityName: nullableStr,
    activityType: {
      type: 'string',
      description: 'Camunda names: userTask, noneEndEvent, boundaryTimer, ...',
    },
    processDefinitionKey: nullableStr,
    processDefinitionId: str,
    processInstanceId: str,
    executionId: str,
    taskId: nullableStr,
    calledProcessInstanceId: nullableStr,
    calledCaseInstanceId: nullableStr,
    assignee: nullableStr,
    startTime: date,
    endTime: date,
    durationInMillis: nullableInt,
    canceled: bool,
    completeScope: bool,
    tenantId: nullableStr,
    removalTime: date,
    rootProcessInstanceId: str,
  },
});

export const HISTORIC_ACTIVITY_LIST: ListSpec = {
  path: '/history/activity-instance',
  what: 'activity instances, running and ended, in start order',
  item: HistoricActivityInstanceSchema,
  sortBy: Object.keys(SORT),
  filters: {
    activityInstanceId: str,
    processInstanceId: str,
    processInstanceIdIn: idList,
    executionId: str,
    processDefinitionId: str,
    activityId: str,
    taskAssignee: str,
    finished: bool,
    unfinished: bool,
    canceled: bool,
    completeScope: bool,
  },
};

function filtered(knex: Knex, p: Params): Knex.QueryBuilder {
  const q = knex('hist_activities as h')
    .leftJoin('definitions as d', 'd.id', 'h.definition_id')
    .leftJoin('hist_tasks as ht', 'ht.id', 'h.id')
    .whereNot('h.element_type', 'bpmn:Process')
    .select('h.*', 'd.key as process_key', 'ht.assignee');
  const { eq } = columnFilters(q, p);
  eq('activityInstanceId', 'h.id');
  eq('processInstanceId', 'h.instance_id');
  eq('executionId', 'h.instance_id');
  eq('processDefinitionId', 'h.definition_id');
  eq('activityId', 'h.element_id');
  eq('taskAssignee', 'ht.assignee');
  const ids = p.list('processInstanceIdIn');
  if (ids) q.whereIn('h.instance_id', ids);
  if (p.boolean('finished')) q.whereNotNull('h.ended_at');
  if (p.boolean('unfinished')) q.whereNull('h.ended_at');
  if (p.boolean('canceled')) q.where('h.canceled', true);
  if (p.boolean('completeScope')) q.where('h.element_type', 'bpmn:EndEvent').whereNotNull('h.ended_at');
  return q;
}

async function dtos(engine: DurableEngine, rows: ActivityRow[]): Promise<Record<string, unknown>[]> {
  const knex = engine.knex;
  const instanceIds = rows.map((r) => r.instance_id);
  const roots = await rootKeys(knex, instanceIds);
  const tops = await rootInstanceIds(knex, instanceIds);
  const called = await calledInstances(
    knex,
    rows.filter((r) => r.element_type === 'bpmn:CallActivity').map((r) => r.instance_id),
  );
  const defs = new Map<string, StoredDefinition | undefined>();
  for (const id of new Set(rows.map((r) => r.definition_id)))
    defs.set(id, await engine.definitions.get(id).catch(() => undefined));
  return rows.map((row) => {
    const el = defs.get(row.definition_id)?.process.elements[row.element_id];
    const type = activityType(el, row.element_type);
    const ended = row.ended_at !== null;
    return {
      id: row.id,
      parentActivityInstanceId: activityInstanceId(row.instance_id, row.parent_key, roots),
      activityId: row.element_id,
      activityName: el?.name ?? null,
      activityType: type,
      processDefinitionKey: row.process_key,
      processDefinitionId: row.definition_id,
      processInstanceId: row.instance_id,
      executionId: row.instance_id,
      taskId: type === 'userTask' ? row.id : null,
      calledProcessInstanceId: called.get(row.id) ?? null,
      calledCaseInstanceId: null,
      assignee: row.assignee,
      startTime: iso(row.started_at),
      endTime: iso(row.ended_at),
      durationInMillis: ended ? Number(row.ended_at) - Number(row.started_at) : null,
      canceled: Boolean(row.canceled),
      completeScope: ended && !row.canceled && el?.kind === 'endEvent',
      tenantId: null,
      removalTime: null,
      rootProcessInstanceId: tops.get(row.instance_id) ?? row.instance_id,
    };
  });
}

export function historicActivityQuery(engine: DurableEngine): QueryResource {
  const knex = engine.knex;
  return {
    async list(p: Params, page: Page) {
      // Element instance keys grow with start order: shorter ids first, then by text.
      const q = orderBy(filtered(knex, p), sorting(p, SORT), [{ column: 'h.started_at', order: 'asc' }])
        .orderByRaw('length(h.id)')
        .orderBy('h.id');
      return dtos(engine, (await paged(q, page)) as ActivityRow[]);
    },
    count: (p: Params) => countOf(filtered(knex, p)),
  };
}
