/**
 * Jobs (Camunda 7 `/job`): timers, timer start events, in-process handler jobs, and internal work
 * that failed. External tasks live under `/external-task`, but `PUT /job/{id}/retries` takes their
 * ids too: more retries on a failed job resolve its incident; zero raise one.
 */
import { Router } from 'express';
import type { Knex } from 'knex';
import { BatonError } from '@baton/engine';
import type { ApiContext } from './context.ts';
import { iso, route } from './http.ts';
import { bool, date, idList, int, mountQuery, nullableStr, str, type ListSpec } from './listEndpoints.ts';
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
import { defineEndpoint, errorResponses, schema } from './schemas.ts';

interface JobRow {
  id: string;
  kind: string;
  instance_id: string | null;
  element_id: string | null;
  definition_id: string | null;
  due_at: number | string;
  retries: number;
  error_message: string | null;
  failed: boolean | number;
  priority: number;
  created_at: number | string;
  process_key: string | null;
  suspended: boolean | number | null;
}

const SORT: Record<string, string> = {
  jobId: 'j.id',
  executionId: 'j.instance_id',
  processInstanceId: 'j.instance_id',
  processDefinitionId: 'j.definition_id',
  processDefinitionKey: 'd.key',
  jobPriority: 'j.priority',
  jobRetries: 'j.retries',
  jobDueDate: 'j.due_at',
};

export const JobSchema = schema('Job', {
  type: 'object',
  properties: {
    id: str,
    jobDefinitionId: nullableStr,
    dueDate: date,
    processInstanceId: nullableStr,
    executionId: nullableStr,
    processDefinitionId: nullableStr,
    processDefinitionKey: nullableStr,
    retries: int,
    exceptionMessage: nullableStr,
    failedActivityId: nullableStr,
    suspended: bool,
    priority: int,
    tenantId: nullableStr,
    createTime: date,
    batchId: nullableStr,
  },
});

const JOB_LIST: ListSpec = {
  path: '/job',
  what: 'jobs (timers, handler jobs, failed internal work)',
  item: JobSchema,
  sortBy: Object.keys(SORT),
  filters: {
    jobId: str,
    jobIds: idList,
    processInstanceId: str,
    processInstanceIds: idList,
    executionId: str,
    processDefinitionId: str,
    processDefinitionKey: str,
    activityId: str,
    timers: bool,
    messages: bool,
    executable: bool,
    withRetriesLeft: bool,
    noRetriesLeft: bool,
    withException: bool,
    active: bool,
    suspended: bool,
  },
};

const get = defineEndpoint({
  method: 'get',
  path: '/job/:id',
  summary: 'Get a job',
  responses: { 200: { description: 'The job', schema: JobSchema }, ...errorResponses(404) },
});
const retries = defineEndpoint({
  method: 'put',
  path: '/job/:id/retries',
  summary: 'Set the retries of a job (or external task)',
  description: 'More than zero on a failed job resolves its incident; zero on a task job raises one.',
  bodyRequired: true,
  body: { type: 'object', required: ['retries'], properties: { retries: { type: 'integer', minimum: 0 } } },
  responses: { 204: { description: 'Done' }, ...errorResponses(400, 404, 409) },
});

function base(knex: Knex): Knex.QueryBuilder {
  return knex('jobs as j')
    .leftJoin('instances as i', 'i.id', 'j.instance_id')
    .leftJoin('definitions as d', 'd.id', 'j.definition_id')
    .where((b) =>
      b
        .whereIn('j.kind', ['timer', 'timer-start', 'handler'])
        .orWhere((o) => o.where('j.kind', 'outbox').whereNotNull('j.error_message')),
    )
    .select('j.*', 'd.key as process_key', 'i.suspended');
}

function filtered(knex: Knex, p: Params, now: number): Knex.QueryBuilder {
  const q = base(knex);
  const { eq, inList } = columnFilters(q, p);
  eq('jobId', 'j.id');
  inList('jobIds', 'j.id');
  eq('processInstanceId', 'j.instance_id');
  inList('processInstanceIds', 'j.instance_id');
  eq('executionId', 'j.instance_id');
  eq('processDefinitionId', 'j.definition_id');
  eq('processDefinitionKey', 'd.key');
  eq('activityId', 'j.element_id');
  if (p.boolean('timers')) q.whereIn('j.kind', ['timer', 'timer-start']);
  if (p.boolean('messages')) q.whereIn('j.kind', ['handler', 'outbox']);
  if (p.boolean('executable')) q.where('j.due_at', '<=', now).where('j.failed', false);
  if (p.boolean('withRetriesLeft')) q.where('j.failed', false);
  if (p.boolean('noRetriesLeft')) q.where('j.failed', true);
  if (p.boolean('withException')) q.whereNotNull('j.error_message');
  if (p.boolean('active')) q.where((b) => b.whereNull('i.suspended').orWhere('i.suspended', false));
  if (p.boolean('suspended')) q.where('i.suspended', true);
  return q;
}

/** The Camunda 7 Job shape. */
function jobDto(row: JobRow): Record<string, unknown> {
  return {
    id: row.id,
    jobDefinitionId: null,
    dueDate: iso(row.due_at),
    processInstanceId: row.instance_id,
    executionId: row.instance_id,
    processDefinitionId: row.definition_id,
    processDefinitionKey: row.process_key,
    retries: row.retries,
    exceptionMessage: row.error_message,
    failedActivityId: row.error_message ? row.element_id : null,
    suspended: Boolean(row.suspended),
    priority: row.priority,
    tenantId: null,
    createTime: iso(row.created_at),
    batchId: null,
  };
}

function jobQuery(knex: Knex, now: () => number): QueryResource {
  return {
    async list(p: Params, page: Page) {
      const q = orderBy(filtered(knex, p, now()), sorting(p, SORT), [
        { column: 'j.due_at', order: 'asc' },
        { column: 'j.id', order: 'asc' },
      ]);
      return ((await paged(q, page)) as JobRow[]).map(jobDto);
    },
    count: (p: Params) => countOf(filtered(knex, p, now())),
  };
}

export function jobRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  mountQuery(
    r,
    JOB_LIST,
    jobQuery(engine.knex, () => engine.now()),
  );
  r.get(
    get.path,
    get,
    route(async (req, res) => {
      const id = String(req.params.id);
      const row = (await base(engine.knex).where('j.id', id).first()) as JobRow | undefined;
      if (!row) throw new BatonError('NOT_FOUND', `No job with id '${id}'`);
      res.json(jobDto(row));
    }),
  );
  r.put(
    retries.path,
    retries,
    route(async (req, res) => {
      await ctx.externalTasks.setRetries(String(req.params.id), retries.body(req).retries);
      res.status(204).end();
    }),
  );
  return r;
}
