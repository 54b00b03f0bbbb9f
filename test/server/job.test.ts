/**
 * Jobs over REST on both databases: timers and handler jobs at GET /job in the Camunda Job shape,
 * filters, and PUT /job/{id}/retries (zero retries raise an incident; more resolve it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { eventually } from './restHelpers.ts';
import { deploy, start } from './runtimeSupport.ts';

interface Job {
  id: string;
  dueDate: string;
  retries: number;
  exceptionMessage: string | null;
  failedActivityId: string | null;
  processInstanceId: string | null;
  [key: string]: unknown;
}

const FIXTURES = new URL('./fixtures/', import.meta.url);

for (const kind of await databaseKinds()) {
  describe(`/job on ${kind}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(kind);
      t.server.engine.registerHandler('com.acme.Flaky', () => {
        throw new Error('down for maintenance');
      });
      await deploy(t, ['operations.bpmn'], FIXTURES);
      await deploy(t, ['straight.bpmn']);
    });
    afterAll(async () => {
      await t.close();
    });

    it('lists a timer job in the Camunda shape', async () => {
      // given
      const before = Date.now();
      const id = await start(t, 'sleeper');
      // when
      const { status, body } = await t.rest<Job[]>('GET', `/job?timers=true&processInstanceId=${id}`);
      // then
      expect(status).toBe(200);
      expect(body).toHaveLength(1);
      expect(body[0]).toMatchObject({
        processInstanceId: id,
        processDefinitionKey: 'sleeper',
        retries: 3,
        exceptionMessage: null,
        suspended: false,
        jobDefinitionId: null,
        tenantId: null,
      });
      const due = Date.parse(body[0].dueDate.replace('+0000', 'Z'));
      expect(due).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
      expect((await t.rest<Job>('GET', `/job/${body[0].id}`)).body).toEqual(body[0]);
      expect((await t.rest('GET', `/job/count?processInstanceId=${id}&executable=true`)).body).toEqual({
        count: 0,
      });
    });

    it('shows a failed handler job; zero and more retries raise and resolve its incident', async () => {
      // given
      const id = await start(t, 'flaky');
      const failed = await eventually(async () => {
        const { body } = await t.rest<Job[]>('GET', `/job?processInstanceId=${id}&noRetriesLeft=true`);
        return body.length > 0 ? body[0] : undefined;
      });
      // then
      expect(failed).toMatchObject({
        retries: 0,
        exceptionMessage: 'down for maintenance',
        failedActivityId: 'work',
      });
      expect((await t.rest('GET', `/job/count?processInstanceId=${id}&withException=true`)).body).toEqual({
        count: 1,
      });
      expect((await t.rest<unknown[]>('GET', `/incident?processInstanceId=${id}`)).body).toHaveLength(1);

      // when
      const retried = await t.rest('PUT', `/job/${failed.id}/retries`, { retries: 5 });
      // then
      expect(retried.status).toBe(204);
      expect((await t.rest<unknown[]>('GET', `/incident?processInstanceId=${id}`)).body).toHaveLength(0);
    });

    it('raises an incident when an external task gets zero retries', async () => {
      // given
      const id = await start(t, 'straight');
      const [task] = (await t.rest<{ id: string }[]>('GET', `/external-task?processInstanceId=${id}`)).body;
      // when
      const zero = await t.rest('PUT', `/job/${task.id}/retries`, { retries: 0 });
      // then
      expect(zero.status).toBe(204);
      const incidents = await t.rest<{ incidentType: string }[]>('GET', `/incident?processInstanceId=${id}`);
      expect(incidents.body.map((x) => x.incidentType)).toEqual(['failedExternalTask']);
    });

    it('answers 400 naming the field and 404 for unknown jobs', async () => {
      // when
      const noRetries = await t.rest<{ message: string }>('PUT', '/job/x/retries', {});
      const negative = await t.rest<{ message: string }>('PUT', '/job/x/retries', { retries: -2 });
      const unknown = await t.rest('PUT', '/job/nope/retries', { retries: 1 });
      const badFlag = await t.rest<{ message: string }>('GET', '/job?timers=maybe');
      const unknownGet = await t.rest('GET', '/job/nope');
      // then
      expect(noRetries.status).toBe(400);
      expect(noRetries.body.message).toContain('retries');
      expect(negative.status).toBe(400);
      expect(unknown.status).toBe(404);
      expect(badFlag.status).toBe(400);
      expect(badFlag.body.message).toContain('timers');
      expect(unknownGet.status).toBe(404);
    });
  });
}
