/**
 * Compatibility with a client no one here wrote: camunda-external-task-client-js, unchanged, runs a
 * worker against Baton on both databases. It completes tasks with typed variables, reports a
 * failure without retries (an incident), and throws a BPMN error a boundary event catches; the
 * instances end as the diagram says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Variables, type Handler } from 'camunda-external-task-client-js';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { eventually } from './restHelpers.ts';
import { deploy, start } from './runtimeSupport.ts';

interface HistoricInstance {
  state: string;
}
type Variable = { value: unknown; type: string };

const FIXTURES = new URL('./fixtures/', import.meta.url);

for (const kind of await databaseKinds()) {
  describe(`camunda-external-task-client-js against Baton on ${kind}`, () => {
    let t: TestServer;
    let client: Client;
    const clientErrors: unknown[] = [];

    const variablesOf = async (id: string): Promise<Record<string, Variable>> => {
      const { body } = await t.rest<(Variable & { name: string })[]>(
        'GET',
        `/history/variable-instance?processInstanceId=${id}`,
      );
      return Object.fromEntries(body.map((v) => [v.name, { value: v.value, type: v.type }]));
    };
    const endedAt = async (id: string) =>
      (
        await t.rest<{ activityId: string; activityType: string }[]>(
          'GET',
          `/history/activity-instance?processInstanceId=${id}`,
        )
      ).body
        .filter((a) => a.activityType === 'noneEndEvent')
        .map((a) => a.activityId);
    const stateOf = async (id: string) =>
      (await t.rest<HistoricInstance>('GET', `/history/process-instance/${id}`)).body.state;

    beforeAll(async () => {
      t = await startTestServer(kind);
      await deploy(t, ['claim-worker.bpmn'], FIXTURES);
      client = new Client({
        baseUrl: `${t.url}/engine-rest`,
        workerId: 'compat-worker',
        interval: 50,
        asyncResponseTimeout: 500,
        lockDuration: 10_000,
      });
      for (const event of [
        'poll:error',
        'complete:error',
        'handleFailure:error',
        'handleBpmnError:error',
        'handler:error',
      ])
        client.on(event, (...args) => clientErrors.push([event, ...args]));

      const scoring: Handler = async ({ task, taskService }) => {
        const amount = task.variables.get('amount') as number;
        const result = new Variables()
          .set('score', amount * 2)
          .set('scoredAt', new Date('2026-01-05T10:00:00.000Z'))
          .set('details', { band: amount > 20 ? 'A' : 'B', checks: ['id', 'fraud'] });
        await taskService.complete(task, result);
      };
      const payout: Handler = async ({ task, taskService }) => {
        await taskService.complete(task, new Variables().set('paid', true));
      };
      const validation: Handler = async ({ task, taskService }) => {
        await taskService.handleBpmnError(
          task,
          'INVALID',
          'amount too small',
          new Variables().set('reason', 'too small'),
        );
      };
      const notification: Handler = async ({ task, taskService }) => {
        await taskService.handleFailure(task, {
          errorMessage: 'smtp down',
          errorDetails: 'Error: connect ECONNREFUSED',
          retries: 0,
          retryTimeout: 0,
        });
      };
      client.subscribe('scoring', scoring);
      client.subscribe('payout', payout);
      client.subscribe('validation', validation);
      client.subscribe('notification', notification);
    });
    afterAll(async () => {
      client?.stop();
      await t?.close();
    });

    it('completes, fails and throws BPMN errors through the unchanged client', async () => {
      // given
      const ok = await start(t, 'claimPayout', { businessKey: 'ok', variables: { kind: 'ok', amount: 21 } });
      const invalid = await start(t, 'claimPayout', {
        businessKey: 'invalid',
        variables: { kind: 'invalid', amount: 1 },
      });
      const broken = await start(t, 'claimPayout', {
        businessKey: 'broken',
        variables: { kind: 'broken', amount: 5 },
      });

      // when the worker has done its part
      await eventually(async () => ((await stateOf(ok)) === 'COMPLETED' ? true : undefined), 10_000);
      await eventually(async () => ((await stateOf(invalid)) === 'COMPLETED' ? true : undefined), 10_000);
      const [incident] = await eventually(async () => {
        const { body } = await t.rest<Record<string, unknown>[]>(
          'GET',
          `/incident?processInstanceId=${broken}`,
        );
        return body.length > 0 ? body : undefined;
      }, 10_000);

      // then: the happy path paid out with the worker's typed variables
      expect(await endedAt(ok)).toEqual(['paid']);
      expect(await variablesOf(ok)).toMatchObject({
        score: { value: 42, type: 'Integer' },
        scoredAt: { value: '2026-01-05T10:00:00.000+0000', type: 'Date' },
        details: { value: '{"band":"A","checks":["id","fraud"]}', type: 'Json' },
        paid: { value: true, type: 'Boolean' },
      });
      // the BPMN error was caught by the boundary event, with its variables
      expect(await endedAt(invalid)).toEqual(['rejected']);
      expect(await variablesOf(invalid)).toMatchObject({
        reason: { value: 'too small' },
        errorCode: { value: 'INVALID' },
        errorText: { value: 'amount too small' },
      });
      // the failure without retries left an incident on a still running instance
      expect(await stateOf(broken)).toBe('ACTIVE');
      expect(incident).toMatchObject({
        incidentType: 'failedExternalTask',
        activityId: 'notify',
        incidentMessage: 'smtp down',
      });
      const details = await fetch(
        `${t.url}/engine-rest/external-task/${String(incident.configuration)}/errorDetails`,
      );
      expect(await details.text()).toBe('Error: connect ECONNREFUSED');
      expect(clientErrors).toEqual([]);
    });
  });
}
