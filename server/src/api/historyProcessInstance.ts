/**
 * Historic process instances (`/history/process-instance`) from the instances table. State as in
 * Camunda 7: ACTIVE, SUSPENDED, COMPLETED (also after a terminate end event), EXTERNALLY_TERMINATED
 * (ended through the API) or INTERNALLY_TERMINATED (ended by the engine: its calling activity was
 * interrupted).
 */
import type { Knex } from 'knex';
import { PARENT_TERMINATED } from '@baton/engine';
import { HttpError, iso } from './http.ts';
import { rootInstanceIds, rootKeys } from './historyUtil.ts';
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

/** Termination reasons the engine itself gives (outbox `call.terminated`). */
const INTERNAL_REASON = PARENT_TERMINATED;
const INTERNAL_PATTERN = `%"reason":${JSON.stringify(INTERNAL_REASON)}%`;

export interface HistoricInstanceRow {
  id: string;
  definition_id: string;
  process_key: string;
  business_key: string | null;
  super_instance_id: string | null;
  status: string;
  suspended: boolean | number;
  started_at: number | string;
  ended_at: number | string | null;
  definition_name: string | null;
  definition_version: number | null;
}

const SORT: Record<string, string> = {
  instanceId: 'i.id',
  definitionId: 'i.definition_id',
  definitionKey: 'i.process_key',
  definitionName: 'd.name',
  definitionVersion: 'd.version',
  businessKey: 'i.business_key',
  startTime: 'i.started_at',
  endTime: 'i.ended_at',
};

export const HistoricProcessInstanceSchema = schema('HistoricProcessInstance', {
  type: 'object',
  properties: {
    id: str,
    rootProcessInstanceId: str,
    superProcessInstanceId: nullableStr,
    superCaseInstanceId: nullableStr,
    caseInstanceId: nullableStr,
    processDefinitionName: nullableStr,
    processDefinitionKey: str,
    processDefinitionVersion: nullableInt,
    processDefinitionId: str,
    businessKey: nullableStr,
    startTime: date,
    endTime: date,
    removalTime: date,
    durationInMillis: nullableInt,
    startUserId: nullableStr,
    startActivityId: nullableStr,
    deleteReason: nullableStr,
    tenantId: nullableStr,
    state: {
      type: 'string',
      enum: ['ACTIVE', 'SUSPENDED', 'COMPLETED', 'EXTERNALLY_TERMINATED', 'INTERNALLY_TERMINATED'],
    },
    restartedProcessInstanceId: nullableStr,
  },
  required: ['id', 'processDefinitionId', 'processDefinitionKey', 'startTime', 'state'],
});

const when = { type: 'string', description: 'A date, e.g. 2026-01-05T09:00:00.000+0000' } as const;

export const HISTORIC_INSTANCE_LIST: ListSpec = {
  path: '/history/process-instance',
  what: 'process instances, running and ended',
  item: HistoricProcessInstanceSchema,
  sortBy: Object.keys(SORT),
  filters: {
    processInstanceId: str,
    processInstanceIds: idList,
    businessKey: { type: 'string', description: 'Alias of processInstanceBusinessKey' },
    processInstanceBusinessKey: str,
    processInstanceBusinessKeyLike: { type: 'string', description: 'SQL LIKE pattern (% and _)' },
    processDefinitionKey: str,
    processDefinitionKeyIn: idList,
    processDefinitionId: str,
    superProcessInstanceId: str,
    subProcessInstanceId: str,
    finished: bool,
    unfinished: bool,
    active: bool,
    suspended: bool,
    completed: bool,
    externallyTerminated: bool,
    internallyTerminated: bool,
    withIncidents: bool,
    startedBefore: when,
    startedAfter: when,
    finishedBefore: when,
    finishedAfter: when,
  },
};

export function instanceBase(knex: Knex): Knex.QueryBuilder {
  return knex('instances as i')
    .leftJoin('definitions as d', 'd.id', 'i.definition_id')
    .select(
      'i.id',
      'i.definition_id',
      'i.process_key',
      'i.business_key',
      'i.super_instance_id',
      'i.status',
      'i.suspended',
      'i.started_at',
      'i.ended_at',
      'd.name as definition_name',
      'd.version as definition_version',
    );
}

function dateParam(p: Params, name: string): number | undefined {
  const text = p.string(name);
  if (text === undefined) return undefined;
  const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) throw new HttpError(400, `'${name}' is not a date: '${text}'`);
  return ms;
}

function filtered(knex: Knex, p: Params): Knex.QueryBuilder {
  const q = instanceBase(knex);
  const { eq } = columnFilters(q, p);
  eq('processInstanceId', 'i.id');
  eq('businessKey', 'i.business_key');
  eq('processInstanceBusinessKey', 'i.business_key');
  eq('processDefinitionKey', 'i.process_key');
  eq('processDefinitionId', 'i.definition_id');
  eq('superProcessInstanceId', 'i.super_instance_id');
  const ids = p.list('processInstanceIds');
  if (ids) q.whereIn('i.id', ids);
  const keys = p.list('processDefinitionKeyIn');
  if (keys) q.whereIn('i.process_key', keys);
  const like = p.string('processInstanceBusinessKeyLike');
  if (like !== undefined) q.where('i.business_key', 'like', like);
  const sub = p.string('subProcessInstanceId');
  if (sub !== undefined) q.whereIn('i.id', knex('instances').where('id', sub).select('super_instance_id'));
  if (p.boolean('finished')) q.whereNot('i.status', 'active');
  if (p.boolean('unfinished')) q.where('i.status', 'active');
  if (p.boolean('active')) q.where('i.status', 'active').where('i.suspended', false);
  if (p.boolean('suspended')) q.where('i.status', 'active').where('i.suspended', true);
  if (p.boolean('completed')) q.where('i.status', 'completed');
  const internal = (b: Knex.QueryBuilder) =>
    b
      .from('events as e')
      .whereRaw('e.instance_id = i.id')
      .where('e.type', 'instance.terminated')
      .where('e.payload', 'like', INTERNAL_PATTERN);
  if (p.boolean('externallyTerminated')) q.where('i.status', 'terminated').whereNotExists(internal);
  if (p.boolean('internallyTerminated')) q.where('i.status', 'terminated').whereExists(internal);
  if (p.boolean('withIncidents')) q.where('i.incidents', '>', 0);
  const bounds: [string, string, '<' | '>'][] = [
    ['startedBefore', 'i.started_at', '<'],
    ['startedAfter', 'i.started_at', '>'],
    ['finishedBefore', 'i.ended_at', '<'],
    ['finishedAfter', 'i.ended_at', '>'],
  ];
  for (const [param, column, op] of bounds) {
    const ms = dateParam(p, param);
    if (ms !== undefined) q.where(column, op, ms);
  }
  return q;
}

/** Camunda HistoricProcessInstance shapes for rows of `instanceBase`. */
export async function historicInstanceDtos(
  knex: Knex,
  rows: HistoricInstanceRow[],
): Promise<Record<string, unknown>[]> {
  const ids = rows.map((r) => r.id);
  const roots = await rootInstanceIds(knex, ids);
  const rootKey = await rootKeys(knex, ids);
  const starts = (await knex('hist_activities')
    .whereIn('instance_id', ids)
    .where('element_type', 'bpmn:StartEvent')
    .orderBy('started_at')
    .select('instance_id', 'element_id', 'parent_key')) as {
    instance_id: string;
    element_id: string;
    parent_key: string | null;
  }[];
  const startActivity = new Map<string, string>();
  for (const s of starts)
    if (s.parent_key === rootKey.get(s.instance_id) && !startActivity.has(s.instance_id))
      startActivity.set(s.instance_id, s.element_id);
  const terminated = rows.filter((r) => r.status === 'terminated').map((r) => r.id);
  const reasons = new Map<string, string | null>();
  if (terminated.length > 0) {
    const events = (await knex('events')
      .whereIn('instance_id', terminated)
      .where('type', 'instance.terminated')
      .select('instance_id', 'payload')) as { instance_id: string; payload: string }[];
    for (const e of events)
      reasons.set(e.instance_id, (JSON.parse(e.payload) as { reason?: string }).reason ?? null);
  }
  return rows.map((row) => {
    const reason = reasons.get(row.id) ?? null;
    const state =
      row.status === 'completed'
        ? 'COMPLETED'
        : row.status === 'terminated'
          ? reason === INTERNAL_REASON
            ? 'INTERNALLY_TERMINATED'
            : 'EXTERNALLY_TERMINATED'
          : row.suspended
            ? 'SUSPENDED'
            : 'ACTIVE';
    return {
      id: row.id,
      rootProcessInstanceId: roots.get(row.id) ?? row.id,
      superProcessInstanceId: row.super_instance_id,
      superCaseInstanceId: null,
      caseInstanceId: null,
      processDefinitionName: row.definition_name,
      processDefinitionKey: row.process_key,
      processDefinitionVersion: row.definition_version === null ? null : Number(row.definition_version),
      processDefinitionId: row.definition_id,
      businessKey: row.business_key,
      startTime: iso(row.started_at),
      endTime: iso(row.ended_at),
      removalTime: null,
      durationInMillis: row.ended_at === null ? null : Number(row.ended_at) - Number(row.started_at),
      startUserId: null,
      startActivityId: startActivity.get(row.id) ?? null,
      deleteReason: row.status === 'terminated' ? (reason ?? 'terminated') : null,
      tenantId: null,
      state,
      restartedProcessInstanceId: null,
    };
  });
}

export function historicInstanceQuery(knex: Knex): QueryResource {
  return {
    async list(p: Params, page: Page) {
      const q = orderBy(filtered(knex, p), sorting(p, SORT), [
        { column: 'i.started_at', order: 'asc' },
        { column: 'i.id', order: 'asc' },
      ]);
      return historicInstanceDtos(knex, (await paged(q, page)) as HistoricInstanceRow[]);
    },
    count: (p: Params) => countOf(filtered(knex, p)),
  };
}
