/**
 * Incidents over REST on both databases: open incidents at GET /incident (handler jobs out of
 * retries, failed expressions), their Camunda shape and filters, resolution through job retries,
 * and the same incidents in GET /history/incident.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { eventually } from './restHelpers.ts';
import { deploy, start } from './runtimeSupport.ts';

interface Incident {
  id: string;
  incidentType: string;
  activityId: string;
  configuration: string | null;
  incidentMessage: string;
  [key: string]: unknown;
}

const FIXTURES = new URL('./fixtures/', import.meta.url);
const CAMUNDA_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

for (const kind of await databaseKinds()) {
  describe(`/incident on ${kind}`, () => {
    let t: TestServer;
    let fixed = false;
    const incidentsOf = async (instanceId: string) =>
      (await t.rest<Incident[]>('GET', `/incident?processInstanceId=${instanceId}`)).body;

    beforeAll(async () => {
      t = await startTestServer(kind);
      t.server.engine.registerHandler('com.acme.Flaky', () => {
        if (!fixed) throw new Error('service unavailable');
        return { variables: { worked: true } };
      });
      await deploy(t, ['operations.bpmn'], FIXTURES);
    });
    afterAll(async () => {
      await t.close();
    });

    it('shows a handler job out of retries as a failedJob incident, resolved by new retries', async () => {
      // given
      const id = await start(t, 'flaky');
      // when
      const [incident] = await eventually(async () => {
        const found = await incidentsOf(id);
        return found.length > 0 ? found : undefined;
      });
      // then
      expect(incident).toMatchObject({
        processInstanceId: id,
        executionId: id,
        incidentType: 'failedJob',
        activityId: 'work',
        failedActivityId: 'work',
        configuration: expect.stringContaining(id),
        incidentMessage: 'service unavailable',
        tenantId: null,
      });
      expect(incident.incidentTimestamp).toMatch(CAMUNDA_DATE);
      const one = await t.rest<Incident>('GET', `/incident/${incident.id}`);
      expect(one.body).toEqual(incident);
      const count = await t.rest('GET', `/incident/count?processInstanceId=${id}&incidentType=failedJob`);
      expect(count.body).toEqual({ count: 1 });
      const otherType = await t.rest(
        'GET',
        `/incident/count?processInstanceId=${id}&incidentType=failedExternalTask`,
      );
      expect(otherType.body).toEqual({ count: 0 });

      // when
      fixed = true;
      const retried = await t.rest('PUT', `/job/${incident.configuration}/retries`, { retries: 1 });
      // then
      expect(retried.status).toBe(204);
      expect(await incidentsOf(id)).toEqual([]);
      const state = await eventually(async () => {
        const { body } = await t.rest<{ state: string }>('GET', `/history/process-instance/${id}`);
        return body.state === 'COMPLETED' ? body.state : undefined;
      });
      expect(state).toBe('COMPLETED');
      const history = await t.rest<Record<string, unknown>[]>(
        'GET',
        `/history/incident?processInstanceId=${id}`,
      );
      expect(history.body).toHaveLength(1);
      expect(history.body[0]).toMatchObject({
        id: incident.id,
        incidentType: 'failedJob',
        processDefinitionKey: 'flaky',
        open: false,
        resolved: true,
        deleted: false,
        rootProcessInstanceId: id,
      });
      expect(history.body[0].endTime).toMatch(CAMUNDA_DATE);
    });

    it('keeps Baton incident types for failures Camunda raises as exceptions', async () => {
      // given
      const id = await start(t, 'tripler');
      // when
      const expression = await t.rest<Incident[]>(
        'GET',
        `/incident?incidentType=expression&processInstanceId=${id}`,
      );
      const open = await t.rest<Incident[]>('GET', `/history/incident?open=true&processInstanceId=${id}`);
      // then
      expect(expression.body).toHaveLength(1);
      expect(expression.body[0]).toMatchObject({ activityId: 'compute', configuration: null });
      expect(open.body.map((x) => x.id)).toEqual([expression.body[0].id]);
    });

    it('sorts incidents and refuses bad parameters', async () => {
      // given
      const a = await start(t, 'tripler');
      const b = await start(t, 'tripler');
      // when
      const sorted = await t.rest<Incident[]>(
        'GET',
        `/incident?incidentType=expression&sortBy=incidentTimestamp&sortOrder=desc&maxResults=2`,
      );
      const badSort = await t.rest<{ message: string }>('GET', '/incident?sortBy=nope');
      const badOrder = await t.rest<{ message: string }>('GET', '/incident?sortBy=incidentId&sortOrder=up');
      const unknown = await t.rest('GET', '/incident/nope');
      // then
      expect(sorted.body).toHaveLength(2);
      expect(sorted.body.map((x) => x.processInstanceId)).toEqual(expect.arrayContaining([b]));
      expect([a, b]).toContain(sorted.body[1].processInstanceId);
      expect(badSort.status).toBe(400);
      expect(badSort.body.message).toContain('sortBy');
      expect(badOrder.status).toBe(400);
      expect(badOrder.body.message).toContain('sortOrder');
      expect(unknown.status).toBe(404);
    });
  });
}
