/**
 * Deployments over REST on both databases: multipart create (Camunda's DeploymentWithDefinitions),
 * all-or-nothing on bad files, duplicate filtering, queries, delete with and without cascade.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { deploy, deployForm, eventually, type DeployedDefinition } from './restHelpers.ts';

const BPMN = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://baton.dev/test">${body}</bpmn:definitions>`;

/** Compiles, but its timer start cannot be scheduled: the deploy fails after rows were written. */
const TIMER_FROM_EXPRESSION = BPMN(`<bpmn:process id="cron" isExecutable="true">
  <bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">\${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
  <bpmn:sequenceFlow id="f" sourceRef="tick" targetRef="e" /><bpmn:endEvent id="e" />
</bpmn:process>`);

for (const kind of await databaseKinds()) {
  describe(`deployments on ${kind}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(kind);
    });
    afterAll(async () => {
      await t.close();
    });

    const table = (name: string) => t.server.db.knex(name);

    it('deploys several files and answers the deployment with its definitions by id', async () => {
      // when
      const { status, body } = await deployForm(t, ['usertask-c7.bpmn', 'call-parent.bpmn'], {
        'deployment-name': 'claims',
        'deployment-source': 'modeler',
      });
      // then
      expect(status).toBe(200);
      expect(body).toMatchObject({ name: 'claims', source: 'modeler', tenantId: null });
      expect(body.deploymentTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
      expect(body.links[0].href).toBe(`${t.url}/engine-rest/deployment/${body.id}`);
      const defs = Object.entries(body.deployedProcessDefinitions);
      expect(defs.map(([, d]) => d.key).sort()).toEqual(['parent', 'parentAll', 'parentZeebe', 'review']);
      for (const [id, d] of defs) expect(d).toMatchObject({ id, deploymentId: body.id, version: 1 });
      expect(defs.find(([, d]) => d.key === 'review')?.[1].resource).toBe('usertask-c7.bpmn');
      // when
      const got = await t.rest('GET', `/deployment/${body.id}`);
      // then
      expect(got).toMatchObject({ status: 200, body: { id: body.id, name: 'claims', source: 'modeler' } });
    });

    it('keeps nothing of a deployment with a bad file and answers every diagnostic', async () => {
      // given
      const before = await table('definitions').count({ n: '*' }).first();
      // when
      const { status, body } = await deployForm<{
        type: string;
        message: string;
        details: Record<string, unknown>[];
      }>(t, ['straight.bpmn', 'broken.bpmn'], { 'deployment-name': 'half-broken' });
      // then
      expect(status).toBe(400);
      expect(body.type).toBe('ParseException');
      expect(body.details.length).toBeGreaterThan(3);
      for (const d of body.details) {
        expect(d).toEqual(
          expect.objectContaining({
            elementId: expect.any(String),
            elementType: expect.any(String),
            message: expect.stringContaining('broken.bpmn'),
            severity: expect.stringMatching(/^(error|warning)$/),
            code: expect.any(String),
          }),
        );
      }
      expect(body.details.map((d) => d.elementId)).toEqual(expect.arrayContaining(['fGhost', 'badJs']));
      expect(await table('definitions').count({ n: '*' }).first()).toEqual(before);
      expect((await t.rest('GET', '/deployment?name=half-broken')).body).toEqual([]);
    });

    it('rolls the whole deployment back when it fails after its rows were written', async () => {
      // when: the timer start is checked only when the start events are registered, inside the transaction
      const { status, body } = await deployForm<{ details: { code: string }[] }>(
        t,
        ['straight.bpmn', { name: 'cron.bpmn', xml: TIMER_FROM_EXPRESSION }],
        { 'deployment-name': 'rolled-back' },
      );
      // then
      expect(status).toBe(400);
      expect(body.details[0].code).toBe('deployment.invalid');
      expect((await t.rest('GET', '/deployment/count?name=rolled-back')).body).toEqual({ count: 0 });
      expect(await table('definitions').where({ key: 'cron' })).toEqual([]);
      expect(await table('start_events').where({ process_key: 'cron' })).toEqual([]);
      expect((await t.rest('POST', '/process-definition/key/cron/start', {})).status).toBe(404);
    });

    it('answers unreadable XML with its position', async () => {
      // when
      const { status, body } = await deployForm<{ details: { code: string; line?: number }[] }>(t, [
        { name: 'bad.bpmn', xml: '<bpmn:definitions><oops' },
      ]);
      // then
      expect(status).toBe(400);
      expect(body.details).toHaveLength(1);
      expect(body.details[0].code).toMatch(/^xml\./);
    });

    it('with duplicate filtering, unchanged processes keep their version', async () => {
      // given
      const first = await deploy(t, 'messages.bpmn');
      // when
      const same = await deployForm(t, ['messages.bpmn'], { 'enable-duplicate-filtering': 'true' });
      const changedOnly = await deployForm(t, ['messages.bpmn'], { 'deploy-changed-only': 'true' });
      const unfiltered = await deploy(t, 'messages.bpmn');
      // then
      expect(same.status).toBe(200);
      expect(same.body.deployedProcessDefinitions).toEqual({});
      expect(changedOnly.body.deployedProcessDefinitions).toEqual({});
      expect(unfiltered.order.version).toBe(first.order.version + 1);
    });

    it('rejects what is not a deployment form, naming the problem', async () => {
      // when
      const json = await t.rest<{ message: string }>('POST', '/deployment/create', { data: 'x' });
      const empty = await deployForm<{ message: string }>(t, [], { 'deployment-name': 'nothing' });
      const text = await deployForm<{ message: string }>(t, [{ name: 'notes.txt', xml: 'hello' }]);
      const flag = await deployForm<{ message: string }>(t, ['straight.bpmn'], {
        'enable-duplicate-filtering': 'maybe',
      });
      // then
      expect(json.status).toBe(400);
      expect(json.body.message).toContain('multipart/form-data');
      expect(empty.status).toBe(400);
      expect(empty.body.message).toContain('at least one BPMN file');
      expect(text.status).toBe(400);
      expect(text.body.message).toContain('notes.txt');
      expect(flag.status).toBe(400);
      expect(flag.body.message).toContain("'enable-duplicate-filtering'");
    });

    it('lists, filters, counts and pages deployments', async () => {
      // given
      await deployForm(t, ['straight.bpmn'], { 'deployment-name': 'list-a', 'deployment-source': 'cli' });
      await deployForm(t, ['straight.bpmn'], { 'deployment-name': 'list-b', 'deployment-source': 'cli' });
      // when
      const bySource = await t.rest<{ name: string }[]>(
        'GET',
        '/deployment?source=cli&sortBy=name&sortOrder=desc',
      );
      const like = await t.rest<{ name: string }[]>(
        'GET',
        '/deployment?nameLike=list-%25&maxResults=1&firstResult=1',
      );
      const count = await t.rest('GET', '/deployment/count?source=cli');
      const bad = await t.rest<{ message: string }>('GET', '/deployment?maxResults=-1');
      // then
      expect(bySource.body.map((d) => d.name)).toEqual(['list-b', 'list-a']);
      expect(like.body.map((d) => d.name)).toEqual(['list-b']);
      expect(count.body).toEqual({ count: 2 });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain("'maxResults'");
      expect((await t.rest('GET', '/deployment/nope')).status).toBe(404);
    });

    it('deletes a deployment: refused with running instances, cascading on request', async () => {
      // given
      const { review } = await deploy(t, 'usertask-c7.bpmn');
      const started = await t.rest<{ id: string }>('POST', `/process-definition/${review.id}/start`, {
        variables: { initiator: { value: 'ann' }, amount: { value: 10 } },
      });
      // when
      const refused = await t.rest('DELETE', `/deployment/${review.deploymentId}`);
      // then
      expect(refused.status).toBe(409);
      expect((await t.rest('GET', `/process-definition/${review.id}`)).status).toBe(200);
      // when
      const deleted = await t.rest('DELETE', `/deployment/${review.deploymentId}?cascade=true`);
      // then
      expect(deleted.status).toBe(204);
      expect((await t.rest('GET', `/deployment/${review.deploymentId}`)).status).toBe(404);
      expect((await t.rest('GET', `/process-definition/${review.id}`)).status).toBe(404);
      expect((await t.rest('POST', `/process-definition/${review.id}/start`, {})).status).toBe(404);
      expect((await t.rest('GET', `/process-instance/${started.body.id}`)).status).toBe(404);
      for (const name of ['instances', 'tasks', 'events', 'hist_activities', 'hist_variables', 'hist_tasks'])
        expect(
          await table(name).where(
            name === 'instances' ? { id: started.body.id } : { instance_id: started.body.id },
          ),
        ).toEqual([]);
      expect((await t.rest('DELETE', `/deployment/${review.deploymentId}`)).status).toBe(404);
    });

    it('cascades to the instances the deleted ones called', async () => {
      // given
      const defs = await deploy(t, 'call-parent.bpmn', 'call-child.bpmn');
      const parent = await t.rest<{ id: string }>('POST', `/process-definition/${defs.parent.id}/start`, {
        variables: { customer: { value: 'c-1' }, amount: { value: 5 } },
      });
      const child = await eventually(() =>
        table('instances').where({ super_instance_id: parent.body.id }).first(),
      );
      // when
      const deleted = await t.rest('DELETE', `/deployment/${defs.parent.deploymentId}?cascade=true`);
      // then
      expect(deleted.status).toBe(204);
      expect(await table('instances').whereIn('id', [parent.body.id, child.id])).toEqual([]);
      expect(await table('jobs').whereIn('instance_id', [parent.body.id, child.id])).toEqual([]);
    });

    it('deleting the latest version brings back the start events of the previous one', async () => {
      // given
      const v1 = (await deploy(t, 'messages.bpmn')).order as DeployedDefinition;
      const v2 = (await deploy(t, 'messages.bpmn')).order as DeployedDefinition;
      expect(await table('start_events').where({ definition_id: v1.id })).toEqual([]);
      // when
      expect((await t.rest('DELETE', `/deployment/${v2.deploymentId}`)).status).toBe(204);
      // then
      const starts = await table('start_events').where({ process_key: 'order' });
      expect(starts.map((s: { definition_id: string }) => s.definition_id)).toEqual([v1.id]);
      expect((await t.rest<{ id: string }>('GET', '/process-definition/key/order')).body.id).toBe(v1.id);
    });
  });
}
