/**
 * Starting instances: POST /process-definition/{id}/start and /key/{key}/start (latest version),
 * with Camunda variables and business key; answers Camunda's ProcessInstanceWithVariables.
 */
import { Router, type Request } from 'express';
import type { InstanceState, JsonValue, VariableType } from '@baton/engine';
import type { StoredDefinition } from '../engine/definitions.ts';
import type { ApiContext } from './context.ts';
import { instanceDto, ProcessInstanceSchema, selfLink } from './dto.ts';
import { HttpError, route } from './http.ts';
import { defineEndpoint, errorResponses, schema, VariablesSchema } from './schemas.ts';
import { fromCamunda, toCamunda } from './variables.ts';

const startBody = {
  type: 'object',
  properties: {
    variables: VariablesSchema,
    businessKey: { type: 'string' },
    withVariablesInReturn: { type: 'boolean', default: false },
    caseInstanceId: { type: 'string', description: 'Ignored' },
    skipCustomListeners: { type: 'boolean', description: 'Ignored' },
    skipIoMappings: { type: 'boolean', description: 'Ignored' },
    startInstructions: { type: 'array', items: { type: 'object' }, description: 'Not supported (400)' },
  },
} as const;
const startResponses = {
  200: {
    description: 'The new instance (variables only with withVariablesInReturn)',
    schema: schema('ProcessInstanceWithVariables', {
      ...ProcessInstanceSchema,
      properties: { ...ProcessInstanceSchema.properties, variables: VariablesSchema },
    }),
  },
  ...errorResponses(400, 404),
};
const startById = defineEndpoint({
  method: 'post',
  path: '/process-definition/:id/start',
  summary: 'Start an instance',
  body: startBody,
  responses: startResponses,
});
const startByKey = defineEndpoint({
  method: 'post',
  path: '/process-definition/key/:key/start',
  summary: 'Start an instance of the latest version',
  body: startBody,
  responses: startResponses,
});

/** Root variables of a state just returned by a command. */
function rootVariables(state: InstanceState): {
  values: Record<string, JsonValue>;
  types: Record<string, VariableType>;
} {
  if (state.status !== 'active') return { values: state.variables ?? {}, types: state.types ?? {} };
  const root = state.elements[state.root];
  return { values: root?.vars ?? {}, types: root?.types ?? {} };
}

/** The start routes (`/key/...` first). */
export function processDefinitionStartRoutes(ctx: ApiContext): Router {
  const r = Router();
  const start = async (req: Request, def: StoredDefinition, body: ReturnType<typeof startById.body>) => {
    if (body.startInstructions !== undefined)
      throw new HttpError(400, "Request body field 'startInstructions' is not supported by Baton");
    const { variables, variableTypes } = fromCamunda(body.variables);
    const state = await ctx.engine.start(def, { variables, variableTypes, businessKey: body.businessKey });
    const row = {
      id: state.id,
      definition_id: def.id,
      business_key: state.businessKey ?? null,
      status: state.status,
      suspended: false,
    };
    const dto = instanceDto(row, selfLink(req, `/process-instance/${state.id}`));
    if (!body.withVariablesInReturn) return dto;
    const { values, types } = rootVariables(state);
    return { ...dto, variables: toCamunda(values, types) };
  };

  r.post(
    startByKey.path,
    startByKey,
    route(async (req, res) => {
      const def = await ctx.engine.definitions.find(String(req.params.key));
      res.json(await start(req, def, startByKey.body(req)));
    }),
  );
  r.post(
    startById.path,
    startById,
    route(async (req, res) => {
      const def = await ctx.engine.definitions.get(String(req.params.id));
      res.json(await start(req, def, startById.body(req)));
    }),
  );
  return r;
}
