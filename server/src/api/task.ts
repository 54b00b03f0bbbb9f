/**
 * User tasks (Camunda 7 `/task`): query, claim / unclaim / assignee (command `task.update`),
 * complete (command `task.complete`), form variables and task variables (those visible from the
 * task's element instance: read, set, delete, modify). A task id is `instanceId:key`, the element
 * instance it belongs to.
 */
import { Router } from 'express';
import { BatonError, toInput, type Command, type InstanceState } from '@baton/engine';
import { visibleVariables } from '../engine/scopeVariables.ts';
import type { ApiContext } from './context.ts';
import { HttpError, route } from './http.ts';
import { mountQuery } from './listEndpoints.ts';
import { changeVariables, VariableChangesSchema } from './processInstanceVariables.ts';
import { defineEndpoint, errorResponses, VariablesSchema, VariableValueSchema } from './schemas.ts';
import { formVariables } from './taskForm.ts';
import { checkedFormVariables, FormValidationErrorSchema } from './taskFormValidation.ts';
import { TASK_LIST, taskBase, taskDto, taskQuery, TaskSchema, type TaskRow } from './taskQuery.ts';
import { fromCamunda, toCamunda, toCamundaValue } from './variables.ts';

const userId = { type: 'string', minLength: 1 } as const;
const done = { 204: { description: 'Done' } } as const;

const get = defineEndpoint({
  method: 'get',
  path: '/task/:id',
  summary: 'Get a user task',
  responses: { 200: { description: 'The task', schema: TaskSchema }, ...errorResponses(404) },
});
const claim = defineEndpoint({
  method: 'post',
  path: '/task/:id/claim',
  summary: 'Claim a task for a user',
  description: 'A task claimed by someone else answers 409 (Camunda: TaskAlreadyClaimedException).',
  bodyRequired: true,
  body: { type: 'object', properties: { userId }, required: ['userId'] },
  responses: { ...done, ...errorResponses(400, 404, 409) },
});
const unclaim = defineEndpoint({
  method: 'post',
  path: '/task/:id/unclaim',
  summary: 'Reset the assignee of a task',
  responses: { ...done, ...errorResponses(404, 409) },
});
const assignee = defineEndpoint({
  method: 'post',
  path: '/task/:id/assignee',
  summary: 'Set (or with null, reset) the assignee of a task',
  bodyRequired: true,
  body: { type: 'object', properties: { userId: { ...userId, nullable: true } }, required: ['userId'] },
  responses: { ...done, ...errorResponses(400, 404, 409) },
});
const completeBody = {
  type: 'object',
  properties: { variables: VariablesSchema, withVariablesInReturn: { type: 'boolean' } },
} as const;
const completeResponses = {
  200: { description: 'Completed; the process variables (withVariablesInReturn)', schema: VariablesSchema },
  ...done,
  ...errorResponses(400, 404, 409),
} as const;
const complete = defineEndpoint({
  method: 'post',
  path: '/task/:id/complete',
  summary: 'Complete a task',
  body: completeBody,
  responses: completeResponses,
});
const submitForm = defineEndpoint({
  method: 'post',
  path: '/task/:id/submit-form',
  summary: 'Complete a task with form values',
  description:
    'Like complete, after checking the camunda:formData fields (type, required, readonly, minlength, ' +
    'maxlength, min, max, enum values); a 400 names every failing field in `fields`.',
  body: completeBody,
  responses: {
    ...completeResponses,
    400: { description: 'Invalid form values or request', schema: FormValidationErrorSchema },
  },
});
const formVars = defineEndpoint({
  method: 'get',
  path: '/task/:id/form-variables',
  summary: 'Form field values (camunda:formData) and the other variables of a task',
  query: { variableNames: { type: 'array', items: { type: 'string' } } },
  responses: { 200: { description: 'Variables', schema: VariablesSchema }, ...errorResponses(404) },
});
const vars = defineEndpoint({
  method: 'get',
  path: '/task/:id/variables',
  summary: 'Variables visible from a task',
  responses: { 200: { description: 'Variables', schema: VariablesSchema }, ...errorResponses(404) },
});
const oneVar = defineEndpoint({
  method: 'get',
  path: '/task/:id/variables/:name',
  summary: 'One variable visible from a task',
  responses: { 200: { description: 'The variable', schema: VariableValueSchema }, ...errorResponses(404) },
});
const putVar = defineEndpoint({
  method: 'put',
  path: '/task/:id/variables/:name',
  summary: 'Set a variable from a task (where it is defined, else on the process instance)',
  bodyRequired: true,
  body: VariableValueSchema,
  responses: { ...done, ...errorResponses(400, 404, 409) },
});
const deleteVar = defineEndpoint({
  method: 'delete',
  path: '/task/:id/variables/:name',
  summary: 'Delete a variable visible from a task (where it is defined)',
  responses: { 204: { description: 'Deleted (or there was none)' }, ...errorResponses(404, 409) },
});
const modifyVars = defineEndpoint({
  method: 'post',
  path: '/task/:id/variables',
  summary: 'Set and delete variables visible from a task',
  description: 'Modifications are applied first (like PUT of each), then deletions (like DELETE of each).',
  bodyRequired: true,
  body: VariableChangesSchema,
  responses: { ...done, ...errorResponses(400, 404, 409) },
});

interface TaskRef {
  row: TaskRow;
  instanceId: string;
  key: string;
}

function taskData(state: InstanceState, ref: TaskRef) {
  const wait = state.elements[ref.key]?.wait;
  if (wait?.kind !== 'task') throw new BatonError('NOT_FOUND', `No task with id '${ref.row.id}'`);
  return wait.task;
}

export function taskRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const find = async (id: string): Promise<TaskRef> => {
    const row = (await taskBase(engine.knex).where('t.id', id).first()) as TaskRow | undefined;
    if (!row) throw new BatonError('NOT_FOUND', `No task with id '${id}'`);
    return { row, instanceId: row.instance_id, key: row.id.slice(row.instance_id.length + 1) };
  };
  const update = async (id: string, assignee: string | null, claiming: boolean) => {
    const ref = await find(id);
    await engine.dispatch(ref.instanceId, (state) => {
      const current = taskData(state, ref).assignee;
      if (claiming && current && current !== assignee)
        throw new BatonError('INVALID_STATE', `Task '${ref.row.id}' is already claimed by ${current}`);
      return { type: 'task.update', key: ref.key, assignee };
    });
  };

  mountQuery(r, TASK_LIST, taskQuery(engine.knex));
  r.get(
    get.path,
    get,
    route(async (req, res) => res.json(taskDto((await find(String(req.params.id))).row))),
  );

  r.post(
    claim.path,
    claim,
    route(async (req, res) => {
      await update(String(req.params.id), claim.body(req).userId, true);
      res.status(204).end();
    }),
  );
  r.post(
    unclaim.path,
    unclaim,
    route(async (req, res) => {
      await update(String(req.params.id), null, false);
      res.status(204).end();
    }),
  );
  r.post(
    assignee.path,
    assignee,
    route(async (req, res) => {
      await update(String(req.params.id), assignee.body(req).userId, false);
      res.status(204).end();
    }),
  );

  for (const endpoint of [complete, submitForm]) {
    r.post(
      endpoint.path,
      endpoint,
      route(async (req, res) => {
        const body = endpoint.body(req);
        const ref = await find(String(req.params.id));
        const command = (input: unknown): Command => {
          const { variables, variableTypes } = fromCamunda(input);
          return { type: 'task.complete', key: ref.key, variables: toInput({ variables, variableTypes }) };
        };
        // The form is checked against the state the command runs on (a retry checks again).
        const step = await engine.dispatch(
          ref.instanceId,
          endpoint === submitForm
            ? (state) =>
                command(
                  checkedFormVariables(
                    ref.row.id,
                    taskData(state, ref).formFields ?? [],
                    body.variables,
                    visibleVariables(state, ref.key),
                  ),
                )
            : command(body.variables),
        );
        if (!body.withVariablesInReturn) return void res.status(204).end();
        const visible = visibleVariables(step.state);
        res.json(toCamunda(visible.values, visible.types));
      }),
    );
  }

  r.get(
    formVars.path,
    formVars,
    route(async (req, res) => {
      const ref = await find(String(req.params.id));
      const state = await engine.state(ref.instanceId);
      const fields = taskData(state, ref).formFields ?? [];
      res.json(formVariables(fields, visibleVariables(state, ref.key), formVars.query(req).variableNames));
    }),
  );
  r.get(
    vars.path,
    vars,
    route(async (req, res) => {
      const ref = await find(String(req.params.id));
      const visible = visibleVariables(await engine.state(ref.instanceId), ref.key);
      res.json(toCamunda(visible.values, visible.types));
    }),
  );
  r.get(
    oneVar.path,
    oneVar,
    route(async (req, res) => {
      const ref = await find(String(req.params.id));
      const name = String(req.params.name);
      const visible = visibleVariables(await engine.state(ref.instanceId), ref.key);
      if (!Object.hasOwn(visible.values, name))
        throw new HttpError(404, `task variable with name ${name} does not exist`, 'InvalidRequestException');
      res.json(toCamundaValue(visible.values[name], visible.types[name]));
    }),
  );
  r.put(
    putVar.path,
    putVar,
    route(async (req, res) => {
      const modifications = { [String(req.params.name)]: putVar.body(req) };
      const ref = await find(String(req.params.id));
      await changeVariables(engine, ref.instanceId, { modifications }, ref.key);
      res.status(204).end();
    }),
  );
  r.delete(
    deleteVar.path,
    deleteVar,
    route(async (req, res) => {
      const ref = await find(String(req.params.id));
      await changeVariables(engine, ref.instanceId, { deletions: [String(req.params.name)] }, ref.key);
      res.status(204).end();
    }),
  );
  r.post(
    modifyVars.path,
    modifyVars,
    route(async (req, res) => {
      const changes = modifyVars.body(req);
      const ref = await find(String(req.params.id));
      await changeVariables(engine, ref.instanceId, changes, ref.key);
      res.status(204).end();
    }),
  );
  return r;
}
