/**
 * The Camunda-7-compatible REST API under /engine-rest: one router module per resource, mounted
 * here in one explicit list.
 */
import express, { Router } from 'express';
import type { ApiContext } from './context.ts';
import { errorHandler } from './http.ts';
import { versionRoutes } from './version.ts';

export function createApi(ctx: ApiContext): Router {
  const api = Router();
  api.use(express.json({ limit: '10mb' }));
  api.use(versionRoutes(ctx));
  api.use(errorHandler);
  return api;
}
