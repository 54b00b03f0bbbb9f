/**
 * User task REST resource (/task) on both databases: query filters and sorting, the Camunda Task
 * shape, claim / unclaim / assignee, complete, form variables and task variables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { deploy, start } from './runtimeSupport.ts';

interface Task {
  id: string;
  name: string;
  assignee: string | null;
  priority: number;
  processInstanceId: string;
  [key: string]: unknown;
}
type Variables = Record<string, { value: unknown; type: string }>;

const CAMUNDA_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

for (const kind of await databaseKinds()) {
  describe(`/task on ${kind}`, () => {
    let t: TestServer;
    let annId: string;
    let openId: string;
    const taskOf = async (instanceId: string) =>
      (await t.rest<Task[]>('GET', `/task?processInstanceId=${instanceId}`)).body[0];

    beforeAll(async () => {
      t = await startTestServer(kind);
      await deploy(t, ['usertask-c7.bpmn', 'straight.bpmn']);
      annId = await start(t, 'review', {
        variables: { initiator: 'ann', amount: 2000 },
        businessKey: 'b-ann',
      });
      openId = await start(t, 'review', {
        variables: { initiator: null, amount: 10 },
        businessKey: 'b-open',
      });
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers a task in the Camunda shape', async () => {
      // given
      const task = await taskOf(annId);
      // when
      const { status, body } = await t.rest<Task>('GET', `/task/${task.id}`);
      // then
      expect(status).toBe(200);
      expect(body).toMatchObject({
        id: task.id,
        name: 'Review claim',
        assignee: 'ann',
        priority: 80,
        due: '2026-02-01T12:00:00.000+0000',
        followUp: null,
        processInstanceId: annId,
        taskDefinitionKey: 'reviewClaim',
        formKey: 'embedded:app:forms/review.html',
        suspended: false,
        tenantId: null,
      });
      expect(body.created).toMatch(CAMUNDA_DATE);
      expect(body.processDefinitionId).toEqual(expect.any(String));
    });

    it('filters by candidates, assignment, keys and names', async () => {
      // given
      const ids = async (query: string) =>
        (await t.rest<Task[]>('GET', `/task?${query}`)).body.map((x) => x.processInstanceId).sort();
      // when / then
      expect(await ids('candidateUser=bob')).toEqual([openId]);
      expect(await ids('candidateUser=bob&includeAssignedTasks=true')).toEqual([annId, openId].sort());
      expect(await ids('candidateGroup=seniors')).toEqual([openId]);
      expect(await ids('candidateUser=zoe&candidateGroups=nobody,underwriters')).toEqual([openId]);
      expect(await ids('candidateUser=zoe')).toEqual([]);
      expect(await ids('withCandidateGroups=true&unassigned=true')).toEqual([openId]);
      expect(await ids('assignee=ann')).toEqual([annId]);
      expect(await ids('processDefinitionKey=review&taskDefinitionKey=reviewClaim')).toHaveLength(2);
      expect(await ids('nameLike=Review%25&businessKey=b-open')).toEqual([openId]);
      expect(await ids('processDefinitionKey=straight')).toEqual([]);
    });

    it('sorts, pages and counts; POST takes the filters as a body', async () => {
      // when
      const byPriority = await t.rest<Task[]>('GET', '/task?sortBy=priority&sortOrder=desc');
      const second = await t.rest<Task[]>(
        'GET',
        '/task?sortBy=priority&sortOrder=asc&firstResult=1&maxResults=1',
      );
      const count = await t.rest<{ count: number }>('GET', '/task/count?processDefinitionKey=review');
      const posted = await t.rest<Task[]>('POST', '/task', {
        candidateGroups: ['underwriters'],
        sorting: [{ sortBy: 'created', sortOrder: 'asc' }],
      });
      const postedCount = await t.rest<{ count: number }>('POST', '/task/count', { assignee: 'ann' });
      // then
      expect(byPriority.body.map((x) => x.priority)).toEqual([80, 40]);
      expect(second.body.map((x) => x.priority)).toEqual([80]);
      expect(count.body).toEqual({ count: 2 });
      expect(posted.body.map((x) => x.processInstanceId)).toEqual([openId]);
      expect(postedCount.body).toEqual({ count: 1 });
    });

    it('answers 400 naming the parameter for bad filters, 404 for unknown tasks', async () => {
      // when
      const badSort = await t.rest<{ type: string; message: string }>('GET', '/task?sortBy=bogus');
      const badFlag = await t.rest<{ message: string }>('GET', '/task?unassigned=maybe');
      const badPage = await t.rest<{ message: string }>('GET', '/task?maxResults=-1');
      const badBody = await t.rest<{ message: string }>('POST', '/task', { candidateGroups: 'x' });
      const unknown = await t.rest('GET', '/task/nope:1');
      const unknownClaim = await t.rest('POST', '/task/nope:1/claim', { userId: 'bob' });
      // then
      expect(badSort.status).toBe(400);
      expect(badSort.body.message).toContain('sortBy');
      expect(badFlag.status).toBe(400);
      expect(badFlag.body.message).toContain('unassigned');
      expect(badPage.status).toBe(400);
      expect(badPage.body.message).toContain('maxResults');
      expect(badBody.status).toBe(400);
      expect(badBody.body.message).toContain('candidateGroups');
      expect(unknown.status).toBe(404);
      expect(unknownClaim.status).toBe(404);
    });

    it('claims, refuses a second claimant, unclaims and sets the assignee', async () => {
      // given
      const task = await taskOf(openId);
      // when
      const claimed = await t.rest('POST', `/task/${task.id}/claim`, { userId: 'bob' });
      const again = await t.rest<{ type: string; message: string }>('POST', `/task/${task.id}/claim`, {
        userId: 'carl',
      });
      const sameUser = await t.rest('POST', `/task/${task.id}/claim`, { userId: 'bob' });
      const noUser = await t.rest<{ message: string }>('POST', `/task/${task.id}/claim`, {});
      // then
      expect(claimed.status).toBe(204);
      expect(again.status).toBe(409);
      expect(again.body.message).toContain('already claimed by bob');
      expect(sameUser.status).toBe(204);
      expect(noUser.status).toBe(400);
      expect(noUser.body.message).toContain('userId');
      expect((await t.rest<Task>('GET', `/task/${task.id}`)).body.assignee).toBe('bob');

      // when
      expect((await t.rest('POST', `/task/${task.id}/unclaim`)).status).toBe(204);
      // then
      expect((await t.rest<Task>('GET', `/task/${task.id}`)).body.assignee).toBeNull();

      // when
      expect((await t.rest('POST', `/task/${task.id}/assignee`, { userId: 'dora' })).status).toBe(204);
      // then
      expect((await t.rest<Task>('GET', `/task/${task.id}`)).body.assignee).toBe('dora');
      const history = await t.rest<{ assignee: string }[]>('GET', `/history/task?taskId=${task.id}`);
      expect(history.body[0].assignee).toBe('dora');
    });

    it('answers form variables typed by the form fields, and task variables', async () => {
      // given
      const task = await taskOf(annId);
      // when
      const form = await t.rest<Variables>('GET', `/task/${task.id}/form-variables`);
      const only = await t.rest<Variables>('GET', `/task/${task.id}/form-variables?variableNames=level`);
      // then
      expect(form.status).toBe(200);
      expect(form.body.approved).toEqual({ value: false, type: 'Boolean', valueInfo: {} });
      expect(form.body.level).toEqual({ value: null, type: 'String', valueInfo: {} });
      expect(form.body.amount).toMatchObject({ value: 2000, type: 'Integer' });
      expect(Object.keys(only.body)).toEqual(['level']);

      // when
      const put = await t.rest('PUT', `/task/${task.id}/variables/approved`, {
        value: true,
        type: 'Boolean',
      });
      const badPut = await t.rest<{ message: string }>('PUT', `/task/${task.id}/variables/approved`, {
        value: 'x',
        type: 'Integer',
      });
      // then
      expect(put.status).toBe(204);
      expect(badPut.status).toBe(400);
      expect((await t.rest<Variables>('GET', `/task/${task.id}/form-variables`)).body.approved.value).toBe(
        true,
      );
      const all = await t.rest<Variables>('GET', `/task/${task.id}/variables`);
      expect(all.body).toMatchObject({
        initiator: { value: 'ann' },
        approved: { value: true, type: 'Boolean' },
      });
      const one = await t.rest<{ value: unknown; type: string }>('GET', `/task/${task.id}/variables/amount`);
      expect(one.body).toEqual({ value: 2000, type: 'Integer', valueInfo: {} });
      expect((await t.rest('GET', `/task/${task.id}/variables/missing`)).status).toBe(404);
    });

    it('completes a task with variables and returns them on request', async () => {
      // given
      const task = await taskOf(annId);
      // when
      const { status, body } = await t.rest<Variables>('POST', `/task/${task.id}/complete`, {
        variables: { level: { value: 'high', type: 'String' }, score: { value: 7, type: 'Long' } },
        withVariablesInReturn: true,
      });
      // then
      expect(status).toBe(200);
      expect(body.level).toMatchObject({ value: 'high', type: 'String' });
      expect(body.score).toMatchObject({ value: 7, type: 'Long' });
      expect((await t.rest('GET', `/task/${task.id}`)).status).toBe(404);
      const instance = await t.rest<{ state: string }>('GET', `/history/process-instance/${annId}`);
      expect(instance.body.state).toBe('COMPLETED');
      expect((await t.rest('POST', `/task/${task.id}/complete`, {})).status).toBe(404);
    });

    it('deletes and modifies task variables where they are visible from the task', async () => {
      // given: task 'slow' in a sub-process holding the local variable 'local'
      await deploy(t, ['subprocess-terminate.bpmn']);
      const id = await start(t, 'subTerminate', { variables: { keep: 'k', gone: 'g', alsoGone: 'a' } });
      const slow = (await t.rest<Task[]>('GET', `/task?processInstanceId=${id}&taskDefinitionKey=slow`))
        .body[0];
      const taskVariables = async () => (await t.rest<Variables>('GET', `/task/${slow.id}/variables`)).body;
      const instanceVariables = async () =>
        Object.keys((await t.rest<Variables>('GET', `/process-instance/${id}/variables`)).body).sort();
      expect(Object.keys(await taskVariables()).sort()).toEqual(['alsoGone', 'gone', 'keep', 'local']);
      // when
      const local = await t.rest('DELETE', `/task/${slow.id}/variables/local`);
      const global = await t.rest('DELETE', `/task/${slow.id}/variables/gone`);
      const missing = await t.rest('DELETE', `/task/${slow.id}/variables/missing`);
      // then
      expect([local.status, global.status, missing.status]).toEqual([204, 204, 204]);
      expect(Object.keys(await taskVariables()).sort()).toEqual(['alsoGone', 'keep']);
      expect(await instanceVariables()).toEqual(['alsoGone', 'keep']);

      // when
      const modified = await t.rest('POST', `/task/${slow.id}/variables`, {
        modifications: { keep: { value: 'changed' }, fresh: { value: 5, type: 'Long' } },
        deletions: ['alsoGone'],
      });
      // then
      expect(modified.status).toBe(204);
      expect(await taskVariables()).toEqual({
        keep: { value: 'changed', type: 'String', valueInfo: {} },
        fresh: { value: 5, type: 'Long', valueInfo: {} },
      });
      expect(await instanceVariables()).toEqual(['fresh', 'keep']);

      // when: bad requests change nothing
      const badValue = await t.rest<{ message: string }>('POST', `/task/${slow.id}/variables`, {
        modifications: { keep: { value: 'x' }, fresh: { value: 'many', type: 'Integer' } },
        deletions: ['keep'],
      });
      const badDeletions = await t.rest<{ message: string }>('POST', `/task/${slow.id}/variables`, {
        deletions: 'keep',
      });
      const unknownDelete = await t.rest('DELETE', '/task/nope:1/variables/keep');
      const unknownModify = await t.rest('POST', '/task/nope:1/variables', { deletions: ['keep'] });
      // then
      expect(badValue.status).toBe(400);
      expect(badValue.body.message).toContain('fresh');
      expect(badDeletions.status).toBe(400);
      expect(badDeletions.body.message).toContain("'deletions'");
      expect([unknownDelete.status, unknownModify.status]).toEqual([404, 404]);
      expect((await taskVariables()).keep.value).toBe('changed');
    });
  });
}
