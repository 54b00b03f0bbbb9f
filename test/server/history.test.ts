/**
 * History over REST on both databases: process instances with their Camunda states (a terminate
 * end event completes, the API terminates externally, a terminated caller internally), activity
 * instances in order, the latest variable values, and user tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { eventually } from './restHelpers.ts';
import { deploy, start } from './runtimeSupport.ts';

interface HistoricInstance {
  id: string;
  state: string;
  businessKey: string | null;
  superProcessInstanceId: string | null;
  rootProcessInstanceId: string;
  deleteReason: string | null;
  [key: string]: unknown;
}
type Row = Record<string, unknown>;

for (const kind of await databaseKinds()) {
  describe(`/history on ${kind}`, () => {
    let t: TestServer;
    const completeTask = async (instanceId: string, key: string) => {
      const tasks = await t.rest<{ id: string; taskDefinitionKey: string }[]>(
        'GET',
        `/task?processInstanceId=${instanceId}&taskDefinitionKey=${key}`,
      );
      expect((await t.rest('POST', `/task/${tasks.body[0].id}/complete`, {})).status).toBe(204);
    };
    const instance = async (id: string) =>
      (await t.rest<HistoricInstance>('GET', `/history/process-instance/${id}`)).body;

    beforeAll(async () => {
      t = await startTestServer(kind);
      await deploy(t, ['straight.bpmn', 'subprocess-terminate.bpmn', 'call-parent.bpmn', 'call-child.bpmn']);
    });
    afterAll(async () => {
      await t.close();
    });

    it('reports an instance ended by a terminate end event as COMPLETED, with its tasks', async () => {
      // given
      const id = await start(t, 'subTerminate', { businessKey: 'term' });
      // when
      await completeTask(id, 'quick');
      await completeTask(id, 'afterSub');
      // then
      const ended = await instance(id);
      expect(ended).toMatchObject({
        id,
        state: 'COMPLETED',
        businessKey: 'term',
        processDefinitionKey: 'subTerminate',
        processDefinitionVersion: 1,
        startActivityId: 'start',
        deleteReason: null,
        superProcessInstanceId: null,
        rootProcessInstanceId: id,
      });
      expect(ended.durationInMillis).toEqual(expect.any(Number));
      const tasks = await t.rest<Row[]>(
        'GET',
        `/history/task?processInstanceId=${id}&finished=true&sortBy=taskDefinitionKey&sortOrder=asc`,
      );
      expect(tasks.body.map((x) => [x.taskDefinitionKey, x.deleteReason])).toEqual([
        ['afterSub', 'completed'],
        ['outside', 'deleted'],
        ['quick', 'completed'],
        ['slow', 'deleted'],
      ]);
    });

    it('tells externally from internally terminated instances along a call hierarchy', async () => {
      // given
      const parent = await start(t, 'parent', { variables: { customer: 'c-1', amount: 5 } });
      const child = await eventually(async () => {
        const { body } = await t.rest<HistoricInstance[]>(
          'GET',
          `/history/process-instance?superProcessInstanceId=${parent}`,
        );
        return body[0];
      });
      // when
      await t.server.engine.dispatch(parent, { type: 'instance.terminate', reason: 'deleted' });
      // then
      expect(child).toMatchObject({ state: 'ACTIVE', businessKey: 'c-1', rootProcessInstanceId: parent });
      expect(await instance(parent)).toMatchObject({
        state: 'EXTERNALLY_TERMINATED',
        deleteReason: 'deleted',
      });
      const internal = await eventually(async () => {
        const found = await instance(child.id);
        return found.state === 'ACTIVE' ? undefined : found;
      });
      expect(internal.state).toBe('INTERNALLY_TERMINATED');
      const byState = await t.rest<HistoricInstance[]>(
        'GET',
        '/history/process-instance?internallyTerminated=true',
      );
      expect(byState.body.map((x) => x.id)).toEqual([child.id]);
      const external = await t.rest<{ count: number }>('POST', '/history/process-instance/count', {
        externallyTerminated: true,
      });
      expect(external.body).toEqual({ count: 1 });
      const call = await t.rest<Row[]>(
        'GET',
        `/history/activity-instance?processInstanceId=${parent}&activityId=callKyc`,
      );
      expect(call.body[0]).toMatchObject({
        calledProcessInstanceId: child.id,
        activityType: 'callActivity',
        canceled: true,
      });
    });

    it('lists activity instances in start order with Camunda activity types', async () => {
      // given
      const id = await start(t, 'straight');
      const [task] = (await t.rest<{ id: string }[]>('GET', `/external-task?processInstanceId=${id}`)).body;
      await t.server.externalTasks.complete(task.id, undefined, { approved: true });
      // when
      const { status, body } = await t.rest<Row[]>(
        'GET',
        `/history/activity-instance?processInstanceId=${id}`,
      );
      const sorted = await t.rest<Row[]>(
        'GET',
        `/history/activity-instance?processInstanceId=${id}&sortBy=activityId&sortOrder=desc`,
      );
      const count = await t.rest(
        'GET',
        `/history/activity-instance/count?processInstanceId=${id}&finished=true`,
      );
      // then
      expect(status).toBe(200);
      expect(body.map((x) => [x.activityId, x.activityType])).toEqual([
        ['start', 'startEvent'],
        ['check', 'serviceTask'],
        ['decide', 'exclusiveGateway'],
        ['approved', 'noneEndEvent'],
      ]);
      expect(body[1]).toMatchObject({
        parentActivityInstanceId: id,
        processInstanceId: id,
        processDefinitionKey: 'straight',
        activityName: 'Check',
        canceled: false,
        rootProcessInstanceId: id,
      });
      expect(body[3].completeScope).toBe(true);
      expect(sorted.body.map((x) => x.activityId)).toEqual(['start', 'decide', 'check', 'approved']);
      expect(count.body).toEqual({ count: 4 });
    });

    it('answers the latest value of each variable, deleted ones on request', async () => {
      // given
      const id = await start(t, 'straight', {
        variables: { amount: 1, note: 'first', when: '2026-01-05T09:00:00Z' },
      });
      // when
      await t.server.engine.dispatch(id, { type: 'variables.set', variables: { values: { amount: 2 } } });
      await t.server.engine.dispatch(id, { type: 'variables.delete', names: ['note'] });
      await t.server.engine.dispatch(id, {
        type: 'variables.set',
        variables: { values: { when: '2026-01-06T09:00:00.000Z' }, types: { when: 'Date' } },
      });
      const { body } = await t.rest<Row[]>(
        'GET',
        `/history/variable-instance?processInstanceId=${id}&sortBy=variableName&sortOrder=asc`,
      );
      const withDeleted = await t.rest<Row[]>('POST', '/history/variable-instance', {
        processInstanceId: id,
        includeDeleted: true,
        variableName: 'note',
      });
      // then
      expect(body.map((x) => [x.name, x.value, x.type, x.state])).toEqual([
        ['amount', 2, 'Integer', 'CREATED'],
        ['when', '2026-01-06T09:00:00.000+0000', 'Date', 'CREATED'],
      ]);
      expect(body[0]).toMatchObject({ activityInstanceId: id, processDefinitionKey: 'straight' });
      expect(withDeleted.body).toMatchObject([{ name: 'note', state: 'DELETED', value: null }]);
      const one = await t.rest<Row>('GET', `/history/variable-instance/${String(body[0].id)}`);
      expect(one.body).toEqual(body[0]);
    });

    it('filters historic instances and refuses bad parameters', async () => {
      // given
      const running = await start(t, 'straight', { businessKey: 'filter-me' });
      // when
      const unfinished = await t.rest<HistoricInstance[]>(
        'GET',
        '/history/process-instance?unfinished=true&processInstanceBusinessKey=filter-me',
      );
      const finished = await t.rest<{ count: number }>(
        'GET',
        '/history/process-instance/count?businessKey=filter-me&finished=true',
      );
      const paged = await t.rest<HistoricInstance[]>(
        'GET',
        '/history/process-instance?sortBy=startTime&sortOrder=desc&maxResults=1',
      );
      const badFlag = await t.rest<{ message: string }>('GET', '/history/process-instance?finished=perhaps');
      const badDate = await t.rest<{ message: string }>(
        'GET',
        '/history/process-instance?startedAfter=yesterday',
      );
      const badSort = await t.rest<{ message: string }>('GET', '/history/task?sortBy=mood');
      const unknown = await t.rest('GET', '/history/process-instance/nope');
      // then
      expect(unfinished.body.map((x) => [x.id, x.state])).toEqual([[running, 'ACTIVE']]);
      expect(finished.body).toEqual({ count: 0 });
      expect(paged.body.map((x) => x.id)).toEqual([running]);
      expect(badFlag.status).toBe(400);
      expect(badFlag.body.message).toContain('finished');
      expect(badDate.status).toBe(400);
      expect(badDate.body.message).toContain('startedAfter');
      expect(badSort.status).toBe(400);
      expect(badSort.body.message).toContain('sortBy');
      expect(unknown.status).toBe(404);
    });
  });
}
