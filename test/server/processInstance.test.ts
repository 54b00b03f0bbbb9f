/**
 * Running process instances over REST on both databases: queries, get, delete (with called
 * instances), suspension (commands refused, external tasks hidden), the activity instance tree
 * and the variables routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { deploy, eventually, type DeployedDefinition } from './restHelpers.ts';

interface Instance {
  id: string;
  definitionId: string;
  businessKey: string | null;
  ended: boolean;
  suspended: boolean;
}
interface ActivityInstance {
  id: string;
  parentActivityInstanceId: string | null;
  activityId: string;
  activityType: string;
  activityName: string | null;
  childActivityInstances: ActivityInstance[];
  childTransitionInstances: unknown[];
  incidentIds: string[];
}
type Variables = Record<string, { value: unknown; type: string; valueInfo: object }>;

for (const kind of await databaseKinds()) {
  describe(`process instances on ${kind}`, () => {
    let t: TestServer;
    let defs: Record<string, DeployedDefinition>;
    beforeAll(async () => {
      t = await startTestServer(kind);
      defs = await deploy(
        t,
        'usertask-c7.bpmn',
        'straight.bpmn',
        'call-parent.bpmn',
        'call-child.bpmn',
        'subprocess-terminate.bpmn',
        'multi-instance.bpmn',
      );
    });
    afterAll(async () => {
      await t.close();
    });

    const start = async (key: string, variables: Record<string, unknown> = {}, businessKey?: string) => {
      const camunda = Object.fromEntries(Object.entries(variables).map(([k, value]) => [k, { value }]));
      const { status, body } = await t.rest<Instance>('POST', `/process-definition/key/${key}/start`, {
        variables: camunda,
        businessKey,
      });
      expect(status).toBe(200);
      return body.id;
    };
    const review = (businessKey?: string) => start('review', { initiator: 'ann', amount: 1 }, businessKey);
    const ids = (list: Instance[]) => list.map((i) => i.id).sort();

    it('queries running instances by business key, definition, ids, with paging and counts', async () => {
      // given
      const a = await review('pi-query-a');
      const b = await review('pi-query-b');
      const c = await start('straight', {}, 'pi-query-c');
      // when
      const byKey = await t.rest<Instance[]>('GET', '/process-instance?businessKey=pi-query-a');
      const like = await t.rest<Instance[]>(
        'GET',
        '/process-instance?businessKeyLike=pi-query-%25&sortBy=businessKey&sortOrder=desc',
      );
      const byDefinition = await t.rest<Instance[]>(
        'GET',
        `/process-instance?processDefinitionKey=review&processInstanceIds=${a},${c}`,
      );
      const byDefinitionId = await t.rest<Instance[]>(
        'GET',
        `/process-instance?processDefinitionId=${defs.straight.id}&businessKeyLike=pi-query-%25`,
      );
      const paged = await t.rest<Instance[]>(
        'GET',
        '/process-instance?businessKeyLike=pi-query-%25&sortBy=businessKey&sortOrder=asc&firstResult=1&maxResults=1',
      );
      const count = await t.rest(
        'GET',
        '/process-instance/count?businessKeyLike=pi-query-%25&processDefinitionKeyIn=review,straight',
      );
      const posted = await t.rest<Instance[]>('POST', '/process-instance?maxResults=5', {
        processInstanceIds: [b, c],
        sortBy: 'businessKey',
        sortOrder: 'asc',
      });
      const postedCount = await t.rest('POST', '/process-instance/count', { businessKey: 'pi-query-c' });
      // then
      expect(byKey.body).toEqual([
        {
          links: [],
          id: a,
          definitionId: defs.review.id,
          businessKey: 'pi-query-a',
          caseInstanceId: null,
          ended: false,
          suspended: false,
          tenantId: null,
        },
      ]);
      expect(like.body.map((i) => i.businessKey)).toEqual(['pi-query-c', 'pi-query-b', 'pi-query-a']);
      expect(ids(byDefinition.body)).toEqual([a]);
      expect(ids(byDefinitionId.body)).toEqual([c]);
      expect(paged.body.map((i) => i.businessKey)).toEqual(['pi-query-b']);
      expect(count.body).toEqual({ count: 3 });
      expect(posted.body.map((i) => i.id)).toEqual([b, c]);
      expect(postedCount.body).toEqual({ count: 1 });
    });

    it('sorts a body query by a sorting array, and refuses invalid sorting with 400', async () => {
      // given
      const a = await review('pi-sort-a');
      const b = await start('straight', {}, 'pi-sort-b');
      const c = await review('pi-sort-c');
      const query = (body: Record<string, unknown>) =>
        t.rest<Instance[] & { message: string }>('POST', '/process-instance', {
          businessKeyLike: 'pi-sort-%',
          ...body,
        });
      // when
      const sorted = await query({
        sorting: [
          { sortBy: 'definitionKey', sortOrder: 'asc' },
          { sortBy: 'businessKey', sortOrder: 'desc' },
        ],
      });
      const bad: [unknown, string][] = [
        ['x', "Request body field 'sorting' must be an array"],
        [[{ sortBy: 'colour', sortOrder: 'asc' }], "Request body field 'sorting[0].sortBy' must be one of"],
        [
          [{ sortBy: 'businessKey', sortOrder: 'up' }],
          "Request body field 'sorting[0].sortOrder' must be one of",
        ],
        [[{ sortOrder: 'asc' }], "Request body field 'sorting[0].sortBy' is required"],
      ];
      // then
      expect(sorted.status).toBe(200);
      expect(sorted.body.map((i) => i.id)).toEqual([c, a, b]);
      for (const [sorting, message] of bad) {
        const response = await query({ sorting });
        expect(response.status, JSON.stringify(sorting)).toBe(400);
        expect(response.body.message).toContain(message);
      }
      const half = await query({ sortBy: 'businessKey' });
      expect(half.status).toBe(400);
      expect(half.body.message).toBe(
        'Only a single sorting parameter specified. sortBy and sortOrder required',
      );
    });

    it('finds called and calling instances', async () => {
      // given
      const parent = await start('parent', { customer: 'c-9', amount: 3 });
      const child = await eventually(() =>
        t.server.db.knex('instances').where({ super_instance_id: parent }).first(),
      );
      // when
      const sub = await t.rest<Instance[]>('GET', `/process-instance?superProcessInstance=${parent}`);
      const sup = await t.rest<Instance[]>('GET', `/process-instance?subProcessInstance=${child.id}`);
      // then
      expect(ids(sub.body)).toEqual([child.id]);
      expect(ids(sup.body)).toEqual([parent]);
    });

    it('gets a running instance; unknown and ended ones are 404', async () => {
      // given
      const id = await review('pi-get');
      const ended = await start('straight');
      await t.rest('DELETE', `/process-instance/${ended}`);
      // when
      const got = await t.rest<Instance>('GET', `/process-instance/${id}`);
      // then
      expect(got.body).toMatchObject({ id, businessKey: 'pi-get', ended: false });
      expect((await t.rest('GET', '/process-instance/nope')).status).toBe(404);
      expect((await t.rest('GET', `/process-instance/${ended}`)).status).toBe(404);
    });

    it('deletes an instance and the instances it called', async () => {
      // given
      const parent = await start('parent', { customer: 'c-10', amount: 3 });
      const child = await eventually(() =>
        t.server.db.knex('instances').where({ super_instance_id: parent }).first(),
      );
      // when
      const deleted = await t.rest('DELETE', `/process-instance/${parent}`);
      // then
      expect(deleted.status).toBe(204);
      expect((await t.server.db.knex('instances').where({ id: parent }).first()).status).toBe('terminated');
      await eventually(
        async () =>
          (await t.server.db.knex('instances').where({ id: child.id }).first()).status === 'terminated',
      );
      expect((await t.rest('DELETE', `/process-instance/${parent}`)).status).toBe(404);
      expect((await t.rest('DELETE', `/process-instance/${parent}?failIfNotExists=false`)).status).toBe(204);
      expect((await t.rest('DELETE', '/process-instance/nope?failIfNotExists=perhaps')).status).toBe(400);
    });

    it('refuses skipSubprocesses=true with 400, terminating nothing', async () => {
      // given
      const parent = await start('parent', { customer: 'c-11', amount: 3 });
      const child = await eventually(() =>
        t.server.db.knex('instances').where({ super_instance_id: parent }).first(),
      );
      // when
      const refused = await t.rest<{ type: string; message: string }>(
        'DELETE',
        `/process-instance/${parent}?skipSubprocesses=true`,
      );
      // then
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        type: 'InvalidRequestException',
        message: 'skipSubprocesses is not supported: called instances are terminated too',
      });
      expect((await t.rest('GET', `/process-instance/${parent}`)).status).toBe(200);
      expect((await t.rest('GET', `/process-instance/${child.id}`)).status).toBe(200);
      // when: false is the default behaviour
      const deleted = await t.rest('DELETE', `/process-instance/${parent}?skipSubprocesses=false`);
      // then
      expect(deleted.status).toBe(204);
      await eventually(
        async () =>
          (await t.server.db.knex('instances').where({ id: child.id }).first()).status === 'terminated',
      );
    });

    it('suspends an instance: commands are refused and its external tasks are not offered', async () => {
      // given
      const id = await start('straight', {}, 'pi-suspend');
      // when
      const suspended = await t.rest('PUT', `/process-instance/${id}/suspended`, { suspended: true });
      // then
      expect(suspended.status).toBe(204);
      expect((await t.rest<Instance>('GET', `/process-instance/${id}`)).body.suspended).toBe(true);
      expect(ids((await t.rest<Instance[]>('GET', '/process-instance?suspended=true')).body)).toContain(id);
      expect(ids((await t.rest<Instance[]>('GET', '/process-instance?active=true')).body)).not.toContain(id);
      const fetch = () =>
        t.server.externalTasks.fetchAndLock('w', 50, [
          { topicName: 'check', lockDuration: 1000, businessKey: 'pi-suspend' },
        ]);
      expect(await fetch()).toEqual([]);
      const refused = await t.rest<{ type: string }>('PUT', `/process-instance/${id}/variables/x`, {
        value: 1,
      });
      expect(refused.status).toBe(409);
      // when
      expect((await t.rest('PUT', `/process-instance/${id}/suspended`, { suspended: false })).status).toBe(
        204,
      );
      // then
      expect((await fetch()).map((task) => task.processInstanceId)).toEqual([id]);
    });

    it('runs no jobs of a suspended instance until it is activated', async () => {
      // given: a server whose executor we drive, with 'check' handled in-process
      const s = await startTestServer(kind, { executor: false });
      try {
        s.server.engine.registerHandler('check', () => ({ variables: { approved: true } }));
        await deploy(s, 'straight.bpmn');
        const { body } = await s.rest<Instance>('POST', '/process-definition/key/straight/start', {});
        await s.rest('PUT', `/process-instance/${body.id}/suspended`, { suspended: true });
        // when
        const ranSuspended = await s.server.executor.runDue();
        // then
        expect(ranSuspended).toBe(0);
        expect((await s.rest('GET', `/process-instance/${body.id}`)).status).toBe(200);
        // when
        await s.rest('PUT', `/process-instance/${body.id}/suspended`, { suspended: false });
        const ranActive = await s.server.executor.runDue();
        // then
        expect(ranActive).toBe(1);
        expect((await s.server.db.knex('instances').where({ id: body.id }).first()).status).toBe('completed');
      } finally {
        await s.close();
      }
    });

    it('deletes a suspended instance', async () => {
      // given
      const id = await review();
      await t.rest('PUT', `/process-instance/${id}/suspended`, { suspended: true });
      // when
      const deleted = await t.rest('DELETE', `/process-instance/${id}`);
      // then
      expect(deleted.status).toBe(204);
      expect((await t.rest('GET', `/process-instance/${id}`)).status).toBe(404);
    });

    it('validates suspension requests', async () => {
      // given
      const id = await review();
      // when / then
      for (const body of [{ suspended: 'yes' }, {}, undefined]) {
        const response = await t.rest<{ message: string }>('PUT', `/process-instance/${id}/suspended`, body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.body.message).toMatch(/'suspended'|required/);
      }
      expect((await t.rest('PUT', '/process-instance/nope/suspended', { suspended: true })).status).toBe(404);
    });

    it('shows the activity instance tree with scopes and multi-instance bodies', async () => {
      // given
      const sub = await start('subTerminate');
      const mi = await start('miParallel', { reviewers: ['a', 'b'] });
      // when
      const tree = (await t.rest<ActivityInstance>('GET', `/process-instance/${sub}/activity-instances`))
        .body;
      const miTree = (await t.rest<ActivityInstance>('GET', `/process-instance/${mi}/activity-instances`))
        .body;
      // then
      expect(tree).toMatchObject({
        id: sub,
        activityId: defs.subTerminate.id,
        activityType: 'processDefinition',
        parentActivityInstanceId: null,
      });
      const shape = (n: ActivityInstance): unknown => [
        n.activityId,
        n.activityType,
        n.childActivityInstances.map(shape).sort(),
      ];
      expect(tree.childActivityInstances.map(shape).sort()).toEqual([
        ['outside', 'userTask', []],
        [
          'sub',
          'subProcess',
          [
            ['quick', 'userTask', []],
            ['slow', 'userTask', []],
          ],
        ],
      ]);
      const subNode = tree.childActivityInstances.find((c) => c.activityId === 'sub')!;
      expect(subNode.parentActivityInstanceId).toBe(sub);
      expect(subNode.childActivityInstances[0].parentActivityInstanceId).toBe(subNode.id);
      expect(tree.childTransitionInstances).toEqual([]);
      expect(miTree.childActivityInstances.map(shape)).toEqual([
        [
          'review#multiInstanceBody',
          'multiInstanceBody',
          [
            ['review', 'userTask', []],
            ['review', 'userTask', []],
          ],
        ],
      ]);
      expect((await t.rest('GET', '/process-instance/nope/activity-instances')).status).toBe(404);
    });

    it('shows incidents in the activity instance tree', async () => {
      // given
      const id = await start('straight', {}, 'pi-incident');
      const [task] = await t.server.externalTasks.fetchAndLock('w', 50, [
        { topicName: 'check', lockDuration: 1000, businessKey: 'pi-incident' },
      ]);
      await t.server.externalTasks.failure(task.id, 'w', { errorMessage: 'no', retries: 0 });
      // when
      const tree = (await t.rest<ActivityInstance>('GET', `/process-instance/${id}/activity-instances`)).body;
      const withIncident = await t.rest<Instance[]>('GET', '/process-instance?withIncident=true');
      // then
      const incident = await t.server.db.knex('incidents').where({ instance_id: id }).first();
      expect(tree.childActivityInstances).toEqual([
        expect.objectContaining({
          activityId: 'check',
          activityType: 'serviceTask',
          activityName: 'Check',
          incidentIds: [incident.id],
        }),
      ]);
      expect(ids(withIncident.body)).toContain(id);
    });

    it('reads, sets, modifies and deletes variables', async () => {
      // given
      const id = await review();
      // when
      const put = await t.rest('PUT', `/process-instance/${id}/variables/limit`, {
        value: '7',
        type: 'Long',
      });
      const modified = await t.rest('POST', `/process-instance/${id}/variables`, {
        modifications: { order: { value: '{"lines":2}', type: 'Json' }, note: { value: 'hi' } },
        deletions: ['amount'],
      });
      const removed = await t.rest('DELETE', `/process-instance/${id}/variables/note`);
      // then
      expect([put.status, modified.status, removed.status]).toEqual([204, 204, 204]);
      const all = await t.rest<Variables>('GET', `/process-instance/${id}/variables`);
      expect(all.body).toEqual({
        initiator: { value: 'ann', type: 'String', valueInfo: {} },
        limit: { value: 7, type: 'Long', valueInfo: {} },
        order: { value: '{"lines":2}', type: 'Json', valueInfo: {} },
      });
      expect((await t.rest('GET', `/process-instance/${id}/variables/limit`)).body).toEqual({
        value: 7,
        type: 'Long',
        valueInfo: {},
      });
      expect((await t.rest('GET', `/process-instance/${id}/variables/amount`)).status).toBe(404);
      expect((await t.rest('GET', '/process-instance/nope/variables')).status).toBe(404);
      expect((await t.rest('PUT', '/process-instance/nope/variables/x', { value: 1 })).status).toBe(404);
    });

    it('keeps Object values deserialized unless asked not to', async () => {
      // given
      const id = await review();
      await t.rest('PUT', `/process-instance/${id}/variables/pojo`, { value: { a: 1 }, type: 'Object' });
      // when
      const deserialized = await t.rest<Variables>('GET', `/process-instance/${id}/variables`);
      const serialized = await t.rest<Variables>(
        'GET',
        `/process-instance/${id}/variables?deserializeValues=false`,
      );
      // then
      expect(deserialized.body.pojo.value).toEqual({ a: 1 });
      expect(serialized.body.pojo.value).toBe('{"a":1}');
    });

    it('rejects bad variable requests with 400 naming the field, changing nothing', async () => {
      // given
      const id = await review();
      const cases: [string, string, unknown, string][] = [
        ['PUT', `/process-instance/${id}/variables/n`, { value: 'abc', type: 'Integer' }, "'n'"],
        ['PUT', `/process-instance/${id}/variables/n`, { value: 1, type: 5 }, "'type'"],
        ['PUT', `/process-instance/${id}/variables/n`, undefined, 'required'],
        [
          'POST',
          `/process-instance/${id}/variables`,
          { modifications: { ok: { value: 1 }, bad: { value: 'x', type: 'Boolean' } } },
          "'bad'",
        ],
        ['POST', `/process-instance/${id}/variables`, { modifications: { ok: 1 } }, "'modifications.ok'"],
        ['POST', `/process-instance/${id}/variables`, { deletions: 'amount' }, "'deletions'"],
      ];
      for (const [method, path, body, named] of cases) {
        // when
        const response = await t.rest<{ message: string }>(method, path, body);
        // then
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.body.message).toContain(named);
      }
      expect(
        Object.keys((await t.rest<Variables>('GET', `/process-instance/${id}/variables`)).body).sort(),
      ).toEqual(['amount', 'initiator']);
    });
  });
}
