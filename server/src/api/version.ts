/** GET /version: what clients probe to see the engine is up. */
import { Router } from 'express';
import type { ApiContext } from './context.ts';
import { route } from './http.ts';
import { defineEndpoint, schema } from './schemas.ts';

export const BATON_VERSION = '0.1.0';

const VersionSchema = schema('Version', {
  type: 'object',
  properties: {
    version: { type: 'string', description: 'The Camunda 7 REST dialect Baton speaks' },
    engine: { type: 'string', enum: ['baton'] },
    batonVersion: { type: 'string' },
  },
});

const version = defineEndpoint({
  method: 'get',
  path: '/version',
  summary: 'The engine version (what clients probe to see the engine is up)',
  responses: { 200: { description: 'The version', schema: VersionSchema } },
});

export function versionRoutes(_ctx: ApiContext): Router {
  const r = Router();
  r.get(
    version.path,
    version,
    route(async (_req, res) => {
      // Camunda 7.x clients read `version`; Baton speaks its REST dialect.
      res.json({ version: '7.22.0', engine: 'baton', batonVersion: BATON_VERSION });
    }),
  );
  return r;
}
