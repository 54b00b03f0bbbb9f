/**
 * The external task query (`GET/POST /external-task`, `/count`) over the job table (kind
 * `external`), and the Camunda 7 ExternalTask shape. `retries` is null until a failure reports
 * some, as in Camunda.
 */
import type { Knex } from 'knex';
import { iso } from './http.ts';
import { bool, date, idList, int, nullableInt, nullableStr, str, type ListSpec } from './listEndpoints.ts';
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

export interface ExternalTaskRow {
  id: string;
  type: string;
  instance_id: string;
  element_key: string;
  element_id: string;
  definition_id: string;
  retries: number;
  worker_id: string | null;
  lock_expires_at: number | string | null;
  error_message: string | null;
  error_details: string | null;
  failed: boolean | number;
  priority: number;
  created_at: number | string;
  process_key: string | null;
  business_key: string | null;
  suspended: boolean | number | null;
  version_tag: string | null;
}

const SORT: Record<string, string> = {
  id: 'j.id',
  lockExpirationTime: 'j.lock_expires_at',
  processInstanceId: 'j.instance_id',
  processDefinitionId: 'j.definition_id',
  processDefinitionKey: 'i.process_key',
  taskPriority: 'j.priority',
  createTime: 'j.created_at',
};

const properties = {
  id: str,
  topicName: str,
  workerId: nullableStr,
  lockExpirationTime: date,
  createTime: date,
  activityId: str,
  activityInstanceId: str,
  executionId: str,
  processInstanceId: str,
  processDefinitionId: str,
  processDefinitionKey: str,
  processDefinitionVersionTag: nullableStr,
  businessKey: nullableStr,
  errorMessage: nullableStr,
  retries: nullableInt,
  suspended: bool,
  priority: int,
  tenantId: nullableStr,
} as const;

export const ExternalTaskSchema = schema('ExternalTask', { type: 'object', properties });

/** A task fetch-and-lock handed to a worker, with its variables. */
export const LockedExternalTaskSchema = schema('LockedExternalTask', {
  type: 'object',
  properties: {
    ...properties,
    errorDetails: nullableStr,
    variables: { type: 'object', description: 'Variables { name: { value, type, valueInfo } }' },
    extensionProperties: { type: 'object', additionalProperties: { type: 'string' } },
  },
});

/** `GET/POST /external-task` and `/external-task/count`. */
export const EXTERNAL_TASK_LIST: ListSpec = {
  path: '/external-task',
  what: 'external tasks',
  item: ExternalTaskSchema,
  sortBy: Object.keys(SORT),
  filters: {
    externalTaskId: str,
    externalTaskIdIn: idList,
    topicName: str,
    workerId: str,
    processInstanceId: str,
    processInstanceIdIn: idList,
    processDefinitionId: str,
    processDefinitionKey: str,
    activityId: str,
    activityIdIn: idList,
    locked: bool,
    notLocked: bool,
    withRetriesLeft: bool,
    noRetriesLeft: bool,
    active: bool,
    suspended: bool,
    priorityHigherThanOrEquals: int,
    priorityLowerThanOrEquals: int,
  },
};

export function externalTaskBase(knex: Knex): Knex.QueryBuilder {
  return knex('jobs as j')
    .leftJoin('instances as i', 'i.id', 'j.instance_id')
    .leftJoin('definitions as d', 'd.id', 'j.definition_id')
    .where('j.kind', 'external')
    .select('j.*', 'i.process_key', 'i.business_key', 'i.suspended', 'd.version_tag');
}

function filtered(knex: Knex, p: Params, now: number): Knex.QueryBuilder {
  const q = externalTaskBase(knex);
  const { eq, inList } = columnFilters(q, p);
  eq('externalTaskId', 'j.id');
  inList('externalTaskIdIn', 'j.id');
  eq('topicName', 'j.type');
  eq('workerId', 'j.worker_id');
  eq('processInstanceId', 'j.instance_id');
  inList('processInstanceIdIn', 'j.instance_id');
  eq('processDefinitionId', 'j.definition_id');
  eq('processDefinitionKey', 'i.process_key');
  eq('activityId', 'j.element_id');
  inList('activityIdIn', 'j.element_id');
  if (p.boolean('locked')) q.where('j.lock_expires_at', '>', now);
  if (p.boolean('notLocked'))
    q.where((b) => b.whereNull('j.lock_expires_at').orWhere('j.lock_expires_at', '<=', now));
  if (p.boolean('withRetriesLeft')) q.where('j.failed', false);
  if (p.boolean('noRetriesLeft')) q.where('j.failed', true);
  if (p.boolean('active')) q.where('i.suspended', false);
  if (p.boolean('suspended')) q.where('i.suspended', true);
  const min = p.integer('priorityHigherThanOrEquals');
  if (min !== undefined) q.where('j.priority', '>=', min);
  const max = p.integer('priorityLowerThanOrEquals');
  if (max !== undefined) q.where('j.priority', '<=', max);
  return q;
}

/** The Camunda 7 ExternalTask shape. */
export function externalTaskDto(row: ExternalTaskRow): Record<string, unknown> {
  return {
    id: row.id,
    topicName: row.type,
    workerId: row.worker_id,
    lockExpirationTime: iso(row.lock_expires_at),
    createTime: iso(row.created_at),
    activityId: row.element_id,
    activityInstanceId: `${row.instance_id}:${row.element_key}`,
    executionId: row.instance_id,
    processInstanceId: row.instance_id,
    processDefinitionId: row.definition_id,
    processDefinitionKey: row.process_key,
    processDefinitionVersionTag: row.version_tag,
    businessKey: row.business_key,
    errorMessage: row.error_message,
    retries: row.error_message !== null || row.failed ? row.retries : null,
    suspended: Boolean(row.suspended),
    priority: row.priority,
    tenantId: null,
  };
}

export function externalTaskQuery(knex: Knex, now: () => number): QueryResource {
  return {
    async list(p: Params, page: Page) {
      const q = orderBy(filtered(knex, p, now()), sorting(p, SORT), [
        { column: 'j.created_at', order: 'asc' },
        { column: 'j.id', order: 'asc' },
      ]);
      const rows = (await paged(q, page)) as ExternalTaskRow[];
      return rows.map(externalTaskDto);
    },
    count: (p: Params) => countOf(filtered(knex, p, now())),
  };
}
