/**
 * Querying running process instances: GET with query parameters, POST with a JSON body (the same
 * filters), and their counts. Ended instances are history and not found here.
 */
import { Router } from 'express';
import type { Knex } from 'knex';
import type { ApiContext } from './context.ts';
import { instanceDto, ProcessInstanceSchema, type InstanceRow } from './dto.ts';
import { route } from './http.ts';
import { orderBy, Params, sorting } from './listQuery.ts';
import {
  CountSchema,
  defineEndpoint,
  errorResponses,
  pagingQuery,
  sortingArray,
  sortingQuery,
} from './schemas.ts';

const ids = { type: 'array', items: { type: 'string' } } as const;
const filters = {
  processInstanceIds: ids,
  businessKey: { type: 'string' },
  businessKeyLike: { type: 'string', description: 'SQL LIKE pattern (% and _)' },
  processDefinitionId: { type: 'string' },
  processDefinitionKey: { type: 'string' },
  processDefinitionKeyIn: ids,
  deploymentId: { type: 'string' },
  superProcessInstance: { type: 'string', description: 'Instances called by this instance' },
  subProcessInstance: { type: 'string', description: 'The instance that called this instance' },
  active: { type: 'boolean', description: 'Only not suspended instances' },
  suspended: { type: 'boolean', description: 'Only suspended instances' },
  withIncident: { type: 'boolean', description: 'Only instances with an open incident' },
} as const;
const SORT = {
  instanceId: 'id',
  definitionKey: 'process_key',
  definitionId: 'definition_id',
  businessKey: 'business_key',
};
const SORT_FIELDS = ['instanceId', 'definitionKey', 'definitionId', 'businessKey'] as const;
const sortParams = sortingQuery(SORT_FIELDS);
const listResponse = {
  200: { description: 'Instances', schema: { type: 'array', items: ProcessInstanceSchema } },
  ...errorResponses(400),
} as const;

const list = defineEndpoint({
  method: 'get',
  path: '/process-instance',
  summary: 'Query running instances',
  query: { ...filters, ...pagingQuery, ...sortParams },
  responses: listResponse,
});
const count = defineEndpoint({
  method: 'get',
  path: '/process-instance/count',
  summary: 'Count running instances',
  query: filters,
  responses: { 200: { description: 'Count', schema: CountSchema } },
});
const listPost = defineEndpoint({
  method: 'post',
  path: '/process-instance',
  summary: 'Query running instances (filters in the body)',
  query: pagingQuery,
  body: {
    type: 'object',
    properties: { ...filters, ...sortParams, sorting: sortingArray(SORT_FIELDS) },
  },
  responses: listResponse,
});
const countPost = defineEndpoint({
  method: 'post',
  path: '/process-instance/count',
  summary: 'Count running instances (filters in the body)',
  body: { type: 'object', properties: filters },
  responses: { 200: { description: 'Count', schema: CountSchema } },
});
type Filters = ReturnType<typeof count.query>;

function filtered(knex: Knex, f: Filters): Knex.QueryBuilder {
  const b = knex('instances').where({ status: 'active' });
  if (f.processInstanceIds) void b.whereIn('id', f.processInstanceIds);
  if (f.businessKey !== undefined) void b.where({ business_key: f.businessKey });
  if (f.businessKeyLike !== undefined) void b.where('business_key', 'like', f.businessKeyLike);
  if (f.processDefinitionId !== undefined) void b.where({ definition_id: f.processDefinitionId });
  if (f.processDefinitionKey !== undefined) void b.where({ process_key: f.processDefinitionKey });
  if (f.processDefinitionKeyIn) void b.whereIn('process_key', f.processDefinitionKeyIn);
  if (f.deploymentId !== undefined)
    void b.whereIn(
      'definition_id',
      knex('definitions').where({ deployment_id: f.deploymentId }).select('id'),
    );
  if (f.superProcessInstance !== undefined) void b.where({ super_instance_id: f.superProcessInstance });
  if (f.subProcessInstance !== undefined)
    void b.whereIn(
      'id',
      knex('instances')
        .where({ id: f.subProcessInstance })
        .whereNotNull('super_instance_id')
        .select('super_instance_id'),
    );
  if (f.active) void b.where({ suspended: false });
  if (f.suspended) void b.where({ suspended: true });
  if (f.withIncident) void b.where('incidents', '>', 0);
  return b;
}

const COLUMNS = ['id', 'definition_id', 'business_key', 'status', 'suspended'];

/** The query routes (before `/process-instance/:id`: `count` is not an id). */
export function processInstanceQueryRoutes(ctx: ApiContext): Router {
  const r = Router();
  const knex = ctx.engine.knex;

  /** `f` may sort by `sortBy` + `sortOrder` and (a body) by a `sorting` array, as the task query. */
  const page = async (f: Filters, p: { firstResult?: number; maxResults?: number }) => {
    const b = filtered(knex, f).select(COLUMNS);
    orderBy(b, sorting(new Params(f), SORT), [{ column: 'id', order: 'asc' }]);
    if (p.firstResult) void b.offset(p.firstResult);
    if (p.maxResults !== undefined) void b.limit(p.maxResults);
    return ((await b) as InstanceRow[]).map((row) => instanceDto(row));
  };
  const total = async (f: Filters) => {
    const row = (await filtered(knex, f).count({ n: '*' }).first()) as { n: number | string };
    return { count: Number(row.n) };
  };

  r.get(
    list.path,
    list,
    route(async (req, res) => {
      const q = list.query(req);
      res.json(await page(q, q));
    }),
  );
  r.post(
    listPost.path,
    listPost,
    route(async (req, res) => {
      res.json(await page(listPost.body(req), listPost.query(req)));
    }),
  );
  r.get(
    count.path,
    count,
    route(async (req, res) => {
      res.json(await total(count.query(req)));
    }),
  );
  r.post(
    countPost.path,
    countPost,
    route(async (req, res) => {
      res.json(await total(countPost.body(req)));
    }),
  );
  return r;
}
