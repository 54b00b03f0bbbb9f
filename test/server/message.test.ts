/**
 * Messages and signals over REST on both databases: Camunda 7 correlation (POST /message),
 * signal broadcast (POST /signal) and Camunda 8 style publication (POST /message/publish).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { eventually } from './restHelpers.ts';
import { deploy, start } from './runtimeSupport.ts';

interface Result {
  resultType: string;
  execution: { id: string; processInstanceId: string } | null;
  processInstance: { id: string; businessKey: string | null; definitionId: string } | null;
  variables?: Record<string, { value: unknown }>;
}
type Error = { type: string; message: string };

for (const kind of await databaseKinds()) {
  describe(`/message and /signal on ${kind}`, () => {
    let t: TestServer;
    const tasksOf = async (instanceId: string) =>
      (await t.rest<{ taskDefinitionKey: string }[]>('GET', `/task?processInstanceId=${instanceId}`)).body
        .map((x) => x.taskDefinitionKey)
        .sort();
    const placeOrder = async (businessKey: string, orderId: string) => {
      const { status, body } = await t.rest<Result[]>('POST', '/message', {
        messageName: 'orderPlaced',
        businessKey,
        processVariables: { orderId: { value: orderId, type: 'String' } },
        resultEnabled: true,
      });
      expect(status).toBe(200);
      return body[0].processInstance!.id;
    };

    beforeAll(async () => {
      t = await startTestServer(kind);
      await deploy(t, ['messages.bpmn', 'signals.bpmn']);
    });
    afterAll(async () => {
      await t.close();
    });

    it('starts an instance by a message start event and reports it', async () => {
      // when
      const { status, body } = await t.rest<Result[]>('POST', '/message', {
        messageName: 'orderPlaced',
        businessKey: 'o-start',
        processVariables: { orderId: { value: 'S1', type: 'String' } },
        resultEnabled: true,
        variablesInResultEnabled: true,
      });
      // then
      expect(status).toBe(200);
      expect(body).toHaveLength(1);
      expect(body[0]).toMatchObject({
        resultType: 'ProcessDefinition',
        execution: null,
        processInstance: { businessKey: 'o-start', definitionId: expect.stringContaining('order') },
        variables: { orderId: { value: 'S1' } },
      });
    });

    it('correlates to the one waiting execution by business key, 204 without results', async () => {
      // given
      const id = await placeOrder('o-cancel', 'C1');
      // when
      const { status } = await t.rest('POST', '/message', {
        messageName: 'orderCancelled',
        businessKey: 'o-cancel',
      });
      // then
      expect(status).toBe(204);
      expect(await tasksOf(id)).toEqual(['refund']);
    });

    it('answers 400 RestException when no execution or several match', async () => {
      // given
      await placeOrder('o-dup', 'D1');
      await placeOrder('o-dup', 'D2');
      // when
      const none = await t.rest<Error>('POST', '/message', {
        messageName: 'orderCancelled',
        businessKey: 'nope',
      });
      const several = await t.rest<Error>('POST', '/message', {
        messageName: 'orderCancelled',
        businessKey: 'o-dup',
      });
      const local = await t.rest<Error>('POST', '/message', {
        messageName: 'orderCancelled',
        businessKey: 'o-dup',
        localCorrelationKeys: { orderId: { value: 'D1', type: 'String' } },
      });
      // then
      for (const answer of [none, several, local]) {
        expect(answer.status).toBe(400);
        expect(answer.body.type).toBe('RestException');
        expect(answer.body.message).toContain('MismatchingMessageCorrelationException');
      }
    });

    it('correlates to all matching executions with all=true', async () => {
      // given
      const a = await placeOrder('o-all', 'E1');
      const b = await placeOrder('o-all', 'E2');
      // when
      const { status, body } = await t.rest<Result[]>('POST', '/message', {
        messageName: 'infoRequested',
        businessKey: 'o-all',
        all: true,
        resultEnabled: true,
      });
      // then
      expect(status).toBe(200);
      expect(body.map((r) => r.resultType)).toEqual(['Execution', 'Execution']);
      expect(body.map((r) => r.execution!.processInstanceId).sort()).toEqual([a, b].sort());
      expect(await tasksOf(a)).toEqual(['answer']);
    });

    it('correlates by process variables (correlationKeys) and by process instance id', async () => {
      // given
      const a = await placeOrder('o-keys', 'K1');
      const b = await placeOrder('o-keys', 'K2');
      // when
      const byKey = await t.rest('POST', '/message', {
        messageName: 'paymentReceived',
        correlationKeys: { orderId: { value: 'K2', type: 'String' } },
        processVariables: { paid: { value: 99.5, type: 'Double' } },
      });
      const byId = await t.rest('POST', '/message', { messageName: 'orderCancelled', processInstanceId: a });
      // then
      expect(byKey.status).toBe(204);
      expect(byId.status).toBe(204);
      expect(await tasksOf(b)).toEqual(['ship']);
      expect(await tasksOf(a)).toEqual(['refund']);
      const paid = await t.rest<{ value: unknown; type: string }[]>(
        'GET',
        `/history/variable-instance?processInstanceId=${b}&variableName=paid`,
      );
      expect(paid.body[0]).toMatchObject({ value: 99.5, type: 'Double' });
    });

    it('publishes Camunda 8 style: delivered by correlation key, else buffered until a subscription opens', async () => {
      // given
      const waiting = await placeOrder('o-pub', 'P1');
      // when
      const delivered = await t.rest<{ results: { processInstanceId: string }[]; buffered: boolean }>(
        'POST',
        '/message/publish',
        { name: 'paymentReceived', correlationKey: 'P1', variables: { paid: true } },
      );
      const buffered = await t.rest<{ results: unknown[]; buffered: boolean }>('POST', '/message/publish', {
        name: 'paymentReceived',
        correlationKey: 'P2',
        timeToLive: 60_000,
      });
      const later = await placeOrder('o-pub-later', 'P2');
      // then
      expect(delivered.status).toBe(200);
      expect(delivered.body.buffered).toBe(false);
      expect(delivered.body.results.map((r) => r.processInstanceId)).toEqual([waiting]);
      expect(await tasksOf(waiting)).toEqual(['ship']);
      expect(buffered.body).toMatchObject({ results: [], buffered: true });
      await eventually(async () => ((await tasksOf(later)).includes('ship') ? true : undefined));
    });

    it('broadcasts a signal to waiting executions and signal start events', async () => {
      // given
      const listener = await start(t, 'listener');
      // when
      const { status } = await t.rest('POST', '/signal', {
        name: 'alert',
        variables: { level: { value: 'red', type: 'String' } },
      });
      // then
      expect(status).toBe(204);
      expect(await tasksOf(listener)).toEqual(['handle']);
      const alarms = await t.rest<{ id: string }[]>(
        'GET',
        '/history/process-instance?processDefinitionKey=alarm',
      );
      expect(alarms.body).toHaveLength(1);
      const level = await t.rest<{ value: unknown }[]>(
        'GET',
        `/history/variable-instance?processInstanceId=${alarms.body[0].id}&variableName=level`,
      );
      expect(level.body[0].value).toBe('red');
    });

    it('delivers a signal to one execution only', async () => {
      // given
      const one = await start(t, 'listener');
      const other = await start(t, 'listener');
      // when
      const { status } = await t.rest('POST', '/signal', { name: 'alert', executionId: one });
      const notWaiting = await t.rest<Error>('POST', '/signal', { name: 'alert', executionId: one });
      // then
      expect(status).toBe(204);
      expect(await tasksOf(one)).toEqual(['handle']);
      expect(await tasksOf(other)).toEqual(['work']);
      expect(notWaiting.status).toBe(404);
    });

    it('answers 400 naming the field for bad input', async () => {
      // when
      const noName = await t.rest<Error>('POST', '/message', { businessKey: 'x' });
      const badVariables = await t.rest<Error>('POST', '/message', {
        messageName: 'orderPlaced',
        processVariables: { n: { value: 'x', type: 'Integer' } },
      });
      const badKeys = await t.rest<Error>('POST', '/message', { messageName: 'x', correlationKeys: [1] });
      const noSignal = await t.rest<Error>('POST', '/signal', {});
      const badTtl = await t.rest<Error>('POST', '/message/publish', { name: 'x', timeToLive: -1 });
      // then
      expect(noName.status).toBe(400);
      expect(noName.body.message).toContain('messageName');
      expect(badVariables.status).toBe(400);
      expect(badVariables.body.message).toContain('n');
      expect(badKeys.status).toBe(400);
      expect(badKeys.body.message).toContain('correlationKeys');
      expect(noSignal.status).toBe(400);
      expect(noSignal.body.message).toContain('name');
      expect(badTtl.status).toBe(400);
      expect(badTtl.body.message).toContain('timeToLive');
    });
  });
}
