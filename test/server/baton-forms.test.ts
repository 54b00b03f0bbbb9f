/**
 * /baton/task/{id}/form and the Camunda `POST /task/{id}/submit-form` on both databases: the
 * fields with their current values or defaults, one 400 naming every failing field, and a valid
 * submission completing the task like /complete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormValidationError, TaskForm } from '../../engine/src/index.ts';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { deploy, start } from './runtimeSupport.ts';

type Variables = Record<string, { value: unknown; type: string }>;

for (const kind of await databaseKinds()) {
  describe(`task forms on ${kind}`, () => {
    let t: TestServer;
    const taskOf = async (instanceId: string) =>
      (await t.rest<{ id: string }[]>('GET', `/task?processInstanceId=${instanceId}`)).body[0].id;

    beforeAll(async () => {
      t = await startTestServer(kind);
      await deploy(t, ['insight-form.bpmn']);
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers the form fields with current values or defaults and the form key', async () => {
      // given
      const id = await start(t, 'insightForm', { variables: { amount: 40 } });
      const taskId = await taskOf(id);
      // when
      const { status, body } = await t.rest<TaskForm>('GET', `/baton/task/${taskId}/form`);
      // then
      expect(status).toBe(200);
      expect(body.taskId).toBe(taskId);
      expect(body.formKey).toBe('embedded:app:forms/decide.html');
      expect(body.fields.map((f) => [f.id, f.type])).toEqual([
        ['amount', 'long'],
        ['approved', 'boolean'],
        ['comment', 'string'],
        ['level', 'enum'],
        ['decidedOn', 'date'],
        ['reference', 'string'],
      ]);
      expect(body.fields[0]).toMatchObject({
        label: 'Amount',
        required: true,
        validation: [{ name: 'required' }, { name: 'min', config: '1' }, { name: 'max', config: '1000' }],
      });
      expect(body.fields[3].values).toEqual([
        { id: 'low', name: 'Low' },
        { id: 'high', name: 'High' },
      ]);
      expect(body.fields[5].readonly).toBe(true);
      expect(body.values).toEqual({
        amount: 40,
        approved: false,
        comment: null,
        level: 'low',
        decidedOn: null,
        reference: 'R-1',
      });
      expect((await t.rest<{ type: string }>('GET', '/baton/task/nope:1/form')).status).toBe(404);
    });

    it('answers 400 naming each failing field, and leaves the task open', async () => {
      // given
      const id = await start(t, 'insightForm');
      const taskId = await taskOf(id);
      const submit = (variables: Record<string, unknown>) =>
        t.rest<FormValidationError>('POST', `/task/${taskId}/submit-form`, { variables });
      // when
      const all = await submit({
        amount: { value: 5000 },
        approved: { value: 'yes' },
        comment: { value: 'far too long here' },
        level: { value: 'medium' },
        decidedOn: { value: 'someday' },
        reference: { value: 'R-2' },
      });
      const missing = await submit({ comment: { value: 'ab' } });
      const fraction = await submit({ amount: { value: 2.5 } });
      const tooSmall = await submit({ amount: { value: 0, type: 'Long' } });
      // then
      expect(all.status).toBe(400);
      expect(all.body.type).toBe('InvalidRequestException');
      expect(all.body.fields).toEqual([
        { field: 'amount', message: "'amount' must be <= 1000" },
        { field: 'approved', message: "'approved' must be true or false" },
        { field: 'comment', message: "'comment' may have at most 10 characters" },
        { field: 'level', message: "'level' must be one of 'low', 'high'" },
        { field: 'decidedOn', message: "'decidedOn' must be a date (dd/MM/yyyy or ISO 8601)" },
        { field: 'reference', message: "'reference' is read-only" },
      ]);
      expect(all.body.message).toContain(`Cannot submit task form ${taskId}: 'amount' must be <= 1000;`);
      expect(missing.body.fields).toEqual([
        { field: 'amount', message: "'amount' is required" },
        { field: 'comment', message: "'comment' needs at least 3 characters" },
      ]);
      expect(fraction.body.fields).toEqual([{ field: 'amount', message: "'amount' must be a whole number" }]);
      expect(tooSmall.body.fields).toEqual([{ field: 'amount', message: "'amount' must be >= 1" }]);
      expect((await t.rest('GET', `/task/${taskId}`)).status).toBe(200);
    });

    it('completes the task with values of the fields types, like /complete', async () => {
      // given
      const id = await start(t, 'insightForm');
      const taskId = await taskOf(id);
      // when
      const { status, body } = await t.rest<Variables>('POST', `/task/${taskId}/submit-form`, {
        variables: {
          amount: { value: '250' },
          approved: { value: 'true' },
          comment: { value: 'fine' },
          level: { value: 'high' },
          decidedOn: { value: '24/12/2026' },
          other: { value: 7 },
        },
        withVariablesInReturn: true,
      });
      // then
      expect(status).toBe(200);
      expect(body.amount).toMatchObject({ value: 250, type: 'Long' });
      expect(body.approved).toMatchObject({ value: true, type: 'Boolean' });
      expect(body.level).toMatchObject({ value: 'high', type: 'String' });
      expect(body.decidedOn).toMatchObject({ value: '2026-12-24T00:00:00.000+0000', type: 'Date' });
      expect(body.other).toMatchObject({ value: 7 });
      expect((await t.rest('GET', `/task/${taskId}`)).status).toBe(404);
      expect((await t.rest('GET', `/process-instance/${id}`)).status).toBe(404);
    });

    it('a value the task already has satisfies required; 204 without variables in return', async () => {
      // given
      const id = await start(t, 'insightForm', { variables: { amount: 3 } });
      const taskId = await taskOf(id);
      // when
      const done = await t.rest('POST', `/task/${taskId}/submit-form`, {});
      const again = await t.rest<{ type: string }>('POST', `/task/${taskId}/submit-form`, {});
      // then
      expect(done.status).toBe(204);
      expect(again.status).toBe(404);
    });
  });
}
