/**
 * Process definitions: query, count, get by id or key (latest version), BPMN XML; the start and
 * statistics routes are mounted from their modules.
 */
import { Router } from 'express';
import type { Knex } from 'knex';
import type { ApiContext } from './context.ts';
import {
  DEFINITION_COLUMNS,
  definitionDto,
  definitionRow,
  ProcessDefinitionSchema,
  type DefinitionRow,
} from './dto.ts';
import { route } from './http.ts';
import { CountSchema, defineEndpoint, errorResponses, pagingQuery, schema, sortingQuery } from './schemas.ts';
import { processDefinitionStartRoutes } from './processDefinitionStart.ts';
import { statisticsRoutes } from './statistics.ts';

const list = { type: 'array', items: { type: 'string' } } as const;
const filters = {
  processDefinitionId: { type: 'string' },
  processDefinitionIdIn: list,
  key: { type: 'string' },
  keysIn: list,
  keyLike: { type: 'string', description: 'SQL LIKE pattern (% and _)' },
  name: { type: 'string' },
  nameLike: { type: 'string' },
  version: { type: 'integer', minimum: 1 },
  latestVersion: { type: 'boolean', description: 'Only the latest version of each key' },
  deploymentId: { type: 'string' },
  resourceName: { type: 'string' },
  versionTag: { type: 'string' },
} as const;
const SORT = {
  id: 'id',
  key: 'key',
  name: 'name',
  version: 'version',
  deploymentId: 'deployment_id',
  versionTag: 'version_tag',
};

const query = defineEndpoint({
  method: 'get',
  path: '/process-definition',
  summary: 'Query process definitions',
  query: {
    ...filters,
    ...pagingQuery,
    ...sortingQuery(['id', 'key', 'name', 'version', 'deploymentId', 'versionTag']),
  },
  responses: {
    200: { description: 'Definitions', schema: { type: 'array', items: ProcessDefinitionSchema } },
  },
});
const count = defineEndpoint({
  method: 'get',
  path: '/process-definition/count',
  summary: 'Count process definitions',
  query: filters,
  responses: { 200: { description: 'Count', schema: CountSchema } },
});

const found = {
  200: { description: 'The definition', schema: ProcessDefinitionSchema },
  ...errorResponses(404),
};
const xmlResponse = {
  200: {
    description: 'The BPMN XML',
    schema: schema('ProcessDefinitionXml', {
      type: 'object',
      properties: { id: { type: 'string' }, bpmn20Xml: { type: 'string' } },
    }),
  },
  ...errorResponses(404),
};
const byId = defineEndpoint({
  method: 'get',
  path: '/process-definition/:id',
  summary: 'Get a definition',
  responses: found,
});
const byKey = defineEndpoint({
  method: 'get',
  path: '/process-definition/key/:key',
  summary: 'Get the latest definition of a key',
  responses: found,
});
const xmlById = defineEndpoint({
  method: 'get',
  path: '/process-definition/:id/xml',
  summary: 'BPMN XML of a definition',
  responses: xmlResponse,
});
const xmlByKey = defineEndpoint({
  method: 'get',
  path: '/process-definition/key/:key/xml',
  summary: 'BPMN XML of the latest definition of a key',
  responses: xmlResponse,
});
type Filters = ReturnType<typeof count.query>;

function filtered(knex: Knex, q: Filters): Knex.QueryBuilder {
  const b = knex('definitions');
  if (q.processDefinitionId !== undefined) void b.where({ id: q.processDefinitionId });
  if (q.processDefinitionIdIn) void b.whereIn('id', q.processDefinitionIdIn);
  if (q.key !== undefined) void b.where({ key: q.key });
  if (q.keysIn) void b.whereIn('key', q.keysIn);
  if (q.keyLike !== undefined) void b.where('key', 'like', q.keyLike);
  if (q.name !== undefined) void b.where({ name: q.name });
  if (q.nameLike !== undefined) void b.where('name', 'like', q.nameLike);
  if (q.version !== undefined) void b.where({ version: q.version });
  if (q.deploymentId !== undefined) void b.where({ deployment_id: q.deploymentId });
  if (q.resourceName !== undefined) void b.where({ resource_name: q.resourceName });
  if (q.versionTag !== undefined) void b.where({ version_tag: q.versionTag });
  if (q.latestVersion)
    void b.whereRaw('version = (select max(d2.version) from definitions d2 where d2.key = definitions.key)');
  return b;
}

/** Process definition routes (statistics first: `/statistics` is not an id). */
export function processDefinitionRoutes(ctx: ApiContext): Router {
  const r = Router();
  const knex = ctx.engine.knex;
  r.use(statisticsRoutes(ctx));
  r.use(processDefinitionStartRoutes(ctx));

  r.get(
    query.path,
    query,
    route(async (req, res) => {
      const q = query.query(req);
      const b = filtered(knex, q).select(DEFINITION_COLUMNS);
      const column = SORT[q.sortBy ?? 'id'];
      void b.orderBy([{ column, order: q.sortOrder ?? 'asc' }, { column: 'id' }]);
      if (q.firstResult) void b.offset(q.firstResult);
      if (q.maxResults !== undefined) void b.limit(q.maxResults);
      res.json(((await b) as DefinitionRow[]).map(definitionDto));
    }),
  );
  r.get(
    count.path,
    count,
    route(async (req, res) => {
      const row = (await filtered(knex, count.query(req)).count({ n: '*' }).first()) as {
        n: number | string;
      };
      res.json({ count: Number(row.n) });
    }),
  );

  // `/key/...` before `/:id/...`: `/process-definition/key/xml` is the latest of key 'xml'.
  r.get(
    byKey.path,
    byKey,
    route(async (req, res) => {
      res.json(definitionDto(await definitionRow(knex, { key: String(req.params.key) })));
    }),
  );
  r.get(
    xmlByKey.path,
    xmlByKey,
    route(async (req, res) => {
      const row = await definitionRow(knex, { key: String(req.params.key) }, ['id', 'xml']);
      res.json({ id: row.id, bpmn20Xml: row.xml });
    }),
  );
  r.get(
    byId.path,
    byId,
    route(async (req, res) => {
      res.json(definitionDto(await definitionRow(knex, { id: String(req.params.id) })));
    }),
  );
  r.get(
    xmlById.path,
    xmlById,
    route(async (req, res) => {
      const row = await definitionRow(knex, { id: String(req.params.id) }, ['id', 'xml']);
      res.json({ id: row.id, bpmn20Xml: row.xml });
    }),
  );
  return r;
}
