/**
 * Deployments: list, count, get, delete (with cascade); POST /deployment/create lives in
 * deploymentCreate.ts.
 */
import { Router } from 'express';
import { BatonError } from '@baton/engine';
import type { ApiContext } from './context.ts';
import { DeploymentSchema, deploymentDto, selfLink, type DeploymentRow } from './dto.ts';
import { route } from './http.ts';
import { CountSchema, defineEndpoint, errorResponses, pagingQuery, sortingQuery } from './schemas.ts';
import { deleteDeployment } from '../engine/deleteDeployment.ts';
import { deploymentCreateRoutes } from './deploymentCreate.ts';

const flag = { type: 'boolean', default: false } as const;

const filters = {
  id: { type: 'string' },
  name: { type: 'string' },
  nameLike: { type: 'string', description: 'SQL LIKE pattern (% and _)' },
  source: { type: 'string' },
} as const;
const list = defineEndpoint({
  method: 'get',
  path: '/deployment',
  summary: 'List deployments',
  query: { ...filters, ...pagingQuery, ...sortingQuery(['id', 'name', 'deploymentTime']) },
  responses: { 200: { description: 'Deployments', schema: { type: 'array', items: DeploymentSchema } } },
});
const count = defineEndpoint({
  method: 'get',
  path: '/deployment/count',
  summary: 'Count deployments',
  query: filters,
  responses: { 200: { description: 'Count', schema: CountSchema } },
});
const get = defineEndpoint({
  method: 'get',
  path: '/deployment/:id',
  summary: 'Get a deployment',
  responses: { 200: { description: 'The deployment', schema: DeploymentSchema }, ...errorResponses(404) },
});
const remove = defineEndpoint({
  method: 'delete',
  path: '/deployment/:id',
  summary: 'Delete a deployment',
  description: 'Without cascade=true a deployment with running instances is not deleted (409).',
  query: {
    cascade: { ...flag, description: 'Also delete the instances of its definitions' },
    skipCustomListeners: flag,
    skipIoMappings: flag,
  },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

/** Deployment routes. */
export function deploymentRoutes(ctx: ApiContext): Router {
  const r = Router();
  const knex = ctx.engine.knex;
  r.use(deploymentCreateRoutes(ctx));

  const filtered = (q: ReturnType<typeof count.query>) => {
    const query = knex('deployments');
    if (q.id !== undefined) void query.where({ id: q.id });
    if (q.name !== undefined) void query.where({ name: q.name });
    if (q.nameLike !== undefined) void query.where('name', 'like', q.nameLike);
    if (q.source !== undefined) void query.where({ source: q.source });
    return query;
  };

  r.get(
    list.path,
    list,
    route(async (req, res) => {
      const q = list.query(req);
      const query = filtered(q);
      const column = { id: 'id', name: 'name', deploymentTime: 'deployed_at' }[q.sortBy ?? 'deploymentTime'];
      void query.orderBy([{ column, order: q.sortOrder ?? 'asc' }, { column: 'id' }]);
      if (q.firstResult) void query.offset(q.firstResult);
      if (q.maxResults !== undefined) void query.limit(q.maxResults);
      const rows = (await query) as DeploymentRow[];
      res.json(rows.map((row) => deploymentDto(row)));
    }),
  );

  r.get(
    count.path,
    count,
    route(async (req, res) => {
      const row = (await filtered(count.query(req)).count({ n: '*' }).first()) as { n: number | string };
      res.json({ count: Number(row.n) });
    }),
  );

  r.get(
    get.path,
    get,
    route(async (req, res) => {
      const row = (await knex('deployments').where({ id: req.params.id }).first()) as
        DeploymentRow | undefined;
      if (!row) throw new BatonError('NOT_FOUND', `Deployment with id '${req.params.id}' does not exist`);
      res.json(deploymentDto(row, selfLink(req, `/deployment/${row.id}`)));
    }),
  );

  r.delete(
    remove.path,
    remove,
    route(async (req, res) => {
      await deleteDeployment(ctx.engine, String(req.params.id), remove.query(req).cascade);
      res.status(204).end();
    }),
  );
  return r;
}
