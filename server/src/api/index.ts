/**
 * The Camunda-7-compatible REST API under /engine-rest: one router module per resource, mounted
 * here in one explicit list. JSON bodies must be objects; an unknown path answers a JSON 404.
 */
import express, { Router } from 'express';
import type { ApiContext } from './context.ts';
import { errorHandler, requireObjectBody, unknownRoute } from './http.ts';
import { versionRoutes } from './version.ts';
import { taskRoutes } from './task.ts';
import { externalTaskRoutes } from './externalTask.ts';
import { messageRoutes } from './message.ts';
import { incidentRoutes } from './incident.ts';
import { jobRoutes } from './job.ts';
import { historyRoutes } from './history.ts';
import { deploymentRoutes } from './deployment.ts';
import { processDefinitionRoutes } from './processDefinition.ts';
import { processInstanceRoutes } from './processInstance.ts';
import { openApiRoutes } from './openapi.ts';
import { batonRoutes } from './baton/index.ts';
import { draftJson } from './baton/drafts.ts';

export function createApi(ctx: ApiContext): Router {
  const api = Router();
  api.use('/baton/draft', draftJson);
  api.use(express.json({ limit: '10mb' }));
  api.use(requireObjectBody);
  api.use(versionRoutes(ctx));
  api.use(taskRoutes(ctx));
  api.use(externalTaskRoutes(ctx));
  api.use(messageRoutes(ctx));
  api.use(incidentRoutes(ctx));
  api.use(jobRoutes(ctx));
  api.use(historyRoutes(ctx));
  api.use(deploymentRoutes(ctx));
  api.use(processDefinitionRoutes(ctx));
  api.use(processInstanceRoutes(ctx));
  api.use(batonRoutes(ctx));
  api.use(openApiRoutes(ctx));
  api.use(unknownRoute);
  api.use(errorHandler);
  return api;
}
