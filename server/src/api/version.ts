/** GET /version: what clients probe to see the engine is up. */
import { Router } from 'express';
import type { ApiContext } from './context.ts';
import { route } from './http.ts';

export const BATON_VERSION = '0.1.0';

export function versionRoutes(_ctx: ApiContext): Router {
  const r = Router();
  r.get(
    '/version',
    route(async (_req, res) => {
      // Camunda 7.x clients read `version`; Baton speaks its REST dialect.
      res.json({ version: '7.22.0', engine: 'baton', batonVersion: BATON_VERSION });
    }),
  );
  return r;
}
