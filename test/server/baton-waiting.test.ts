/**
 * /baton/process-instance/{id}/waiting and /events on both databases: the engine's sentences with
 * what only the database knows (external task locks, incidents, called instances), and the event
 * log of running and ended instances.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apply,
  type EngineEvent,
  type InstanceEventLog,
  type InstanceState,
  type WaitingExplanation,
} from '../../engine/src/index.ts';
import { START_TIME } from '../support/harness.ts';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { deploy, start } from './runtimeSupport.ts';

interface Task {
  id: string;
  taskDefinitionKey: string;
}

for (const kind of await databaseKinds()) {
  describe(`/baton/process-instance/{id}/waiting and /events on ${kind}`, () => {
    let t: TestServer;
    const now = START_TIME;
    const waiting = async (id: string) => {
      const { status, body } = await t.rest<WaitingExplanation[]>(
        'GET',
        `/baton/process-instance/${id}/waiting`,
      );
      expect(status).toBe(200);
      return body;
    };
    const taskOf = async (id: string, key: string) =>
      (await t.rest<Task[]>('GET', `/task?processInstanceId=${id}&taskDefinitionKey=${key}`)).body[0];

    beforeAll(async () => {
      t = await startTestServer(kind, { executor: false, now: () => now });
      await deploy(t, ['insight-waits.bpmn', 'insight-message-c8.bpmn']);
    });
    afterAll(async () => {
      await t.close();
    });

    it('names the user task and its candidate group, and the lock of the external task', async () => {
      // given
      const id = await start(t, 'insightJoin');
      const review = await taskOf(id, 'review');
      // when: nobody works on the external task yet
      const before = await waiting(id);
      // then
      expect(before.map((w) => w.sentence)).toEqual([
        `Waits for user task 'Review claim' (task ${review.id}): any of group underwriters may claim it.`,
        `Waits for an external worker on topic 'score-risk' (task ${id}:${before[1].key}): not locked by any worker yet, 3 retries left.`,
      ]);
      expect(before[0]).toMatchObject({
        elementId: 'review',
        elementType: 'bpmn:UserTask',
        reason: {
          kind: 'userTask',
          taskId: review.id,
          candidateUsers: [],
          candidateGroups: ['underwriters'],
        },
      });

      // when: a worker locks it
      const locked = await t.rest<{ id: string }[]>('POST', '/external-task/fetchAndLock', {
        workerId: 'worker-1',
        maxTasks: 1,
        topics: [{ topicName: 'score-risk', lockDuration: 60_000 }],
      });
      const score = (await waiting(id)).find((w) => w.elementId === 'score')!;
      // then
      expect(locked.body).toHaveLength(1);
      expect(score.reason).toEqual({
        kind: 'externalTask',
        topic: 'score-risk',
        lockedBy: 'worker-1',
        lockExpiresAt: new Date(now + 60_000).toISOString(),
        retries: 3,
      });
      expect(score.sentence).toContain(`locked by worker-1 until ${new Date(now + 60_000).toISOString()}`);

      // when: the worker gives up: an incident
      const failed = await t.rest('POST', `/external-task/${locked.body[0].id}/failure`, {
        workerId: 'worker-1',
        errorMessage: 'Scoring service down',
        retries: 0,
      });
      const [incident] = (
        await t.rest<{ id: string; incidentMessage: string }[]>('GET', `/incident?processInstanceId=${id}`)
      ).body;
      const stopped = (await waiting(id)).find((w) => w.elementId === 'score')!;
      // then
      expect(failed.status).toBe(204);
      expect(incident.incidentMessage).toContain('Scoring service down');
      expect(stopped.reason).toEqual({
        kind: 'incident',
        incidentId: incident.id,
        message: incident.incidentMessage,
      });
      expect(stopped.sentence).toBe(
        `'Score risk' is stopped by incident ${incident.id} (failedJob): ${incident.incidentMessage} (job type 'score-risk', task ${locked.body[0].id}, 0 retries left)`,
      );
    });

    it('says which branch a parallel join waits for, then when the timer is due', async () => {
      // given
      const id = await start(t, 'insightJoin');
      // when: the review is done
      expect((await t.rest('POST', `/task/${(await taskOf(id, 'review')).id}/complete`, {})).status).toBe(
        204,
      );
      const join = (await waiting(id)).find((w) => w.elementId === 'join');
      // then
      expect(join).toMatchObject({
        elementType: 'bpmn:ParallelGateway',
        sentence:
          "Parallel join 'Both done' waits for the branch from 'Score risk' (arrived: the branch from 'Review claim').",
        reason: { kind: 'join', gatewayType: 'parallelGateway', arrived: ['f4'], waitingFor: ['f5'] },
      });

      // when: the scoring is done too
      const [task] = (
        await t.rest<{ id: string }[]>('POST', '/external-task/fetchAndLock', {
          workerId: 'worker-2',
          maxTasks: 1,
          topics: [{ topicName: 'score-risk', lockDuration: 1000, processInstanceId: id }],
        })
      ).body;
      await t.rest('POST', `/external-task/${task.id}/complete`, { workerId: 'worker-2' });
      // then
      const due = new Date(now + 3_600_000).toISOString();
      expect(await waiting(id)).toEqual([
        expect.objectContaining({
          elementId: 'coolDown',
          elementType: 'bpmn:IntermediateCatchEvent',
          sentence: `Waits for timer 'Cool down' (timeDuration PT1H) due at ${due}.`,
          reason: { kind: 'timer', dueAt: due, timer: 'PT1H' },
        }),
      ]);
    });

    it('names the signal of a called instance and the called instance, and the correlation key', async () => {
      // given
      const caller = await start(t, 'insightCaller');
      const payment = await start(t, 'insightPayment', { variables: { orderId: 'A-17' } });
      // when: the outbox starts the child
      await t.server.executor.runDue();
      const children = (
        await t.rest<{ id: string }[]>('GET', `/process-instance?superProcessInstance=${caller}`)
      ).body;
      const [call] = await waiting(caller);
      // then
      expect(children).toHaveLength(1);
      expect(call).toMatchObject({
        elementId: 'callChild',
        elementType: 'bpmn:CallActivity',
        sentence: `Waits for called process 'insightChild' (instance ${children[0].id}) to end.`,
        reason: { kind: 'callActivity', calledInstanceId: children[0].id },
      });
      expect(await waiting(children[0].id)).toEqual([
        expect.objectContaining({
          sentence: "Waits for signal 'go'.",
          reason: { kind: 'signal', signalName: 'go' },
        }),
      ]);
      expect(await waiting(payment)).toEqual([
        expect.objectContaining({
          elementId: 'paid',
          sentence: "Waits for message 'payment' with correlation key 'A-17'.",
          reason: { kind: 'message', messageName: 'payment', correlationKey: 'A-17' },
        }),
      ]);
    });

    it('an ended instance waits for nothing but keeps its events; unknown ids are 404', async () => {
      // given
      const id = await start(t, 'insightPayment', { variables: { orderId: 'B-2' } });
      expect((await t.rest('DELETE', `/process-instance/${id}`)).status).toBe(204);
      // when
      const ended = await waiting(id);
      const log = await t.rest<InstanceEventLog>('GET', `/baton/process-instance/${id}/events`);
      const unknownWaiting = await t.rest<{ type: string; message: string }>(
        'GET',
        '/baton/process-instance/nope/waiting',
      );
      const unknownEvents = await t.rest<{ type: string }>('GET', '/baton/process-instance/nope/events');
      // then
      expect(ended).toEqual([]);
      expect(log.status).toBe(200);
      expect(log.body.instanceId).toBe(id);
      expect(log.body.definitionId).toMatch(/^insightPayment:/);
      const events: EngineEvent[] = log.body.events;
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events[0].type).toBe('instance.created');
      expect(events.at(-1)!.type).toBe('instance.terminated');
      let state: InstanceState | undefined;
      for (const e of events) state = apply(state, e);
      expect(state!.status).toBe('terminated');
      expect(unknownWaiting.status).toBe(404);
      expect(unknownWaiting.body).toMatchObject({
        type: 'NotFoundException',
        message: expect.stringContaining('nope'),
      });
      expect(unknownEvents.status).toBe(404);
    });

    it('the event log of a running instance folds to its state', async () => {
      // given
      const id = await start(t, 'insightJoin');
      // when
      const log = await t.rest<InstanceEventLog>('GET', `/baton/process-instance/${id}/events`);
      // then
      let state: InstanceState | undefined;
      for (const e of log.body.events) state = apply(state, e);
      expect(state).toEqual(await t.server.engine.state(id));
    });
  });
}
