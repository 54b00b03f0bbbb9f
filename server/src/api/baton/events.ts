/**
 * GET /baton/process-instance/{id}/events: every recorded engine event of an instance, running or
 * ended, in seq order; the web app folds them for its replay slider.
 */
import { Router } from 'express';
import type { InstanceEventLog } from '@baton/engine';
import type { ApiContext } from '../context.ts';
import { route } from '../http.ts';
import { defineEndpoint, errorResponses } from '../schemas.ts';
import { InstanceEventLogSchema } from './schemas.ts';
import { anyInstance } from '../dto.ts';
import { readEvents } from '../../live/instanceFeed.ts';

const events = defineEndpoint({
  method: 'get',
  path: '/baton/process-instance/:id/events',
  summary: 'Every engine event of a process instance (running or ended), in order',
  tags: ['Baton'],
  responses: {
    200: { description: 'The event log', schema: InstanceEventLogSchema },
    ...errorResponses(404),
  },
});

export function eventRoutes(ctx: ApiContext): Router {
  const r = Router();
  const knex = ctx.engine.knex;
  r.get(
    events.path,
    events,
    route(async (req, res) => {
      const row = await anyInstance(knex, String(req.params.id));
      const log: InstanceEventLog = {
        instanceId: row.id,
        definitionId: row.definition_id,
        events: await readEvents(knex, row.id, 0),
      };
      res.json(log);
    }),
  );
  return r;
}
