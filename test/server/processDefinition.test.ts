/**
 * Process definitions over REST on both databases: queries, lookups by id and key, XML, starting
 * instances with Camunda variables, request validation, and runtime statistics.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../support/harness.ts';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { deploy, eventually, type DeployedDefinition } from './restHelpers.ts';

interface Definition {
  id: string;
  key: string;
  version: number;
  deploymentId: string;
}
interface Started {
  id: string;
  definitionId: string;
  businessKey: string | null;
  ended: boolean;
  suspended: boolean;
  links: { href: string }[];
  variables?: Record<string, { value: unknown; type: string }>;
}
interface ActivityStats {
  id: string;
  instances: number;
  failedJobs: number;
  incidents: { incidentType: string; incidentCount: number }[];
}

for (const kind of await databaseKinds()) {
  describe(`process definitions on ${kind}`, () => {
    let t: TestServer;
    let straight1: DeployedDefinition;
    let straight2: DeployedDefinition;
    let review: DeployedDefinition;
    beforeAll(async () => {
      t = await startTestServer(kind);
      straight1 = (await deploy(t, 'straight.bpmn')).straight;
      ({ straight: straight2, review } = await deploy(t, 'straight.bpmn', 'usertask-c7.bpmn'));
    });
    afterAll(async () => {
      await t.close();
    });

    const ids = (defs: Definition[]) => defs.map((d) => d.id);

    it('queries definitions by key, version, latest version, deployment, with sorting and paging', async () => {
      // when
      const byKey = await t.rest<Definition[]>(
        'GET',
        '/process-definition?key=straight&sortBy=version&sortOrder=desc',
      );
      const latest = await t.rest<Definition[]>(
        'GET',
        '/process-definition?latestVersion=true&sortBy=key&sortOrder=asc',
      );
      const keysIn = await t.rest<Definition[]>(
        'GET',
        '/process-definition?keysIn=review,straight&version=1&sortBy=key&sortOrder=asc',
      );
      const byDeployment = await t.rest<Definition[]>(
        'GET',
        `/process-definition?deploymentId=${review.deploymentId}`,
      );
      const page = await t.rest<Definition[]>(
        'GET',
        '/process-definition?sortBy=version&sortOrder=asc&firstResult=1&maxResults=1&key=straight',
      );
      const count = await t.rest('GET', '/process-definition/count?latestVersion=true');
      // then
      expect(ids(byKey.body)).toEqual([straight2.id, straight1.id]);
      expect(byKey.body[0]).toMatchObject({
        key: 'straight',
        version: 2,
        name: 'Straight through',
        suspended: false,
        tenantId: null,
      });
      expect(ids(latest.body)).toEqual([review.id, straight2.id]);
      expect(ids(keysIn.body)).toEqual([review.id, straight1.id]);
      expect(ids(byDeployment.body).sort()).toEqual([review.id, straight2.id].sort());
      expect(ids(page.body)).toEqual([straight2.id]);
      expect(count.body).toEqual({ count: 2 });
    });

    it('gets a definition by id, the latest by key, and their XML', async () => {
      // when
      const byId = await t.rest<Definition>('GET', `/process-definition/${straight1.id}`);
      const byKey = await t.rest<Definition>('GET', '/process-definition/key/straight');
      const xml = await t.rest<{ id: string; bpmn20Xml: string }>(
        'GET',
        `/process-definition/${review.id}/xml`,
      );
      const keyXml = await t.rest<{ id: string; bpmn20Xml: string }>(
        'GET',
        '/process-definition/key/straight/xml',
      );
      // then
      expect(byId.body).toMatchObject({ id: straight1.id, version: 1, resource: 'straight.bpmn' });
      expect(byKey.body.id).toBe(straight2.id);
      expect(xml.body).toEqual({ id: review.id, bpmn20Xml: fixture('usertask-c7.bpmn') });
      expect(keyXml.body.id).toBe(straight2.id);
    });

    it('answers unknown ids and keys with 404', async () => {
      for (const path of [
        '/process-definition/nope',
        '/process-definition/key/nope',
        '/process-definition/nope/xml',
        '/process-definition/key/nope/xml',
        '/process-definition/nope/statistics',
      ]) {
        // when
        const { status, body } = await t.rest<{ type: string }>('GET', path);
        // then
        expect(status, path).toBe(404);
        expect(body.type).toBe('NotFoundException');
      }
      expect((await t.rest('POST', '/process-definition/key/nope/start', {})).status).toBe(404);
      expect((await t.rest('POST', '/process-definition/nope/start', {})).status).toBe(404);
    });

    it('starts an instance by key with Camunda variables and returns them on request', async () => {
      // when
      const { status, body } = await t.rest<Started>('POST', '/process-definition/key/review/start', {
        businessKey: 'claim-7',
        variables: {
          initiator: { value: 'ann', type: 'String' },
          amount: { value: 2000, type: 'Long' },
          claim: { value: '{"lines":[1,2]}', type: 'Json' },
        },
        withVariablesInReturn: true,
      });
      // then
      expect(status).toBe(200);
      expect(body).toMatchObject({
        definitionId: review.id,
        businessKey: 'claim-7',
        ended: false,
        suspended: false,
      });
      expect(body.links[0].href).toBe(`${t.url}/engine-rest/process-instance/${body.id}`);
      expect(body.variables).toEqual({
        initiator: { value: 'ann', type: 'String', valueInfo: {} },
        amount: { value: 2000, type: 'Long', valueInfo: {} },
        claim: { value: '{"lines":[1,2]}', type: 'Json', valueInfo: {} },
      });
      const task = await t.server.db.knex('tasks').where({ instance_id: body.id }).first();
      expect(task).toMatchObject({ assignee: 'ann', priority: 80 });
    });

    it('starts by id without returning variables, and reports an instance that ended at once', async () => {
      // given
      const one = BPMN_STRAIGHT_THROUGH;
      const { quick } = await deploy(t, { name: 'quick.bpmn', xml: one });
      // when
      const { status, body } = await t.rest<Started>('POST', `/process-definition/${quick.id}/start`, {
        variables: { x: { value: 1 } },
      });
      // then
      expect(status).toBe(200);
      expect(body.ended).toBe(true);
      expect(body).not.toHaveProperty('variables');
      // when: no body at all
      const bare = await fetch(`${t.url}/engine-rest/process-definition/${quick.id}/start`, {
        method: 'POST',
      });
      // then
      expect(bare.status).toBe(200);
    });

    it('rejects bad start requests with 400 naming the field, never 500', async () => {
      const cases: [unknown, string][] = [
        [{ variables: 'x' }, "'variables'"],
        [{ variables: { amount: 5 } }, "'variables.amount'"],
        [{ variables: { amount: { value: 'lots', type: 'Integer' } } }, "'amount'"],
        [{ variables: { amount: { value: 1, type: 'Money' } } }, "'amount'"],
        [{ businessKey: 42 }, "'businessKey'"],
        [{ withVariablesInReturn: 'yes' }, "'withVariablesInReturn'"],
        [{ startInstructions: [{ type: 'startBeforeActivity' }] }, "'startInstructions'"],
        [[1, 2], 'JSON object'],
      ];
      for (const [body, named] of cases) {
        // when
        const response = await t.rest<{ type: string; message: string }>(
          'POST',
          '/process-definition/key/review/start',
          body,
        );
        // then
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.body.message).toContain(named);
      }
      const bad = await fetch(`${t.url}/engine-rest/process-definition/key/review/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"variables": ',
      });
      expect(bad.status).toBe(400);
      const raw = (path: string, body?: string, type = 'application/json') =>
        fetch(`${t.url}/engine-rest${path}`, {
          method: body ? 'POST' : 'GET',
          body,
          headers: { 'content-type': type },
        });
      expect((await raw('/process-definition/%ZZ')).status).toBe(400);
      expect((await raw('/process-definition/key/review/start', ' '.repeat(11 << 20))).status).toBe(413);
      expect(
        (await raw('/process-definition/key/review/start', '{}', 'application/json; charset=latin-9')).status,
      ).toBe(415);
      for (const query of [
        'version=abc',
        'latestVersion=maybe',
        'sortBy=colour',
        'sortOrder=sideways',
        'firstResult=-3',
      ]) {
        const response = await t.rest<{ message: string }>('GET', `/process-definition?${query}`);
        expect(response.status, query).toBe(400);
        expect(response.body.message).toContain(`'${query.split('=')[0]}'`);
      }
    });

    it('keeps long keys, names and user ids; a value the database cannot store is a 400 for its request only', async () => {
      // given: longer than Camunda's varchar(255) columns
      const key = 'k'.repeat(300);
      const name = 'v'.repeat(300);
      const user = 'u'.repeat(300);
      // when
      const started = await t.rest<Started>('POST', '/process-definition/key/review/start', {
        businessKey: key,
        variables: {
          [name]: { value: 1, type: 'Integer' },
          initiator: { value: 'ann', type: 'String' },
          amount: { value: 5, type: 'Integer' },
        },
      });
      // then
      expect(started.status).toBe(200);
      expect(started.body.businessKey).toBe(key);
      const tasks = await t.rest<{ id: string }[]>('GET', `/task?processInstanceId=${started.body.id}`);
      expect((await t.rest('POST', `/task/${tasks.body[0].id}/assignee`, { userId: user })).status).toBe(204);
      expect((await t.rest<{ assignee: string }>('GET', `/task/${tasks.body[0].id}`)).body.assignee).toBe(
        user,
      );
      const variables = await t.rest<Record<string, unknown>>(
        'GET',
        `/history/variable-instance?processInstanceId=${started.body.id}`,
      );
      expect(JSON.stringify(variables.body)).toContain(name);

      // when: straight-through starts (group-committed together), one with a key PostgreSQL refuses
      // (random text: PostgreSQL compresses index entries, a repeated letter would fit)
      const refused = ['nul\u0000key', randomBytes(4000).toString('base64')];
      const results = await Promise.all(
        [...refused, 'fine-1', 'fine-2', 'fine-3'].map((businessKey) =>
          t.rest<Started & { message: string }>('POST', '/process-definition/key/straight/start', {
            businessKey,
          }),
        ),
      );
      // then: sqlite stores any text; on PostgreSQL only the refused ones fail, with a 400 saying why
      for (const [i, result] of results.entries()) {
        if (kind === 'pg' && i < refused.length) {
          expect(result.status, `start ${i}`).toBe(400);
          expect(result.body.message).toMatch(i === 0 ? /cannot store/ : /too long to be indexed/);
        } else {
          expect(result.status).toBe(200);
          const stored = await t.rest<Started>('GET', `/history/process-instance/${result.body.id}`);
          expect(stored.body.businessKey).toBe([...refused, 'fine-1', 'fine-2', 'fine-3'][i]);
        }
      }
    });

    it('counts active element instances, failed jobs and incidents per activity', async () => {
      // given: two instances waiting in the user task, one whose external task failed for good
      const s = await startTestServer(kind);
      try {
        const defs = await deploy(s, 'usertask-c7.bpmn', 'straight.bpmn');
        for (const initiator of ['ann', 'bob'])
          await s.rest('POST', '/process-definition/key/review/start', {
            variables: { initiator: { value: initiator }, amount: { value: 1 } },
          });
        for (let i = 0; i < 2; i++) await s.rest('POST', '/process-definition/key/straight/start', {});
        const [task] = await s.server.externalTasks.fetchAndLock('w', 1, [
          { topicName: 'check', lockDuration: 10_000 },
        ]);
        await s.server.externalTasks.failure(task.id, 'w', { errorMessage: 'down', retries: 0 });
        // when
        const reviewStats = await s.rest<ActivityStats[]>(
          'GET',
          `/process-definition/${defs.review.id}/statistics`,
        );
        const plain = await s.rest<ActivityStats[]>('GET', '/process-definition/key/straight/statistics');
        const withIncidents = await s.rest<ActivityStats[]>(
          'GET',
          '/process-definition/key/straight/statistics?incidents=true&failedJobs=true',
        );
        const ofType = await s.rest<ActivityStats[]>(
          'GET',
          `/process-definition/${defs.straight.id}/statistics?incidentsForType=timer`,
        );
        const ofExternalType = await s.rest<ActivityStats[]>(
          'GET',
          `/process-definition/${defs.straight.id}/statistics?incidentsForType=failedExternalTask`,
        );
        const both = await s.rest(
          'GET',
          `/process-definition/${defs.straight.id}/statistics?incidentsForType=x&incidents=true`,
        );
        // then
        expect(reviewStats.body).toEqual([
          expect.objectContaining({ id: 'reviewClaim', instances: 2, failedJobs: 0, incidents: [] }),
        ]);
        expect(plain.body).toEqual([
          expect.objectContaining({ id: 'check', instances: 2, failedJobs: 0, incidents: [] }),
        ]);
        expect(withIncidents.body).toEqual([
          expect.objectContaining({
            id: 'check',
            instances: 2,
            incidents: [{ incidentType: 'failedExternalTask', incidentCount: 1 }],
          }),
        ]);
        expect(ofType.body[0].incidents).toEqual([]);
        expect(ofExternalType.body[0].incidents).toEqual([
          { incidentType: 'failedExternalTask', incidentCount: 1 },
        ]);
        const listed = await s.rest<{ incidentType: string }[]>(
          'GET',
          `/incident?processDefinitionId=${defs.straight.id}`,
        );
        expect(listed.body.map((i) => i.incidentType)).toEqual(['failedExternalTask']);
        expect(both.status).toBe(400);
      } finally {
        await s.close();
      }
    });

    it('counts failed jobs of in-process handlers and running instances per definition', async () => {
      // given: the 'check' topic runs in-process and always throws
      const s = await startTestServer(kind);
      try {
        s.server.engine.registerHandler('check', () => {
          throw new Error('service down');
        });
        const defs = await deploy(s, 'straight.bpmn', 'usertask-c7.bpmn');
        const started = await s.rest<Started>('POST', '/process-definition/key/straight/start', {});
        await eventually(() =>
          s.server.db.knex('jobs').where({ instance_id: started.body.id, failed: true }).first(),
        );
        // when
        const perActivity = await s.rest<ActivityStats[]>(
          'GET',
          `/process-definition/${defs.straight.id}/statistics?failedJobs=true&incidents=true`,
        );
        const perDefinition = await s.rest<(ActivityStats & { definition: Definition })[]>(
          'GET',
          '/process-definition/statistics?failedJobs=true&rootIncidents=true',
        );
        const plain = await s.rest<ActivityStats[]>('GET', '/process-definition/statistics');
        // then
        expect(perActivity.body).toEqual([
          expect.objectContaining({
            id: 'check',
            instances: 1,
            failedJobs: 1,
            incidents: [{ incidentType: 'failedJob', incidentCount: 1 }],
          }),
        ]);
        const byId = Object.fromEntries(perDefinition.body.map((d) => [d.id, d]));
        expect(byId[defs.straight.id]).toMatchObject({
          instances: 1,
          failedJobs: 1,
          incidents: [{ incidentType: 'failedJob', incidentCount: 1 }],
          definition: { id: defs.straight.id, key: 'straight' },
        });
        expect(byId[defs.review.id]).toMatchObject({ instances: 0, failedJobs: 0, incidents: [] });
        expect(plain.body.find((d) => d.id === defs.straight.id)).toMatchObject({
          failedJobs: 0,
          incidents: [],
        });
      } finally {
        await s.close();
      }
    });

    it('counts multi-instance bodies and their iterations separately', async () => {
      // given
      const { miParallel } = await deploy(t, 'multi-instance.bpmn');
      await t.rest('POST', `/process-definition/${miParallel.id}/start`, {
        variables: { reviewers: { value: '["a","b","c"]', type: 'Json' } },
      });
      // when
      const { body } = await t.rest<ActivityStats[]>(
        'GET',
        `/process-definition/${miParallel.id}/statistics`,
      );
      // then
      expect(body.map((s) => [s.id, s.instances])).toEqual([
        ['review', 3],
        ['review#multiInstanceBody', 1],
      ]);
    });
  });
}

const BPMN_STRAIGHT_THROUGH = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://baton.dev/test">
  <bpmn:process id="quick" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
