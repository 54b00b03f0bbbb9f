/**
 * Variables of a running process instance (its own scope, as Camunda's process instance
 * variables): read all or one, set one, delete one, modify several. Writes go through the
 * `variables.set` / `variables.delete` commands, so they are events like any other change;
 * `changeVariables` applies them for task variables too.
 */
import { Router } from 'express';
import { toInput, type JsonValue, type VariableType } from '@baton/engine';
import type { DurableEngine } from '../engine/durableEngine.ts';
import { variableHolder } from '../engine/scopeVariables.ts';
import type { ApiContext } from './context.ts';
import { runningInstance } from './dto.ts';
import { HttpError, route } from './http.ts';
import {
  defineEndpoint,
  errorResponses,
  schema,
  VariablesSchema,
  VariableValueSchema,
  type Infer,
} from './schemas.ts';
import { fromCamunda, toCamundaValue, type CamundaVariable } from './variables.ts';

/** Variables to set and names to delete in one request (Camunda's PatchVariablesDto). */
export const VariableChangesSchema = schema('PatchVariables', {
  type: 'object',
  properties: { modifications: VariablesSchema, deletions: { type: 'array', items: { type: 'string' } } },
});
export type VariableChanges = Infer<typeof VariableChangesSchema>;

/**
 * Sets the modifications, then deletes the deletions. Without `scope` both apply to the process
 * instance's own variables; from element instance `scope` (a task) a variable is set and deleted
 * where it is visible from there, a new one is set on the process instance. Every modification is
 * checked before the first write, so a bad one changes nothing.
 */
export async function changeVariables(
  engine: DurableEngine,
  instanceId: string,
  changes: VariableChanges,
  scope?: string,
): Promise<void> {
  const values = toInput(fromCamunda(changes.modifications));
  if (values) await engine.dispatch(instanceId, { type: 'variables.set', scope, variables: values });
  const names = changes.deletions ?? [];
  if (scope === undefined) {
    if (names.length > 0) await engine.dispatch(instanceId, { type: 'variables.delete', names });
    return;
  }
  // Where a name lives is read from the state the command runs on (a retry looks again).
  for (const name of names)
    await engine.dispatch(instanceId, (state) => ({
      type: 'variables.delete',
      scope: variableHolder(state, scope, name),
      names: [name],
    }));
}

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
  body: VariableChangesSchema,
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
      await changeVariables(ctx.engine, id, { modifications: { [String(req.params.name)]: put.body(req) } });
      res.status(204).end();
    }),
  );
  r.delete(
    remove.path,
    remove,
    route(async (req, res) => {
      const id = String(req.params.id);
      await runningInstance(knex, id);
      await changeVariables(ctx.engine, id, { deletions: [String(req.params.name)] });
      res.status(204).end();
    }),
  );
  r.post(
    modify.path,
    modify,
    route(async (req, res) => {
      const id = String(req.params.id);
      const changes = modify.body(req);
      await runningInstance(knex, id);
      await changeVariables(ctx.engine, id, changes);
      res.status(204).end();
    }),
  );
  return r;
}
