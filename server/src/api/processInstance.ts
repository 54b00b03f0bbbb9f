/**
 * Running process instances: get, delete (terminates; called instances follow through the
 * outbox), suspend / activate, the activity instance tree; the query and variables routes come
 * from their modules. Ended instances are history: 404 here.
 */
import { Router } from 'express';
import { ActivityInstanceSchema, activityTree } from './activityInstances.ts';
import type { ApiContext } from './context.ts';
import { instanceDto, ProcessInstanceSchema, runningInstance } from './dto.ts';
import { HttpError, route } from './http.ts';
import { defineEndpoint, errorResponses } from './schemas.ts';
import { processInstanceQueryRoutes } from './processInstanceQuery.ts';
import { processInstanceVariableRoutes } from './processInstanceVariables.ts';

const get = defineEndpoint({
  method: 'get',
  path: '/process-instance/:id',
  summary: 'Get a running instance',
  responses: { 200: { description: 'The instance', schema: ProcessInstanceSchema }, ...errorResponses(404) },
});
const remove = defineEndpoint({
  method: 'delete',
  path: '/process-instance/:id',
  summary: 'Terminate a running instance (and the instances it called)',
  query: {
    failIfNotExists: { type: 'boolean', default: true, description: 'false: an unknown id answers 204' },
    skipCustomListeners: { type: 'boolean' },
    skipIoMappings: { type: 'boolean' },
    skipSubprocesses: {
      type: 'boolean',
      description: 'Only false is supported: called instances are always terminated too (true is a 400)',
    },
  },
  responses: { 204: { description: 'Terminated' }, ...errorResponses(400, 404, 409) },
});
const suspend = defineEndpoint({
  method: 'put',
  path: '/process-instance/:id/suspended',
  summary: 'Suspend or activate an instance',
  description: 'A suspended instance refuses commands; its jobs and external tasks are not offered.',
  bodyRequired: true,
  body: { type: 'object', properties: { suspended: { type: 'boolean' } }, required: ['suspended'] },
  responses: { 204: { description: 'Done' }, ...errorResponses(400, 404) },
});
const tree = defineEndpoint({
  method: 'get',
  path: '/process-instance/:id/activity-instances',
  summary: 'Activity instance tree',
  responses: { 200: { description: 'The tree', schema: ActivityInstanceSchema }, ...errorResponses(404) },
});

/** Process instance routes. */
export function processInstanceRoutes(ctx: ApiContext): Router {
  const r = Router();
  const knex = ctx.engine.knex;
  r.use(processInstanceQueryRoutes(ctx));

  r.get(
    get.path,
    get,
    route(async (req, res) => {
      res.json(instanceDto(await runningInstance(knex, String(req.params.id))));
    }),
  );

  r.delete(
    remove.path,
    remove,
    route(async (req, res) => {
      const id = String(req.params.id);
      // Camunda detaches the called instances; the engine cannot drop their parent link yet.
      if (remove.query(req).skipSubprocesses)
        throw new HttpError(400, 'skipSubprocesses is not supported: called instances are terminated too');
      const exists = await knex('instances').where({ id, status: 'active' }).first('id');
      if (!exists) {
        if (remove.query(req).failIfNotExists)
          throw new HttpError(
            404,
            `Process instance with id ${id} does not exist`,
            'InvalidRequestException',
          );
        res.status(204).end();
        return;
      }
      await ctx.engine.dispatch(id, { type: 'instance.terminate', reason: 'deleted' }, undefined, {
        evenIfSuspended: true,
      });
      res.status(204).end();
    }),
  );

  r.put(
    suspend.path,
    suspend,
    route(async (req, res) => {
      const { suspended } = suspend.body(req);
      // Bumping the version makes a command racing with the suspension retry, and then see it.
      const updated = await knex('instances')
        .where({ id: String(req.params.id), status: 'active' })
        .update({ suspended, version: knex.raw('version + 1') });
      if (updated === 0)
        throw new HttpError(
          404,
          `Process instance with id ${req.params.id} does not exist`,
          'NotFoundException',
        );
      if (!suspended) ctx.engine.bus.emit('jobs');
      res.status(204).end();
    }),
  );

  r.get(
    tree.path,
    tree,
    route(async (req, res) => {
      const row = await runningInstance(knex, String(req.params.id));
      const def = await ctx.engine.definitions.get(row.definition_id);
      res.json(activityTree(row.parsed, def.process));
    }),
  );

  r.use(processInstanceVariableRoutes(ctx));
  return r;
}
