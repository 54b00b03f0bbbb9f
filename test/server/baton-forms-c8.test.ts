/**
 * A Camunda 8 form embedded in the process (`zeebe:userTaskForm`) on both databases: /baton's task
 * form answers its fields like camunda:formData's, `POST /task/{id}/submit-form` checks them
 * (one 400 naming every failing field) and completes the task with values of the fields' types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormValidationError, TaskForm } from '../../engine/src/index.ts';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { deploy, start } from './runtimeSupport.ts';

type Variables = Record<string, { value: unknown; type: string }>;

for (const kind of await databaseKinds()) {
  describe(`Camunda 8 embedded task forms on ${kind}`, () => {
    let t: TestServer;
    const taskOf = async (instanceId: string) =>
      (await t.rest<{ id: string }[]>('GET', `/task?processInstanceId=${instanceId}`)).body[0].id;

    beforeAll(async () => {
      t = await startTestServer(kind);
      await deploy(t, ['embedded-form-c8.bpmn']);
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers the embedded form fields with current values or defaults and the form key', async () => {
      // given
      const id = await start(t, 'embeddedForm', { variables: { claimant: 'Ann' } });
      const taskId = await taskOf(id);
      // when
      const { status, body } = await t.rest<TaskForm>('GET', `/baton/task/${taskId}/form`);
      // then
      expect(status).toBe(200);
      expect(body.formKey).toBe('camunda-forms:bpmn:UserTaskForm_1');
      expect(body.fields.map((f) => [f.id, f.type])).toEqual([
        ['claimant', 'string'],
        ['amount', 'long'],
        ['rate', 'double'],
        ['approved', 'boolean'],
        ['level', 'enum'],
        ['channel', 'string'],
        ['decidedOn', 'date'],
        ['reference', 'string'],
      ]);
      expect(body.fields[1]).toMatchObject({ label: 'Amount', required: true });
      expect(body.values).toEqual({
        claimant: 'Ann',
        amount: 100,
        rate: null,
        approved: false,
        level: 'low',
        channel: null,
        decidedOn: null,
        reference: 'R-1',
      });
      const vars = await t.rest<Variables>('GET', `/task/${taskId}/form-variables`);
      expect(vars.body.amount).toMatchObject({ value: 100, type: 'Long' });
      expect(vars.body.rate).toMatchObject({ value: null, type: 'Double' });
    });

    it('answers 400 naming each failing field, and leaves the task open', async () => {
      // given
      const id = await start(t, 'embeddedForm');
      const taskId = await taskOf(id);
      const submit = (variables: Record<string, unknown>) =>
        t.rest<FormValidationError>('POST', `/task/${taskId}/submit-form`, { variables });
      // when
      const all = await submit({
        claimant: { value: 'ann' },
        amount: { value: 1.5 },
        rate: { value: 0.125 },
        approved: { value: 'maybe' },
        level: { value: 'medium' },
        decidedOn: { value: 'someday' },
        reference: { value: 'R-2' },
      });
      const missing = await submit({ claimant: { value: 'A' }, rate: { value: 'x' } });
      const limits = await submit({
        claimant: { value: 'Ann' },
        amount: { value: 1001 },
        rate: { value: 2 },
        decidedOn: { value: '2026-12-24' },
      });
      // then
      expect(all.status).toBe(400);
      expect(all.body.type).toBe('InvalidRequestException');
      expect(all.body.fields).toEqual([
        { field: 'claimant', message: "'claimant' must match the pattern ^[A-Z]" },
        { field: 'amount', message: "'amount' must be a whole number" },
        { field: 'rate', message: "'rate' may have at most 2 decimal digits" },
        { field: 'approved', message: "'approved' must be true or false" },
        { field: 'level', message: "'level' must be one of 'low', 'high'" },
        { field: 'decidedOn', message: "'decidedOn' must be a date (dd/MM/yyyy or ISO 8601)" },
        { field: 'reference', message: "'reference' is read-only" },
      ]);
      expect(missing.body.fields).toEqual([
        { field: 'claimant', message: "'claimant' needs at least 2 characters" },
        { field: 'amount', message: "'amount' is required" },
        { field: 'rate', message: "'rate' must be a number" },
        { field: 'decidedOn', message: "'decidedOn' is required" },
      ]);
      expect(limits.body.fields).toEqual([
        { field: 'amount', message: "'amount' must be <= 1000" },
        { field: 'rate', message: "'rate' must be <= 1" },
      ]);
      expect((await t.rest('GET', `/task/${taskId}`)).status).toBe(200);
    });

    it('completes the task with values of the fields types', async () => {
      // given
      const id = await start(t, 'embeddedForm');
      const taskId = await taskOf(id);
      // when
      const { status, body } = await t.rest<Variables>('POST', `/task/${taskId}/submit-form`, {
        variables: {
          claimant: { value: 'Ann' },
          amount: { value: '250' },
          rate: { value: '0.25' },
          approved: { value: true },
          level: { value: 'high' },
          channel: { value: 'phone' },
          decidedOn: { value: '2026-12-24' },
        },
        withVariablesInReturn: true,
      });
      // then
      expect(status).toBe(200);
      expect(body.claimant).toMatchObject({ value: 'Ann', type: 'String' });
      expect(body.amount).toMatchObject({ value: 250, type: 'Long' });
      expect(body.rate).toMatchObject({ value: 0.25, type: 'Double' });
      expect(body.approved).toMatchObject({ value: true, type: 'Boolean' });
      expect(body.level).toMatchObject({ value: 'high', type: 'String' });
      expect(body.channel).toMatchObject({ value: 'phone', type: 'String' });
      expect(body.decidedOn).toMatchObject({ value: '2026-12-24T00:00:00.000+0000', type: 'Date' });
      expect((await t.rest('GET', `/task/${taskId}`)).status).toBe(404);
      expect((await t.rest('GET', `/process-instance/${id}`)).status).toBe(404);
    });
  });
}
