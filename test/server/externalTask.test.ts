/**
 * External task REST resource (/external-task) on both databases: fetch-and-lock (with long
 * polling), the query, complete, failure with retries and incidents, BPMN errors, lock changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { deploy, start } from './runtimeSupport.ts';

interface Locked {
  id: string;
  activityInstanceId: string;
  topicName: string;
  workerId: string;
  lockExpirationTime: string;
  processInstanceId: string;
  activityId: string;
  businessKey: string | null;
  retries: number | null;
  errorMessage: string | null;
  variables: Record<string, { value: unknown; type: string }>;
}
type Error = { type: string; message: string };

const CAMUNDA_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

for (const kind of await databaseKinds()) {
  describe(`/external-task on ${kind}`, () => {
    let t: TestServer;
    const fetchLock = (businessKey: string, extra: Record<string, unknown> = {}, worker = 'w1') =>
      t.rest<Locked[]>('POST', '/external-task/fetchAndLock', {
        workerId: worker,
        maxTasks: 5,
        topics: [{ topicName: 'check', lockDuration: 60_000, businessKey }],
        ...extra,
      });
    const fetchTasks = async (businessKey: string) => (await fetchLock(businessKey)).body;
    const fetchOne = async (businessKey: string, worker = 'w1') => {
      const { body } = await fetchLock(businessKey, {}, worker);
      expect(body).toHaveLength(1);
      return body[0];
    };

    beforeAll(async () => {
      t = await startTestServer(kind);
      await deploy(t, ['straight.bpmn', 'errors.bpmn']);
    });
    afterAll(async () => {
      await t.close();
    });

    it('fetches and locks tasks with their variables, in the exact JSON media type', async () => {
      // given
      const id = await start(t, 'straight', {
        businessKey: 'fetch',
        variables: { amount: 5, customer: { name: 'Ann' }, note: 'x' },
      });
      // when
      const response = await fetch(`${t.url}/engine-rest/external-task/fetchAndLock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          workerId: 'w1',
          maxTasks: 2,
          topics: [
            {
              topicName: 'check',
              lockDuration: 60_000,
              businessKey: 'fetch',
              variables: ['amount', 'customer'],
            },
          ],
        }),
      });
      const locked = (await response.json()) as Locked[];
      const again = await fetchTasks('fetch');
      // then
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(locked).toHaveLength(1);
      expect(locked[0]).toMatchObject({
        topicName: 'check',
        workerId: 'w1',
        processInstanceId: id,
        activityId: 'check',
        businessKey: 'fetch',
        retries: null,
        errorMessage: null,
      });
      expect(locked[0].lockExpirationTime).toMatch(CAMUNDA_DATE);
      expect(locked[0].variables).toEqual({
        amount: { value: 5, type: 'Integer', valueInfo: {} },
        customer: { value: '{"name":"Ann"}', type: 'Json', valueInfo: {} },
      });
      expect(again).toEqual([]);
    });

    it('long polls until a task appears', async () => {
      // given
      const started = Date.now();
      const polling = fetchLock('poll', { asyncResponseTimeout: 5000 });
      await new Promise((r) => setTimeout(r, 150));
      // when
      const id = await start(t, 'straight', { businessKey: 'poll' });
      const { status, body } = await polling;
      // then
      expect(status).toBe(200);
      expect(body.map((x) => x.processInstanceId)).toEqual([id]);
      expect(Date.now() - started).toBeLessThan(4000);
    });

    it('finds the task a topic filter asks for behind many others', async () => {
      // given
      for (let i = 0; i < 4; i++)
        await start(t, 'straight', { businessKey: 'crowd', variables: { amount: i } });
      const wanted = await start(t, 'straight', { businessKey: 'needle', variables: { amount: 7 } });
      const byVariable = await start(t, 'straight', { businessKey: 'crowd', variables: { amount: 42 } });
      const topic = { topicName: 'check', lockDuration: 60_000 };
      // when
      const byKey = await t.rest<Locked[]>('POST', '/external-task/fetchAndLock', {
        workerId: 'w1',
        maxTasks: 1,
        topics: [{ ...topic, businessKey: 'needle', processDefinitionKeyIn: ['straight'] }],
      });
      const byValue = await t.rest<Locked[]>('POST', '/external-task/fetchAndLock', {
        workerId: 'w1',
        maxTasks: 1,
        topics: [{ ...topic, processVariables: { amount: 42 } }],
      });
      // then
      expect(byKey.body.map((x) => x.processInstanceId)).toEqual([wanted]);
      expect(byValue.body.map((x) => x.processInstanceId)).toEqual([byVariable]);
    });

    it('answers a long poll at once when the server shuts down', async () => {
      // given
      const other = await startTestServer(kind);
      const started = Date.now();
      const polling = other.rest<Locked[]>('POST', '/external-task/fetchAndLock', {
        workerId: 'w1',
        maxTasks: 1,
        asyncResponseTimeout: 20_000,
        topics: [{ topicName: 'check', lockDuration: 1000 }],
      });
      await new Promise((r) => setTimeout(r, 150));
      // when
      await other.close();
      const { status, body } = await polling;
      // then
      expect(status).toBe(200);
      expect(body).toEqual([]);
      expect(Date.now() - started).toBeLessThan(4000);
    });

    it('lists, counts and gets external tasks', async () => {
      // given
      const id = await start(t, 'straight', { businessKey: 'list' });
      const idle = await start(t, 'straight', { businessKey: 'list-idle' });
      const locked = await fetchOne('list', 'lister');
      // when
      const byWorker = await t.rest<{ id: string }[]>('GET', '/external-task?workerId=lister&locked=true');
      const notLocked = await t.rest<{ processInstanceId: string }[]>(
        'GET',
        `/external-task?notLocked=true&processInstanceId=${idle}`,
      );
      const count = await t.rest<{ count: number }>('POST', '/external-task/count', {
        processInstanceIdIn: [id, idle],
        topicName: 'check',
      });
      const one = await t.rest<Record<string, unknown>>('GET', `/external-task/${locked.id}`);
      const unknown = await t.rest<Error>('GET', '/external-task/nope');
      // then
      expect(byWorker.body.map((x) => x.id)).toEqual([locked.id]);
      expect(notLocked.body.map((x) => x.processInstanceId)).toEqual([idle]);
      expect(count.body).toEqual({ count: 2 });
      expect(one.body).toMatchObject({
        id: locked.id,
        workerId: 'lister',
        topicName: 'check',
        processDefinitionKey: 'straight',
        businessKey: 'list',
        suspended: false,
        tenantId: null,
      });
      expect(unknown.status).toBe(404);
    });

    it('completes only for the worker holding the lock; variables reach the instance', async () => {
      // given
      const id = await start(t, 'straight', { businessKey: 'complete' });
      const task = await fetchOne('complete');
      // when
      const wrong = await t.rest<Error>('POST', `/external-task/${task.id}/complete`, { workerId: 'w2' });
      const noWorker = await t.rest<Error>('POST', `/external-task/${task.id}/complete`, {});
      const done = await t.rest('POST', `/external-task/${task.id}/complete`, {
        workerId: 'w1',
        variables: { approved: { value: true, type: 'Boolean' } },
        localVariables: { checkedAt: { value: '2026-01-05T10:00:00.000+0000', type: 'Date' } },
      });
      // then
      expect(wrong.status).toBe(409);
      expect(noWorker.status).toBe(400);
      expect(noWorker.body.message).toContain('workerId');
      expect(done.status).toBe(204);
      const instance = await t.rest<{ state: string }>('GET', `/history/process-instance/${id}`);
      expect(instance.body.state).toBe('COMPLETED');
      const ends = await t.rest<{ activityId: string }[]>(
        'GET',
        `/history/activity-instance?processInstanceId=${id}&activityId=approved`,
      );
      expect(ends.body).toHaveLength(1);
      const vars = await t.rest<{ name: string; type: string; activityInstanceId: string }[]>(
        'GET',
        `/history/variable-instance?processInstanceId=${id}&variableName=checkedAt`,
      );
      // a local variable belongs to the task, not to the process instance
      expect(vars.body[0]).toMatchObject({ type: 'Date', activityInstanceId: task.activityInstanceId });
      expect((await t.rest('POST', `/external-task/${task.id}/complete`, { workerId: 'w1' })).status).toBe(
        404,
      );
    });

    it('counts failures down to an incident; new retries resolve it', async () => {
      // given
      const id = await start(t, 'straight', { businessKey: 'fail' });
      let task = await fetchOne('fail');
      // when
      const first = await t.rest('POST', `/external-task/${task.id}/failure`, {
        workerId: 'w1',
        errorMessage: 'flaky',
        errorDetails: 'stack',
        retries: 1,
        retryTimeout: 0,
      });
      task = await fetchOne('fail');
      const last = await t.rest('POST', `/external-task/${task.id}/failure`, {
        workerId: 'w1',
        errorMessage: 'broken',
        retries: 0,
      });
      // then
      expect(first.status).toBe(204);
      expect(task).toMatchObject({ retries: 1, errorMessage: 'flaky' });
      expect(last.status).toBe(204);
      expect(await fetchTasks('fail')).toEqual([]);
      const stuck = await t.rest<{ id: string; retries: number }[]>(
        'GET',
        `/external-task?noRetriesLeft=true&processInstanceId=${id}`,
      );
      expect(stuck.body).toMatchObject([{ id: task.id, retries: 0 }]);
      const incidents = await t.rest<Record<string, unknown>[]>('GET', `/incident?processInstanceId=${id}`);
      expect(incidents.body).toMatchObject([
        {
          incidentType: 'failedExternalTask',
          activityId: 'check',
          configuration: task.id,
          incidentMessage: 'broken',
        },
      ]);
      const details = await fetch(`${t.url}/engine-rest/external-task/${task.id}/errorDetails`);
      expect(await details.text()).toBe('');

      // when
      const badRetries = await t.rest<Error>('PUT', `/external-task/${task.id}/retries`, { retries: -1 });
      const retried = await t.rest('PUT', `/external-task/${task.id}/retries`, { retries: 2 });
      // then
      expect(badRetries.status).toBe(400);
      expect(badRetries.body.message).toContain('retries');
      expect(retried.status).toBe(204);
      expect((await t.rest<unknown[]>('GET', `/incident?processInstanceId=${id}`)).body).toEqual([]);
      expect(await fetchTasks('fail')).toHaveLength(1);
    });

    it('throws a BPMN error caught by a boundary event, with variables', async () => {
      // given
      const id = await start(t, 'kycCheck', { businessKey: 'kyc' });
      const { body } = await t.rest<Locked[]>('POST', '/external-task/fetchAndLock', {
        workerId: 'w1',
        maxTasks: 1,
        topics: [{ topicName: 'screen', lockDuration: 60_000, processDefinitionKey: 'kycCheck' }],
      });
      // when
      const thrown = await t.rest('POST', `/external-task/${body[0].id}/bpmnError`, {
        workerId: 'w1',
        errorCode: 'FRAUD',
        errorMessage: 'suspicious',
        variables: { reason: { value: 'blacklisted', type: 'String' } },
      });
      // then
      expect(thrown.status).toBe(204);
      const tasks = await t.rest<{ taskDefinitionKey: string }[]>('GET', `/task?processInstanceId=${id}`);
      expect(tasks.body.map((x) => x.taskDefinitionKey)).toEqual(['investigate']);
      const taskId = (tasks.body[0] as { id?: string }).id;
      const vars = await t.rest<Record<string, { value: unknown }>>('GET', `/task/${taskId}/variables`);
      expect(vars.body).toMatchObject({ code: { value: 'FRAUD' }, reason: { value: 'blacklisted' } });
    });

    it('extends and releases locks', async () => {
      // given
      await start(t, 'straight', { businessKey: 'lock' });
      const task = await fetchOne('lock');
      // when
      const extended = await t.rest('POST', `/external-task/${task.id}/extendLock`, {
        workerId: 'w1',
        newDuration: 600_000,
      });
      const foreign = await t.rest('POST', `/external-task/${task.id}/extendLock`, {
        workerId: 'w2',
        newDuration: 1000,
      });
      const badDuration = await t.rest<Error>('POST', `/external-task/${task.id}/extendLock`, {
        workerId: 'w1',
        newDuration: 0,
      });
      const after = await t.rest<{ lockExpirationTime: string }>('GET', `/external-task/${task.id}`);
      // then
      expect(extended.status).toBe(204);
      expect(foreign.status).toBe(409);
      expect(badDuration.status).toBe(400);
      expect(badDuration.body.message).toContain('newDuration');
      expect(Date.parse(after.body.lockExpirationTime.replace('+0000', 'Z'))).toBeGreaterThan(
        Date.parse(task.lockExpirationTime.replace('+0000', 'Z')),
      );

      // when
      const unlocked = await t.rest('POST', `/external-task/${task.id}/unlock`);
      // then
      expect(unlocked.status).toBe(204);
      expect(
        (await t.rest<{ workerId: string | null }>('GET', `/external-task/${task.id}`)).body.workerId,
      ).toBeNull();
      expect(await fetchTasks('lock')).toHaveLength(1);
    });

    it('refuses durations past 100 years with 400 naming the field, locking and changing nothing', async () => {
      // given
      const maximum = 100 * 365 * 24 * 60 * 60 * 1000;
      const id = await start(t, 'straight', { businessKey: 'far' });
      const tooLong = (field: string) => ({
        type: 'InvalidRequestException',
        message: `Request body field '${field}' must be <= ${maximum}`,
      });
      // when
      const lockedForever = await fetchLock('far', {
        topics: [{ topicName: 'check', lockDuration: 9e15, businessKey: 'far' }],
      });
      const listed = await t.rest<{ workerId: string | null }[]>(
        'GET',
        `/external-task?processInstanceId=${id}`,
      );
      // then
      expect(lockedForever.status).toBe(400);
      expect(lockedForever.body).toEqual(tooLong('topics[0].lockDuration'));
      expect(listed.status).toBe(200);
      expect(listed.body.map((x) => x.workerId)).toEqual([null]);

      // given
      const task = await fetchOne('far');
      // when
      const extended = await t.rest<Error>('POST', `/external-task/${task.id}/extendLock`, {
        workerId: 'w1',
        newDuration: 9_000_000_000_000_000,
      });
      const failed = await t.rest<Error>('POST', `/external-task/${task.id}/failure`, {
        workerId: 'w1',
        retries: 1,
        retryTimeout: maximum + 1,
      });
      const after = await t.rest<Locked[]>('GET', `/external-task?processInstanceId=${id}`);
      // then
      expect(extended.status).toBe(400);
      expect(extended.body).toEqual(tooLong('newDuration'));
      expect(failed.status).toBe(400);
      expect(failed.body).toEqual(tooLong('retryTimeout'));
      expect(after.status).toBe(200);
      expect(after.body.map((x) => [x.lockExpirationTime, x.retries])).toEqual([
        [task.lockExpirationTime, null],
      ]);

      // when: the longest lock is a valid date
      const longest = await t.rest('POST', `/external-task/${task.id}/extendLock`, {
        workerId: 'w1',
        newDuration: maximum,
      });
      const got = await t.rest<Locked>('GET', `/external-task/${task.id}`);
      // then
      expect(longest.status).toBe(204);
      expect(got.body.lockExpirationTime).toMatch(CAMUNDA_DATE);
      expect(Date.parse(got.body.lockExpirationTime.replace('+0000', 'Z'))).toBeGreaterThan(
        Date.now() + maximum - 60_000,
      );
    });

    it('answers 400 naming the field for bad fetch-and-lock requests', async () => {
      // when
      const noWorker = await t.rest<Error>('POST', '/external-task/fetchAndLock', {
        maxTasks: 1,
        topics: [],
      });
      const noDuration = await t.rest<Error>('POST', '/external-task/fetchAndLock', {
        workerId: 'w',
        maxTasks: 1,
        topics: [{ topicName: 'check' }],
      });
      const badTimeout = await t.rest<Error>('POST', '/external-task/fetchAndLock', {
        workerId: 'w',
        maxTasks: 1,
        asyncResponseTimeout: -5,
        topics: [],
      });
      const badSort = await t.rest<Error>('GET', '/external-task?sortBy=nope');
      // then
      expect(noWorker.status).toBe(400);
      expect(noWorker.body.message).toContain('workerId');
      expect(noDuration.status).toBe(400);
      expect(noDuration.body.message).toContain('topics[0].lockDuration');
      expect(badTimeout.status).toBe(400);
      expect(badTimeout.body.message).toContain('asyncResponseTimeout');
      expect(badSort.status).toBe(400);
    });
  });
}
