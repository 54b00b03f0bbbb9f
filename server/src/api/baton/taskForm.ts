/**
 * GET /baton/task/{id}/form: what the web app renders for a task: the form fields of the compiled
 * definition (`camunda:formData` or a Camunda 8 embedded form), their current values (or
 * defaults) and the form key.
 */
import { Router } from 'express';
import { BatonError, type TaskForm } from '@baton/engine';
import { visibleVariables } from '../../engine/scopeVariables.ts';
import type { ApiContext } from '../context.ts';
import { route } from '../http.ts';
import { defineEndpoint, errorResponses } from '../schemas.ts';
import { fieldValue } from '../taskForm.ts';
import { TaskFormSchema } from './schemas.ts';

const form = defineEndpoint({
  method: 'get',
  path: '/baton/task/:id/form',
  summary:
    'The form of a user task: camunda:formData or embedded form-js fields with their current values, form key',
  tags: ['Baton'],
  responses: { 200: { description: 'The form', schema: TaskFormSchema }, ...errorResponses(404) },
});

export function taskFormRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  r.get(
    form.path,
    form,
    route(async (req, res) => {
      const id = String(req.params.id);
      const row = (await engine.knex('tasks').where({ id }).first('id', 'instance_id', 'definition_id')) as
        { id: string; instance_id: string; definition_id: string } | undefined;
      if (!row) throw new BatonError('NOT_FOUND', `No task with id '${id}'`);
      const key = id.slice(row.instance_id.length + 1);
      const state = await engine.state(row.instance_id);
      const inst = state.elements[key];
      if (inst?.wait?.kind !== 'task') throw new BatonError('NOT_FOUND', `No task with id '${id}'`);
      const def = await engine.definitions.get(row.definition_id);
      const userTask = def.process.elements[inst.elementId]?.userTask;
      // The definition is the source; the state's copy covers tasks of definitions compiled before.
      const fields = userTask?.formFields ?? inst.wait.task.formFields ?? [];
      const visible = visibleVariables(state, key);
      const body: TaskForm = {
        taskId: id,
        fields,
        values: Object.fromEntries(fields.map((f) => [f.id, fieldValue(f, visible)])),
      };
      const formKey = inst.wait.task.formKey ?? userTask?.formKey ?? userTask?.formId;
      if (formKey !== undefined) body.formKey = formKey;
      res.json(body);
    }),
  );
  return r;
}
