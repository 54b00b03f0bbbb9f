/**
 * Deployments over REST on both databases: multipart create (Camunda's DeploymentWithDefinitions),
 * all-or-nothing on bad files (every diagnostic of every file), duplicate filtering as Camunda's
 * DeployCmd, queries, delete with and without cascade.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import {
  deploy,
  deployForm,
  eventually,
  type DeployedDefinition,
  type DeploymentResponse,
} from './restHelpers.ts';

const BPMN = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://baton.dev/test">${body}</bpmn:definitions>`;

/** Compiles, but its timer start cannot be scheduled: the deploy fails after rows were written. */
const TIMER_FROM_EXPRESSION = BPMN(`<bpmn:process id="cron" isExecutable="true">
  <bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">\${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
  <bpmn:sequenceFlow id="f" sourceRef="tick" targetRef="e" /><bpmn:endEvent id="e" />
</bpmn:process>`);

/** A one-step process in `a.bpmn`; `changed` changes its name (so the file differs). */
const DUP_A = (key: string, changed = '') => ({
  name: 'a.bpmn',
  xml: BPMN(`<bpmn:process id="${key}" name="A ${changed}" isExecutable="true">
  <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" /><bpmn:endEvent id="e" />
</bpmn:process>`),
});
const DUP_B = (key: string) => ({ ...DUP_A(key), name: 'b.bpmn' });

/** An executable process without an id. */
const NO_ID = BPMN(`<bpmn:process id="" name="Nameless" isExecutable="true">
  <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" /><bpmn:endEvent id="e" />
</bpmn:process>`);

/** The deployed definitions of a create response, by key. */
const definitions = (body: DeploymentResponse) =>
  Object.values(body.deployedProcessDefinitions)
    .map(({ key, version, resource, deploymentId }) => ({ key, version, resource, deploymentId }))
    .sort((a, b) => a.key.localeCompare(b.key));

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

    it('with enable-duplicate-filtering, one changed file deploys every file again', async () => {
      // given
      const first = await deployForm(t, [DUP_A('dupAllA'), DUP_B('dupAllB')], {
        'deployment-name': 'dup-all',
      });
      // when: a.bpmn changed, b.bpmn did not
      const { status, body } = await deployForm(t, [DUP_A('dupAllA', 'changed'), DUP_B('dupAllB')], {
        'deployment-name': 'dup-all',
        'enable-duplicate-filtering': 'true',
      });
      // then
      expect(first.status).toBe(200);
      expect(status).toBe(200);
      expect(body.id).not.toBe(first.body.id);
      expect(definitions(body)).toEqual([
        { key: 'dupAllA', version: 2, resource: 'a.bpmn', deploymentId: body.id },
        { key: 'dupAllB', version: 2, resource: 'b.bpmn', deploymentId: body.id },
      ]);
      expect((await t.rest('GET', '/deployment/count?name=dup-all')).body).toEqual({ count: 2 });
    });

    it('with deploy-changed-only, only the changed file is deployed', async () => {
      // given
      await deployForm(t, [DUP_A('dupOnlyA'), DUP_B('dupOnlyB')], { 'deployment-name': 'dup-only' });
      // when: a.bpmn changed, b.bpmn did not
      const { status, body } = await deployForm(t, [DUP_A('dupOnlyA', 'changed'), DUP_B('dupOnlyB')], {
        'deployment-name': 'dup-only',
        'deploy-changed-only': 'true',
      });
      // then
      expect(status).toBe(200);
      expect(definitions(body)).toEqual([
        { key: 'dupOnlyA', version: 2, resource: 'a.bpmn', deploymentId: body.id },
      ]);
      expect((await t.rest('GET', '/process-definition/key/dupOnlyB')).body).toMatchObject({ version: 1 });
    });

    it('duplicate filtering compares only with deployments of the same name and source', async () => {
      // given
      await deployForm(t, [DUP_A('dupNameA')], {
        'deployment-name': 'dup-name',
        'deployment-source': 'dup-cli',
      });
      // when: the same content under another name, another source, and without a name
      const otherName = await deployForm(t, [DUP_A('dupNameA')], {
        'deployment-name': 'dup-name-2',
        'deployment-source': 'dup-cli',
        'enable-duplicate-filtering': 'true',
      });
      const otherSource = await deployForm(t, [DUP_A('dupNameA')], {
        'deployment-name': 'dup-name',
        'deployment-source': 'modeler',
        'deploy-changed-only': 'true',
      });
      const noName = await deployForm(t, [DUP_A('dupNameA')], { 'enable-duplicate-filtering': 'true' });
      // then: each is deployed
      expect(definitions(otherName.body)).toEqual([
        { key: 'dupNameA', version: 2, resource: 'a.bpmn', deploymentId: otherName.body.id },
      ]);
      expect(definitions(otherSource.body)).toEqual([
        { key: 'dupNameA', version: 3, resource: 'a.bpmn', deploymentId: otherSource.body.id },
      ]);
      expect(definitions(noName.body)).toEqual([
        { key: 'dupNameA', version: 4, resource: 'a.bpmn', deploymentId: noName.body.id },
      ]);
    });

    it('when duplicate filtering leaves nothing to deploy, answers the latest deployment of the name and creates nothing', async () => {
      // given: b.bpmn in the first deployment, the changed a.bpmn in the second
      await deployForm(t, [DUP_A('dupNoneA'), DUP_B('dupNoneB')], {
        'deployment-name': 'dup-none',
        'deployment-source': 'dup-cli',
      });
      const second = await deployForm(t, [DUP_A('dupNoneA', 'changed'), DUP_B('dupNoneB')], {
        'deployment-name': 'dup-none',
        'deployment-source': 'dup-cli',
        'deploy-changed-only': 'true',
      });
      const deployments = (await t.rest('GET', '/deployment/count')).body;
      const defs = await table('definitions')
        .whereIn('key', ['dupNoneA', 'dupNoneB'])
        .count({ n: '*' })
        .first();
      // when: both files as last deployed
      const files = [DUP_A('dupNoneA', 'changed'), DUP_B('dupNoneB')];
      const fields = { 'deployment-name': 'dup-none', 'deployment-source': 'dup-cli' };
      const all = await deployForm(t, files, { ...fields, 'enable-duplicate-filtering': 'true' });
      const changedOnly = await deployForm(t, files, { ...fields, 'deploy-changed-only': 'true' });
      // then
      expect(all).toEqual({
        status: 200,
        body: {
          links: [{ method: 'GET', href: `${t.url}/engine-rest/deployment/${second.body.id}`, rel: 'self' }],
          id: second.body.id,
          name: 'dup-none',
          source: 'dup-cli',
          deploymentTime: second.body.deploymentTime,
          tenantId: null,
          deployedProcessDefinitions: null,
          deployedCaseDefinitions: null,
          deployedDecisionDefinitions: null,
          deployedDecisionRequirementsDefinitions: null,
        },
      });
      expect(changedOnly).toEqual(all);
      expect((await t.rest('GET', '/deployment/count')).body).toEqual(deployments);
      expect((await t.rest<unknown[]>('GET', '/deployment?name=dup-none')).body).toHaveLength(2);
      expect(
        await table('definitions').whereIn('key', ['dupNoneA', 'dupNoneB']).count({ n: '*' }).first(),
      ).toEqual(defs);
    });

    it('answers every diagnostic of every bad file, naming the file, and keeps nothing', async () => {
      // given
      const deployments = (await t.rest('GET', '/deployment/count')).body;
      const before = await table('definitions').count({ n: '*' }).first();
      // when
      const { status, body } = await deployForm<{
        type: string;
        message: string;
        details: Record<string, unknown>[];
      }>(
        t,
        [
          'broken.bpmn',
          { name: 'foo.bpmn', xml: 'this is not BPMN' },
          { name: 'empty.bpmn', xml: '' },
          { name: 'no-id.bpmn', xml: NO_ID },
        ],
        { 'deployment-name': 'all-broken' },
      );
      // then
      expect(status).toBe(400);
      expect(body.type).toBe('ParseException');
      expect(body.message).toMatch(/^The deployment has 13 problems in 4 files:\n/);
      expect(body.details.map((d) => [d.resource, d.severity, d.elementId, d.elementType, d.code])).toEqual([
        ['broken.bpmn', 'warning', 'fGhost', 'bpmn:SequenceFlow', 'xml.unresolved-reference'],
        ['broken.bpmn', 'error', 'callIt', 'bpmn:CallActivity', 'call.no-called-element'],
        ['broken.bpmn', 'error', 'serve', 'bpmn:ServiceTask', 'task.no-implementation'],
        ['broken.bpmn', 'error', 'groovy', 'bpmn:ScriptTask', 'script.unsupported-format'],
        ['broken.bpmn', 'error', 'badJs', 'bpmn:ScriptTask', 'script.syntax'],
        ['broken.bpmn', 'error', 'wait', 'bpmn:IntermediateCatchEvent', 'timer.no-definition'],
        ['broken.bpmn', 'error', 'complex', 'bpmn:ComplexGateway', 'expression.syntax'],
        ['broken.bpmn', 'error', 'fA', 'bpmn:SequenceFlow', 'expression.syntax'],
        ['broken.bpmn', 'error', 'fGhost', 'bpmn:SequenceFlow', 'flow.dangling-target'],
        ['broken.bpmn', 'error', 'decide', 'bpmn:ExclusiveGateway', 'gateway.flow-without-condition'],
        ['broken.bpmn', 'error', 'decide', 'bpmn:ExclusiveGateway', 'gateway.flow-without-condition'],
        ['broken.bpmn', 'warning', 'groovy', 'bpmn:ScriptTask', 'element.unreachable'],
        ['broken.bpmn', 'warning', 'badJs', 'bpmn:ScriptTask', 'element.unreachable'],
        ['broken.bpmn', 'warning', 'wait', 'bpmn:IntermediateCatchEvent', 'element.unreachable'],
        ['broken.bpmn', 'warning', 'complex', 'bpmn:ComplexGateway', 'element.unreachable'],
        ['broken.bpmn', 'warning', 'orphan', 'bpmn:UserTask', 'element.unreachable'],
        ['broken.bpmn', 'warning', 'end', 'bpmn:EndEvent', 'element.unreachable'],
        ['foo.bpmn', 'error', 'foo.bpmn', 'bpmn:Definitions', 'xml.not-well-formed'],
        ['empty.bpmn', 'error', 'empty.bpmn', 'bpmn:Definitions', 'xml.empty'],
        ['no-id.bpmn', 'error', 'process', 'bpmn:Process', 'process.no-id'],
      ]);
      for (const d of body.details) expect(d.message).toMatch(new RegExp(`^${String(d.resource)}: .{10,}`));
      expect(body.details.find((d) => d.resource === 'foo.bpmn')).toMatchObject({ line: 1, column: 17 });
      expect(body.details.find((d) => d.resource === 'no-id.bpmn')?.message).toBe(
        "no-id.bpmn: The executable process 'Nameless' has no id: the id is the key it is deployed and started by",
      );
      expect((await t.rest('GET', '/deployment/count')).body).toEqual(deployments);
      expect(await table('definitions').count({ n: '*' }).first()).toEqual(before);
      expect(await table('definitions').where({ key: '' })).toEqual([]);
    });

    it('rejects what is not a deployment form, naming the problem', async () => {
      // when
      const json = await t.rest<{ message: string }>('POST', '/deployment/create', { data: 'x' });
      const empty = await deployForm<{ message: string }>(t, [], { 'deployment-name': 'nothing' });
      const text = await deployForm<{ message: string; details: unknown[] }>(t, [
        { name: 'notes.txt', xml: 'hello' },
      ]);
      const flag = await deployForm<{ message: string }>(t, ['straight.bpmn'], {
        'enable-duplicate-filtering': 'maybe',
      });
      // then
      expect(json.status).toBe(400);
      expect(json.body.message).toContain('multipart/form-data');
      expect(empty.status).toBe(400);
      expect(empty.body.message).toContain('at least one BPMN file');
      expect(text.status).toBe(400);
      expect(text.body.message).toContain("Resource 'notes.txt' is not BPMN");
      expect(text.body.details).toEqual([
        expect.objectContaining({ resource: 'notes.txt', code: 'resource.not-bpmn', severity: 'error' }),
      ]);
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
