/**
 * explainWaiting: one sentence per wait of an instance, from its state and compiled process (and,
 * where a runtime knows more, the facts it passes in).
 */
import { describe, expect, it } from 'vitest';
import { explainWaiting, type WaitingExplanation } from '../../engine/src/index.ts';
import { Harness, START_TIME } from '../support/harness.ts';

async function setup(): Promise<Harness> {
  const h = await Harness.create();
  await h.deploy('insight-waits.bpmn', 'insight-message-c8.bpmn');
  return h;
}

function explain(h: Harness, id: string, facts = {}): WaitingExplanation[] {
  return explainWaiting(h.engine.definitionOf(id).process, h.engine.state(id), facts);
}

describe('explainWaiting', () => {
  it('names the user task with its candidates and the external task with its topic', async () => {
    // given
    const h = await setup();
    const { id } = h.engine.start('insightJoin');
    const taskId = h.taskId(id, 'review');
    const scoreJob = h.engine.jobs.list({ instanceId: id })[0].id;
    // when
    const waits = explain(h, id);
    // then
    expect(waits).toEqual([
      {
        key: expect.any(String),
        elementId: 'review',
        elementType: 'bpmn:UserTask',
        sentence: `Waits for user task 'Review claim' (task ${taskId}): any of group underwriters may claim it.`,
        reason: {
          kind: 'userTask',
          taskId,
          candidateUsers: [],
          candidateGroups: ['underwriters'],
        },
      },
      {
        key: expect.any(String),
        elementId: 'score',
        elementType: 'bpmn:ServiceTask',
        sentence: `Waits for an external worker on topic 'score-risk' (task ${scoreJob}): not locked by any worker yet, 3 retries left.`,
        reason: { kind: 'externalTask', topic: 'score-risk', retries: 3 },
      },
    ]);
  });

  it('adds what the runtime knows: the lock of an external task', async () => {
    // given
    const h = await setup();
    const { id } = h.engine.start('insightJoin');
    const job = h.engine.jobs.list({ instanceId: id })[0].id;
    const expires = START_TIME + 60_000;
    // when
    const score = explain(h, id, {
      jobs: { [job]: { kind: 'external', lockedBy: 'worker-1', lockExpiresAt: expires, retries: 2 } },
    }).find((w) => w.elementId === 'score')!;
    // then
    expect(score.reason).toEqual({
      kind: 'externalTask',
      topic: 'score-risk',
      lockedBy: 'worker-1',
      lockExpiresAt: '2026-01-05T09:01:00.000Z',
      retries: 2,
    });
    expect(score.sentence).toContain('locked by worker-1 until 2026-01-05T09:01:00.000Z, 2 retries left');
  });

  it('says which branch a parallel join still waits for, then the timer and the boundary timer', async () => {
    // given
    const h = await setup();
    const { id } = h.engine.start('insightJoin');
    // when: the review is done, the scoring is not
    h.engine.tasks.complete(h.taskId(id, 'review'));
    const join = explain(h, id).find((w) => w.elementId === 'join');
    // then
    expect(join).toMatchObject({
      elementType: 'bpmn:ParallelGateway',
      key: h.engine.state(id).root,
      sentence:
        "Parallel join 'Both done' waits for the branch from 'Score risk' (arrived: the branch from 'Review claim').",
      reason: { kind: 'join', gatewayType: 'parallelGateway', arrived: ['f4'], waitingFor: ['f5'] },
    });

    // when: the scoring is done too
    const [locked] = h.engine.externalTasks.fetchAndLock('w', 1, [
      { topicName: 'score-risk', lockDuration: 1000 },
    ]);
    h.engine.externalTasks.complete(locked.id, 'w');
    // then
    expect(explain(h, id)).toEqual([
      expect.objectContaining({
        elementId: 'coolDown',
        sentence: "Waits for timer 'Cool down' (timeDuration PT1H) due at 2026-01-05T10:00:00.000Z.",
        reason: { kind: 'timer', dueAt: '2026-01-05T10:00:00.000Z', timer: 'PT1H' },
      }),
    ]);

    // when: the timer fired
    h.advance(3_600_000);
    h.engine.fireDueTimers();
    const [archive] = explain(h, id);
    // then
    expect(archive.sentence).toBe(
      `Waits for user task 'Archive' (task ${h.taskId(id, 'archive')}): assigned to demo. It also listens for timer 'Too late' (due at 2026-01-06T10:00:00.000Z).`,
    );
    expect(archive.reason).toMatchObject({ kind: 'userTask', assignee: 'demo' });
  });

  it('an inclusive join waits only for the branches a token can still reach', async () => {
    // given
    const h = await setup();
    const { id } = h.engine.start('insightInclusive', { variables: { a: true, b: true, c: false } });
    // when
    h.engine.tasks.complete(h.taskId(id, 'taskA'));
    const merge = explain(h, id).find((w) => w.elementId === 'merge');
    // then
    expect(merge?.reason).toEqual({
      kind: 'join',
      gatewayType: 'inclusiveGateway',
      arrived: ['i5'],
      waitingFor: ['i6'],
    });
    expect(merge?.sentence).toBe(
      "Inclusive join 'Merge' waits for the branch from 'B', which a token can still reach (arrived: the branch from 'A').",
    );
  });

  it('evaluates the correlation key of a message and names signals and called instances', async () => {
    // given
    const h = await setup();
    const payment = h.engine.start('insightPayment', { variables: { orderId: 'A-17' } });
    const caller = h.engine.start('insightCaller');
    const child = h.engine.listInstances().find((i) => i.id !== caller.id && i.id !== payment.id)!;
    const callKey = Object.values(h.engine.state(caller.id).elements).find(
      (e) => e.elementId === 'callChild',
    )!.key;
    // when
    const [message] = explain(h, payment.id);
    const [signal] = explain(h, child.id);
    const [call] = explain(h, caller.id, { calledInstances: { [callKey]: child.id } });
    const [unknownCall] = explain(h, caller.id);
    // then
    expect(message).toMatchObject({
      elementId: 'paid',
      elementType: 'bpmn:IntermediateCatchEvent',
      sentence: "Waits for message 'payment' with correlation key 'A-17'.",
      reason: { kind: 'message', messageName: 'payment', correlationKey: 'A-17' },
    });
    expect(signal).toMatchObject({
      sentence: "Waits for signal 'go'.",
      reason: { kind: 'signal', signalName: 'go' },
    });
    expect(call).toMatchObject({
      sentence: `Waits for called process 'insightChild' (instance ${child.id}) to end.`,
      reason: { kind: 'callActivity', calledInstanceId: child.id },
    });
    expect(unknownCall.reason).toEqual({ kind: 'callActivity' });
  });

  it('targets of an event-based gateway say that they race each other', async () => {
    // given
    const h = await Harness.create();
    await h.deploy('receive-eventgateway.bpmn');
    const { id } = h.engine.start('race');
    // when
    const waits = explain(h, id);
    // then
    expect(waits.map((w) => [w.elementId, w.sentence])).toEqual([
      [
        'paid',
        "Waits for message 'paid'. It races 'cancelled' after an event-based gateway: the first to happen wins.",
      ],
      [
        'cancelled',
        "Waits for message 'cancel'. It races 'paid' after an event-based gateway: the first to happen wins.",
      ],
    ]);
    expect(waits[0].elementType).toBe('bpmn:ReceiveTask');
  });

  it('a complex gateway: its activation condition, then the reset it waits for', async () => {
    // given
    const h = await Harness.create();
    await h.deploy('complex.bpmn');
    const { id } = h.engine.start('complexLoop');
    const join = () => explain(h, id).find((w) => w.elementId === 'join');
    // when: one of three reviews is done
    h.engine.tasks.complete(h.taskId(id, 'a'));
    // then
    expect(join()).toMatchObject({
      sentence:
        "Complex gateway 'join' holds 1 token (arrived: the branch from 'a'); its activation condition '${activationCount >= 2}' does not hold yet.",
      reason: { kind: 'join', gatewayType: 'complexGateway', arrived: ['ja'], waitingFor: ['jb', 'jc'] },
    });
    // when: two are done, it fires and waits for the third to reset
    h.engine.tasks.complete(h.taskId(id, 'b'));
    // then
    expect(join()).toMatchObject({
      sentence:
        "Complex gateway 'join' fired and waits for its reset: the branch from 'c' may still deliver a token.",
      reason: { kind: 'join', gatewayType: 'complexGateway', arrived: ['ja', 'jb'], waitingFor: ['jc'] },
    });
  });

  it('an ended instance waits for nothing', async () => {
    // given
    const h = await setup();
    const { id } = h.engine.start('insightPayment', { variables: { orderId: 'B-1' } });
    // when
    h.engine.correlateMessage('payment', { correlationKey: 'B-1' });
    // then
    expect(h.engine.state(id).status).toBe('completed');
    expect(explain(h, id)).toEqual([]);
  });
});
