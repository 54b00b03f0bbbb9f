/**
 * Baton's own resources beside the Camunda 7 API, under /engine-rest/baton (types shared with the
 * web app in engine/src/protocol/insight.ts): one module per concept.
 */
import { Router } from 'express';
import type { ApiContext } from '../context.ts';
import { dashboardRoutes } from './dashboard.ts';
import { draftRoutes } from './drafts.ts';
import { eventRoutes } from './events.ts';
import { heatmapRoutes } from './heatmap.ts';
import { taskFormRoutes } from './taskForm.ts';
import { waitingRoutes } from './waiting.ts';

export function batonRoutes(ctx: ApiContext): Router {
  const r = Router();
  r.use(waitingRoutes(ctx));
  r.use(eventRoutes(ctx));
  r.use(heatmapRoutes(ctx));
  r.use(dashboardRoutes(ctx));
  r.use(taskFormRoutes(ctx));
  r.use(draftRoutes(ctx));
  return r;
}
