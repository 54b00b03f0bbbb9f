/**
 * Variables of a running process instance (its own scope, as Camunda's process instance
 * variables): read all or one, set one, delete one, modify several. Writes go through the
 * `variables.set` / `variables.delete` commands, so they are events like any other change.
 */
import { Router } from 'express';
import { toInput, type JsonValue, type VariableType } from '@baton/engine';
import type { ApiContext } from './context.ts';
import { runningInstance } from './dto.ts';
import { HttpError, route } from './http.ts';
import { defineEndpoint, errorResponses, VariablesSchema, VariableValueSchema } from './schemas.ts';
import { fromCamunda, toCamundaValue, type CamundaVariable } from './variables.ts';

const all = defineEndpoint({
  method: 'get',
  path: '/process-instance/:id/variables',
  summary: 'Variables of an instance',
  query: {
    deserializeValues: { type: 'boolean', default: true, description: 'false: Object values as JSON text' },
  },
  responses: { 200: { description: 'Variables', schema: VariablesSchema }, ...errorResponses(404) },
});
const one = defineEndpoint({
  method: 'get',
  path: '/process-instance/:id/variables/:name',
  summary: 'One variable of an instance',
  query: { deserializeValue: { type: 'boolean', default: true } },
  responses: { 200: { description: 'The variable', schema: VariableValueSchema }, ...errorResponses(404) },
});
const put = defineEndpoint({
  method: 'put',
  path: '/process-instance/:id/variables/:name',
  summary: 'Set a variable of an instance',
  bodyRequired: true,
  body: VariableValueSchema,
  responses: { 204: { description: 'Set' }, ...errorResponses(400, 404, 409) },
});
const remove = defineEndpoint({
  method: 'delete',
  path: '/process-instance/:id/variables/:name',
  summary: 'Delete a variable of an instance',
  responses: { 204: { description: 'Deleted (or there was none)' }, ...errorResponses(404, 409) },
});
const modify = defineEndpoint({
  method: 'post',
  path: '/process-instance/:id/variables',
  summary: 'Set and delete variables of an instance',
  description: 'Modifications are applied first, then deletions.',
  bodyRequired: true,
  body: {
    type: 'object',
    properties: { modifications: VariablesSchema, deletions: { type: 'array', items: { type: 'string' } } },
  },
  responses: { 204: { description: 'Done' }, ...errorResponses(400, 404, 409) },
});

/** One variable in the Camunda shape; Object values stay deserialized unless asked not to. */
function camunda(value: JsonValue, type: VariableType | undefined, deserialize: boolean): CamundaVariable {
  const out = toCamundaValue(value, type);
  return out.type === 'Object' && deserialize ? { ...out, value } : out;
}

/** Variable routes of process instances. */
export function processInstanceVariableRoutes(ctx: ApiContext): Router {
  const r = Router();
  const knex = ctx.engine.knex;
  const rootVariables = async (id: string) => {
    const { parsed } = await runningInstance(knex, id);
    const root = parsed.elements[parsed.root];
    return { values: root?.vars ?? {}, types: root?.types ?? {} };
  };
  const set = async (id: string, camundaVariables: unknown) => {
    const values = toInput(fromCamunda(camundaVariables));
    if (values) await ctx.engine.dispatch(id, { type: 'variables.set', variables: values });
  };

  r.get(
    all.path,
    all,
    route(async (req, res) => {
      const { values, types } = await rootVariables(String(req.params.id));
      const deserialize = all.query(req).deserializeValues;
      res.json(
        Object.fromEntries(Object.entries(values).map(([n, v]) => [n, camunda(v, types[n], deserialize)])),
      );
    }),
  );
  r.get(
    one.path,
    one,
    route(async (req, res) => {
      const name = String(req.params.name);
      const { values, types } = await rootVariables(String(req.params.id));
      if (!Object.hasOwn(values, name))
        throw new HttpError(404, `Process instance variable with name ${name} does not exist`);
      res.json(camunda(values[name], types[name], one.query(req).deserializeValue));
    }),
  );
  r.put(
    put.path,
    put,
    route(async (req, res) => {
      const id = String(req.params.id);
      await runningInstance(knex, id);
      await set(id, { [String(req.params.name)]: put.body(req) });
      res.status(204).end();
    }),
  );
  r.delete(
    remove.path,
    remove,
    route(async (req, res) => {
      const id = String(req.params.id);
      await runningInstance(knex, id);
      await ctx.engine.dispatch(id, { type: 'variables.delete', names: [String(req.params.name)] });
      res.status(204).end();
    }),
  );
  r.post(
    modify.path,
    modify,
    route(async (req, res) => {
      const id = String(req.params.id);
      const { modifications, deletions } = modify.body(req);
      await runningInstance(knex, id);
      // Every modification is checked before the first write, so a bad one changes nothing.
      await set(id, modifications);
      if (deletions && deletions.length > 0)
        await ctx.engine.dispatch(id, { type: 'variables.delete', names: deletions });
      res.status(204).end();
    }),
  );
  return r;
}
