import { describe, expect, it } from 'vitest';
import { bothModes, Harness } from '../support/harness.ts';

const HOUR = 3_600_000;

describe('timers', () => {
  it('a non-interrupting cycle boundary fires repeatedly; an interrupting duration ends the task', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('timers.bpmn');
      const { id } = h.engine.start('reminders', { variables: { sla: 'PT3H30M' } });
      await h.waitPoint();
      expect(
        Object.values(h.engine.state(id).subscriptions ?? {}).map((s) => [s.elementId, s.dueAt! - h.time]),
      ).toEqual([
        ['remind', HOUR],
        ['deadline', 3.5 * HOUR],
      ]);
      // when: three hours pass
      for (let i = 0; i < 3; i++) {
        h.advance(HOUR);
        expect(h.engine.fireDueTimers()).toBe(1);
        await h.waitPoint();
      }
      // then: three reminders, the task still open, R3 exhausted
      expect(h.path(id).filter((e) => e === 'sendReminder')).toHaveLength(3);
      expect(h.active(id)).toEqual(['review']);
      expect(Object.values(h.engine.state(id).subscriptions ?? {}).map((s) => s.elementId)).toEqual([
        'deadline',
      ]);
      // when: the deadline passes
      h.advance(HOUR);
      h.engine.fireDueTimers();
      // then
      expect(h.active(id)).toEqual(['escalate']);
      expect(h.trace(id)).toContain('terminated:review');
      expect(h.engine.state(id).subscriptions).toBeUndefined();
    });
  });

  it('completing the task first cancels its timers', async () => {
    const h = await Harness.create();
    await h.deploy('timers.bpmn');
    const { id } = h.engine.start('reminders', { variables: { sla: 'PT2H' } });
    h.engine.tasks.complete(h.taskId(id, 'review'));
    expect(h.engine.instance(id).status).toBe('completed');
    h.advance(10 * HOUR);
    expect(h.engine.fireDueTimers()).toBe(0);
  });

  it('an intermediate timer with a FEEL date waits until then, and fires late after downtime', async () => {
    await bothModes(async (h) => {
      await h.deploy('timers.bpmn');
      const { id } = h.engine.start('waitThenGo', { variables: { when: '2026-01-05T12:00:00Z' } });
      await h.waitPoint();
      h.advance(2 * HOUR);
      expect(h.engine.fireDueTimers()).toBe(0);
      h.advance(48 * HOUR);
      h.engine.fireDueTimers();
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('a timer start event starts instances on its cron schedule', async () => {
    const h = await Harness.create();
    await h.deploy('timers.bpmn');
    expect(h.engine.listInstances({ processId: 'nightly' })).toHaveLength(0);
    h.advance(24 * HOUR);
    h.engine.fireDueTimers();
    expect(h.engine.listInstances({ processId: 'nightly' })).toHaveLength(1);
    h.advance(24 * HOUR);
    h.engine.fireDueTimers();
    expect(h.engine.listInstances({ processId: 'nightly' })).toHaveLength(2);
  });

  it('a timer that cannot be evaluated raises an incident naming the element', async () => {
    const h = await Harness.create();
    await h.deploy('timers.bpmn');
    const { id } = h.engine.start('reminders', { variables: { sla: 'soon' } });
    expect(h.engine.incidents({ instanceId: id })[0].message).toMatch(/deadline.*soon/);
  });
});

describe('messages', () => {
  it('starts by message, correlates by correlation key, and a boundary message interrupts', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('messages.bpmn');
      const [started] = h.engine.correlateMessage('orderPlaced', {
        businessKey: 'O-1',
        variables: { orderId: 'O-1' },
      });
      expect(started.resultType).toBe('ProcessDefinition');
      const id = started.processInstanceId;
      await h.waitPoint();
      const other = h.engine.publishMessage('orderPlaced', { variables: { orderId: 'O-2' } })[0]
        .processInstanceId;
      await h.waitPoint();
      // when: the payment for O-2 arrives
      h.engine.publishMessage('paymentReceived', { correlationKey: 'O-2', variables: { paid: 10 } });
      // then: only O-2 moves on
      expect(h.active(other)).toEqual(['ship']);
      expect(h.active(id)).toEqual(['awaitPayment']);
      // when: O-1 is cancelled (Camunda 7 correlate by business key)
      h.engine.correlateMessage('orderCancelled', { businessKey: 'O-1' });
      // then
      expect(h.active(id)).toEqual(['refund']);
      expect(h.trace(id)).toContain('terminated:awaitPayment');
    });
  });

  it('a non-interrupting event sub-process runs beside the main flow, as often as messages come', async () => {
    await bothModes(async (h) => {
      await h.deploy('messages.bpmn');
      const id = h.engine.correlateMessage('orderPlaced', { variables: { orderId: 'X' } })[0]
        .processInstanceId;
      await h.waitPoint();
      h.engine.correlateMessage('infoRequested', { processInstanceId: id, variables: { question: 'when?' } });
      h.engine.correlateMessage('infoRequested', { processInstanceId: id });
      await h.waitPoint();
      expect(h.active(id)).toEqual(['answer', 'answer', 'awaitPayment', 'infoHandler', 'infoHandler']);
      expect(h.engine.variables(id)).toMatchObject({ question: 'when?' });
    });
  });

  it('correlating to nothing, or to several when one was asked, is an error the caller sees', async () => {
    const h = await Harness.create();
    await h.deploy('messages.bpmn');
    expect(() => h.engine.correlateMessage('orderCancelled')).toThrow(
      /Cannot correlate message 'orderCancelled': no process definition or execution matches/,
    );
    h.engine.correlateMessage('orderPlaced', { businessKey: 'A', variables: { orderId: 'A' } });
    h.engine.correlateMessage('orderPlaced', { businessKey: 'B', variables: { orderId: 'B' } });
    expect(() => h.engine.correlateMessage('orderCancelled')).toThrow(/2 executions or start events match/);
    expect(h.engine.correlateMessage('orderCancelled', { all: true })).toHaveLength(2);
  });

  it('a message published before its subscription opens is buffered and consumed once', async () => {
    await bothModes(async (h) => {
      await h.deploy('messages.bpmn');
      // when: the payment arrives before the order
      expect(
        h.engine.publishMessage('paymentReceived', {
          correlationKey: 'EARLY',
          timeToLive: HOUR,
          variables: { paid: 5 },
        }),
      ).toEqual([]);
      // the buffered message survives a move into a fresh engine
      await h.waitPoint();
      const id = h.engine.publishMessage('orderPlaced', { variables: { orderId: 'EARLY' } })[0]
        .processInstanceId;
      // then
      expect(h.active(id)).toEqual(['ship']);
      expect(h.engine.variables(id)).toMatchObject({ paid: 5 });
      const second = h.engine.publishMessage('orderPlaced', { variables: { orderId: 'EARLY' } })[0]
        .processInstanceId;
      expect(h.active(second)).toEqual(['awaitPayment']);
      await h.waitPoint();
    });
  });

  it('a buffered message expires after its time to live', async () => {
    const h = await Harness.create();
    await h.deploy('messages.bpmn');
    h.engine.publishMessage('paymentReceived', { correlationKey: 'LATE', timeToLive: 1000 });
    h.advance(1001);
    const id = h.engine.publishMessage('orderPlaced', { variables: { orderId: 'LATE' } })[0]
      .processInstanceId;
    expect(h.active(id)).toEqual(['awaitPayment']);
  });
});

describe('signals', () => {
  it('a throw reaches every waiting boundary and starts every signal start process', async () => {
    await bothModes(async (h) => {
      await h.deploy('signals.bpmn');
      const a = h.engine.start('listener').id;
      const b = h.engine.start('listener').id;
      await h.waitPoint();
      h.engine.start('thrower');
      expect(h.active(a)).toEqual(['handle']);
      expect(h.active(b)).toEqual(['handle']);
      expect(h.engine.listInstances({ processId: 'alarm' })).toHaveLength(1);
      await h.waitPoint();
      h.engine.broadcastSignal('alert', { level: 2 });
      expect(h.engine.listInstances({ processId: 'alarm' })).toHaveLength(2);
    });
  });
});

describe('errors and escalation', () => {
  it('an error end event in a sub-process is caught by the boundary on it, with the code variable', async () => {
    await bothModes(async (h) => {
      await h.deploy('errors.bpmn');
      const { id } = h.engine.start('kycCheck');
      await h.waitPoint();
      const [job] = h.engine.externalTasks.fetchAndLock('w', 1, [
        { topicName: 'screen', lockDuration: 1000 },
      ]);
      h.engine.externalTasks.complete(job.id, 'w', { variables: { fraud: true } });
      // then: the escalation was caught without interrupting, then the error interrupted the sub-process
      expect(h.path(id)).toEqual(expect.arrayContaining(['onLate', 'notify', 'onFraud']));
      expect(h.active(id)).toEqual(['investigate']);
      expect(h.engine.variables(id)).toMatchObject({ code: 'FRAUD' });
    });
  });

  it("a worker's BPMN error without a matching boundary goes to the catch-all error event sub-process", async () => {
    await bothModes(async (h) => {
      await h.deploy('errors.bpmn');
      const { id } = h.engine.start('kycCheck');
      await h.waitPoint();
      const [job] = h.engine.externalTasks.fetchAndLock('w', 1, [
        { topicName: 'screen', lockDuration: 1000 },
      ]);
      h.engine.externalTasks.handleBpmnError(job.id, 'w', 'SANCTIONS', {
        errorMessage: 'listed',
        variables: { list: 'EU' },
      });
      expect(h.active(id)).toEqual(['catchAll', 'handleAny']);
      expect(h.engine.variables(id)).toMatchObject({ list: 'EU' });
    });
  });

  it('an error thrown in a called process is caught on the call activity in the caller', async () => {
    await bothModes(async (h) => {
      await h.deploy('errors.bpmn');
      const { id } = h.engine.start('callsKyc');
      await h.waitPoint();
      const [child] = h.engine.listInstances({ processId: 'throwsOther' });
      h.engine.tasks.complete(h.taskId(child.id, 'work'));
      expect(h.active(id)).toEqual(['afterCatch']);
      expect(h.engine.instance(child.id).status).toBe('terminated');
    });
  });

  it('an error nobody catches raises an incident naming the code', async () => {
    const h = await Harness.create();
    await h.deploy('errors.bpmn');
    const { id } = h.engine.start('throwsOther');
    h.engine.tasks.complete(h.taskId(id, 'work'));
    expect(h.engine.incidents({ instanceId: id })[0]).toMatchObject({
      elementId: 'boom',
      type: 'unhandledError',
    });
    expect(h.engine.incidents({ instanceId: id })[0].message).toMatch(/'OTHER'/);
  });
});

describe('link and conditional events', () => {
  it('a link throw continues at its catch; a conditional catch waits for its condition; a conditional boundary interrupts', async () => {
    await bothModes(async (h) => {
      await h.deploy('links-conditions.bpmn');
      const { id } = h.engine.start('links', { variables: { ready: false, amount: 10 } });
      await h.waitPoint();
      expect(h.active(id)).toEqual(['waitFor']);
      h.engine.setVariables(id, { variables: { ready: true } });
      expect(h.active(id)).toEqual(['work']);
      await h.waitPoint();
      h.engine.setVariables(id, { variables: { amount: 5000 } });
      expect(h.active(id)).toEqual(['review']);
    });
  });

  it('a condition already true on arrival passes at once', async () => {
    const h = await Harness.create();
    await h.deploy('links-conditions.bpmn');
    const { id } = h.engine.start('links', { variables: { ready: true, amount: 1 } });
    expect(h.active(id)).toEqual(['work']);
  });
});
