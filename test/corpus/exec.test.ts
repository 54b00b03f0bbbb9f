/**
 * The executable files of the shared corpus whose behaviour is in the engine-core scope, run to the
 * outcome their MANIFEST states. The others need engine events (timers, messages, signals, errors,
 * compensation) and must be rejected at deploy time with a diagnostic naming the element.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bothModes, Harness } from '../support/harness.ts';

const EXEC = new URL('../../../shared/bpmn-corpus/exec/', import.meta.url);
const camunda = (name: string): string => readFileSync(new URL(`camunda-bpm-platform/${name}`, EXEC), 'utf8');

function taskNames(h: Harness, instanceId?: string): string[] {
  return h.engine.tasks
    .list(instanceId ? { processInstanceId: instanceId } : {})
    .map((t) => t.name ?? t.taskDefinitionKey)
    .sort();
}

describe('corpus: camunda-bpm-platform', () => {
  it.each([
    [1, 'Input is one'],
    [5, 'Default input'],
  ])('ExclusiveGatewayTest.testDefaultSequenceFlow: input=%s gives "%s"', async (input, task) => {
    await bothModes(async (h) => {
      await h.deploy(camunda('ExclusiveGatewayTest.testDefaultSequenceFlow.bpmn20.xml'));
      const processId = h.engine.repository.list()[0].key;
      h.engine.start(processId, { variables: { input } });
      expect(taskNames(h)).toEqual([task]);
    });
  });

  it.each([1, 2, 3])('ExclusiveGatewayTest.testDivergingExclusiveGateway: input=%s', async (input) => {
    await bothModes(async (h) => {
      await h.deploy(camunda('ExclusiveGatewayTest.testDivergingExclusiveGateway.bpmn20.xml'));
      h.engine.start('exclusiveGwDiverging', { variables: { input } });
      expect(taskNames(h)).toEqual([`Task ${input}`]);
    });
  });

  it('ExclusiveGatewayTest.testLoopWithManyIterations: 1000 iterations end normally with i = 1001', async () => {
    const h = await Harness.create();
    await h.deploy(camunda('ExclusiveGatewayTest.testLoopWithManyIterations.bpmn'));
    const { id } = h.engine.start('testProcess', { variables: { numOfIterations: 1000 } });
    expect(h.engine.instance(id).status).toBe('completed');
    expect(Number(h.engine.variables(id).i)).toBe(1001);
  });

  it.each([
    [1, ['Task 1', 'Task 2', 'Task 3']],
    [2, ['Task 2', 'Task 3']],
    [3, ['Task 3']],
  ])('InclusiveGatewayTest.testDivergingInclusiveGateway: input=%s', async (input, tasks) => {
    await bothModes(async (h) => {
      await h.deploy(camunda('InclusiveGatewayTest.testDivergingInclusiveGateway.bpmn20.xml'));
      const processId = h.engine.repository.list()[0].key;
      h.engine.start(processId, { variables: { input } });
      expect(taskNames(h)).toEqual(tasks);
    });
  });

  it('ParallelGatewayTest.testUnbalancedForkJoin: nested joins fire only when complete', async () => {
    await bothModes(async (h) => {
      await h.deploy(camunda('ParallelGatewayTest.testUnbalancedForkJoin.bpmn20.xml'));
      const { id } = h.engine.start('UnbalancedForkJoin');
      expect(taskNames(h)).toEqual(['Task 1', 'Task 2', 'Task 3']);
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'task1'));
      expect(taskNames(h)).toEqual(['Task 2', 'Task 3']);
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'task2'));
      expect(taskNames(h)).toEqual(['Task 3', 'Task 4']);
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'task3'));
      h.engine.tasks.complete(h.taskId(id, 'task4'));
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('MultiInstanceTest.testParallelUserTasks: three tasks named by loopCounter, counts go down', async () => {
    await bothModes(async (h) => {
      await h.deploy(camunda('MultiInstanceTest.testParallelUserTasks.bpmn20.xml'));
      const { id } = h.engine.start('miParallelUserTasks');
      const tasks = h.engine.tasks.list({ processInstanceId: id });
      expect(tasks.map((t) => [t.name, t.assignee])).toEqual([
        ['My Task 0', 'kermit_0'],
        ['My Task 1', 'kermit_1'],
        ['My Task 2', 'kermit_2'],
      ]);
      const body = () => Object.values(h.engine.state(id).elements).find((e) => e.body)!;
      for (const [i, task] of tasks.entries()) {
        await h.waitPoint();
        expect(body().vars?.nrOfActiveInstances).toBe(3 - i);
        h.engine.tasks.complete(task.id);
      }
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('TerminateEndEventTest.testProcessTerminate: the terminate end ends the whole instance', async () => {
    await bothModes(async (h) => {
      await h.deploy(camunda('TerminateEndEventTest.testProcessTerminate.bpmn'));
      const processId = h.engine.repository.list()[0].key;
      const { id } = h.engine.start(processId);
      expect(h.engine.tasks.list()).toHaveLength(2);
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'preTerminateTask'));
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.tasks.list()).toEqual([]);
    });
  });

  it('CallActivity.testCallSimpleSubProcess: before, in the called instance, after, end', async () => {
    await bothModes(async (h) => {
      await h.deploy(
        camunda('simpleSubProcess.bpmn20.xml'),
        camunda('CallActivity.testCallSimpleSubProcess.bpmn20.xml'),
      );
      const caller = h.engine.repository.list().find((d) => d.key !== 'simpleSubProcess')!.key;
      const { id } = h.engine.start(caller);
      expect(taskNames(h)).toEqual(['Task before subprocess']);
      h.engine.tasks.complete(h.engine.tasks.list()[0].id);
      await h.waitPoint();
      const [called] = h.engine.listInstances({ processId: 'simpleSubProcess' });
      expect(taskNames(h, called.id)).toEqual(['Task in subprocess']);
      h.engine.tasks.complete(h.engine.tasks.list()[0].id);
      await h.waitPoint();
      expect(taskNames(h, id)).toEqual(['Task after subprocess']);
      h.engine.tasks.complete(h.engine.tasks.list()[0].id);
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });
});

const MINUTE = 60_000;
const flowable = (name: string): string => readFileSync(new URL(`flowable-engine/${name}`, EXEC), 'utf8');
const subscriptions = (h: Harness, id: string) => Object.values(h.engine.state(id).subscriptions ?? {});

describe('corpus: camunda-bpm-platform events', () => {
  it('BoundaryErrorEventTest.testCatchErrorOnEmbeddedSubprocess: the error end cancels the sub-process', async () => {
    await bothModes(async (h) => {
      await h.deploy(camunda('BoundaryErrorEventTest.testCatchErrorOnEmbeddedSubprocess.bpmn20.xml'));
      const { id } = h.engine.start('boundaryErrorOnEmbeddedSubprocess');
      expect(taskNames(h)).toEqual(['subprocessTask']);
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'subprocessTask'));
      expect(taskNames(h)).toEqual(['task after catching the error']);
    });
  });

  it('BoundaryTimerEventTest.testMultipleTimersOnUserTask: the PT1H timer fires first and removes the others', async () => {
    await bothModes(async (h) => {
      await h.deploy(camunda('BoundaryTimerEventTest.testMultipleTimersOnUserTask.bpmn20.xml'));
      const { id } = h.engine.start('multipleTimersOnUserTask');
      expect(subscriptions(h, id).filter((s) => s.kind === 'timer')).toHaveLength(3);
      await h.waitPoint();
      h.advance(60 * MINUTE + 5000);
      h.engine.fireDueTimers();
      expect(subscriptions(h, id)).toEqual([]);
      expect(taskNames(h)).toEqual(['Third Task']);
    });
  });

  it('EscalationEventTest.testInterruptingEscalationBoundaryEvent: only the task after the escalation exists', async () => {
    await bothModes(async (h) => {
      await h.deploy(camunda('EscalationEventTest.testInterruptingEscalationBoundaryEvent.bpmn20.xml'));
      h.engine.start('escalationProcess');
      expect(taskNames(h)).toEqual(['task after catched escalation']);
    });
  });

  it('EventBasedGatewayTest: the signal wins over the PT0S timer when it comes first', async () => {
    await bothModes(async (h) => {
      await h.deploy(
        camunda('EventBasedGatewayTest.testCatchAlertAndTimer.bpmn20.xml'),
        camunda('EventBasedGatewayTest.throwAlertSignal.bpmn20.xml'),
      );
      const { id } = h.engine.start('catchSignal');
      // PT0S is scheduled, not fired during start
      expect(
        subscriptions(h, id)
          .map((s) => s.kind)
          .sort(),
      ).toEqual(['signal', 'timer']);
      await h.waitPoint();
      h.engine.start('throwSignal');
      expect(subscriptions(h, id)).toEqual([]);
      expect(taskNames(h)).toEqual(['afterSignal']);
      expect(h.engine.fireDueTimers()).toBe(0);
    });
  });

  it('EventBasedGatewayTest: without a signal the timer fires and removes the subscription', async () => {
    await bothModes(async (h) => {
      await h.deploy(camunda('EventBasedGatewayTest.testCatchAlertAndTimer.bpmn20.xml'));
      const { id } = h.engine.start('catchSignal');
      await h.waitPoint();
      expect(h.engine.fireDueTimers()).toBe(1);
      expect(subscriptions(h, id)).toEqual([]);
      expect(taskNames(h)).toEqual(['afterTimer']);
    });
  });

  it('IntermediateTimerEventTest.testCatchingTimerEvent: one timer, fired after 50 minutes, the process ends', async () => {
    await bothModes(async (h) => {
      await h.deploy(camunda('IntermediateTimerEventTest.testCatchingTimerEvent.bpmn20.xml'));
      const processId = h.engine.repository.list()[0].key;
      const { id } = h.engine.start(processId);
      expect(subscriptions(h, id).filter((s) => s.kind === 'timer')).toHaveLength(1);
      await h.waitPoint();
      h.advance(50 * MINUTE);
      h.engine.fireDueTimers();
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('LinkEventTest.testValidEventLink: links carry the token to each receive task', async () => {
    await bothModes(async (h) => {
      await h.deploy(camunda('LinkEventTest.testValidEventLink.bpmn20.xml'));
      const { id } = h.engine.start('linkEventValid');
      expect(h.active(id)).toEqual(['waitAfterLink1']);
      await h.waitPoint();
      h.engine.trigger(id, 'waitAfterLink1');
      expect(h.active(id)).toEqual(['waitAfterLink2']);
      h.engine.trigger(id, 'waitAfterLink2');
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it.each(['message', 'task'])(
    'MessageBoundaryEventTest.testSingleBoundaryMessageEvent: %s first',
    async (first) => {
      await bothModes(async (h) => {
        await h.deploy(camunda('MessageBoundaryEventTest.testSingleBoundaryMessageEvent.bpmn20.xml'));
        const { id } = h.engine.start('process');
        await h.waitPoint();
        if (first === 'message') h.engine.correlateMessage('messageName');
        else h.engine.tasks.complete(h.taskId(id, 'task'));
        expect(subscriptions(h, id)).toEqual([]);
        const next = first === 'message' ? 'taskAfterMessage' : 'taskAfterTask';
        expect(h.active(id)).toEqual([next]);
        h.engine.tasks.complete(h.taskId(id, next));
        expect(h.engine.instance(id).status).toBe('completed');
      });
    },
  );

  it('MessageEventSubprocessTest.testNonInterruptingUnderProcessDefinition: beside the task, ends when both are done', async () => {
    await bothModes(async (h) => {
      await h.deploy(
        camunda('MessageEventSubprocessTest.testNonInterruptingUnderProcessDefinition.bpmn20.xml'),
      );
      const plain = h.engine.start('process').id;
      h.engine.tasks.complete(h.taskId(plain, 'task'));
      expect(h.engine.instance(plain).status).toBe('completed');
      const { id } = h.engine.start('process');
      await h.waitPoint();
      h.engine.correlateMessage('newMessage', { processInstanceId: id });
      expect(h.active(id)).toEqual(['eventSubProcessTask', 'subProcess', 'task']);
      h.engine.tasks.complete(h.taskId(id, 'eventSubProcessTask'));
      await h.waitPoint();
      expect(h.engine.instance(id).status).toBe('active');
      h.engine.tasks.complete(h.taskId(id, 'task'));
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('MessageStartEventTest.testMessageStartEventAndNoneStartEvent: either start, implicit end', async () => {
    await bothModes(async (h) => {
      await h.deploy(camunda('MessageStartEventTest.testMessageStartEventAndNoneStartEvent.bpmn20.xml'));
      const byNone = h.engine.start('testProcess').id;
      expect(h.active(byNone)).toEqual(['taskAfterNoneStart']);
      const [byMessage] = h.engine.correlateMessage('newInvoiceMessage');
      expect(h.active(byMessage.processInstanceId)).toEqual(['taskAfterMessageStart']);
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(byMessage.processInstanceId, 'taskAfterMessageStart'));
      expect(h.engine.instance(byMessage.processInstanceId).status).toBe('completed');
    });
  });

  it.each([
    [3, 3],
    [10, 5],
  ])(
    'MultiInstanceTest.sequentialUserTasks: nrOfLoops=%s ends after %s completions',
    async (loops, completions) => {
      await bothModes(async (h) => {
        await h.deploy(camunda('MultiInstanceTest.sequentialUserTasks.bpmn20.xml'));
        const { id } = h.engine.start('miSequentialUserTasks', { variables: { nrOfLoops: loops } });
        for (let i = 0; i < completions; i++) {
          const [task] = h.engine.tasks.list({ processInstanceId: id });
          expect(task.assignee).toBe(`kermit_${i}`);
          h.engine.tasks.complete(task.id);
          await h.waitPoint();
        }
        expect(h.engine.instance(id).status).toBe('completed');
      });
    },
  );

  it('MultiInstanceTest.sequentialUserTasks: the boundary timer cancels the whole multi-instance body', async () => {
    await bothModes(async (h) => {
      await h.deploy(camunda('MultiInstanceTest.sequentialUserTasks.bpmn20.xml'));
      const { id } = h.engine.start('miSequentialUserTasks', { variables: { nrOfLoops: 3 } });
      h.engine.tasks.complete(h.engine.tasks.list({ processInstanceId: id })[0].id);
      await h.waitPoint();
      h.advance(2 * 60 * MINUTE + 1000);
      h.engine.fireDueTimers();
      expect(h.active(id)).toEqual(['taskAfterTimer']);
    });
  });

  it('SignalEventTests.catchAlertSignal: the thrown signal completes the catcher', async () => {
    await bothModes(async (h) => {
      await h.deploy(
        camunda('SignalEventTests.catchAlertSignal.bpmn20.xml'),
        camunda('EventBasedGatewayTest.throwAlertSignal.bpmn20.xml'),
      );
      const { id } = h.engine.start('catchSignal');
      expect(subscriptions(h, id).map((s) => s.kind)).toEqual(['signal']);
      await h.waitPoint();
      h.engine.start('throwSignal');
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.listInstances({ status: 'active' })).toEqual([]);
    });
  });

  it('StartTimerEventTest.testCycleWithLimitStartTimerEvent: R2/PT5M starts two instances, then stops', async () => {
    const h = await Harness.create();
    await h.deploy(camunda('StartTimerEventTest.testCycleWithLimitStartTimerEvent.bpmn20.xml'));
    const timers = () => h.engine.events.timers.list().length;
    expect([timers(), h.engine.listInstances().length]).toEqual([1, 0]);
    h.advance(5 * MINUTE);
    h.engine.fireDueTimers();
    expect([timers(), h.engine.listInstances().length]).toEqual([1, 1]);
    h.advance(5 * MINUTE);
    h.engine.fireDueTimers();
    expect([timers(), h.engine.listInstances().length]).toEqual([0, 2]);
  });
});

describe('corpus: flowable-engine', () => {
  const file = 'TimerEventSubprocessTest.testInterruptingUnderProcessDefinition.bpmn20.xml';
  it('completing the task before the P1D timer ends the process and removes the timer', async () => {
    await bothModes(async (h) => {
      await h.deploy(flowable(file));
      const { id } = h.engine.start('process');
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'task'));
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.events.timers.list()).toEqual([]);
    });
  });

  it('the interrupting timer event sub-process cancels the task', async () => {
    await bothModes(async (h) => {
      await h.deploy(flowable(file));
      const { id } = h.engine.start('process');
      await h.waitPoint();
      h.advance(24 * 60 * MINUTE);
      h.engine.fireDueTimers();
      expect(h.active(id)).toEqual([expect.stringMatching(/^_SubProcess_/), 'eventSubProcessTask']);
      h.engine.tasks.complete(h.taskId(id, 'eventSubProcessTask'));
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });
});

describe('corpus: compensation', () => {
  it('CompensateEventTest.testCompensateSubprocess: the handler runs once per completed iteration', async () => {
    await bothModes(async (h) => {
      await h.deploy(camunda('CompensateEventTest.testCompensateSubprocess.bpmn20.xml'));
      // UndoService increments the variable its counterName field names.
      h.handle('org.camunda.bpm.engine.test.bpmn.event.compensate.helper.UndoService', (job) => {
        const name = job.headers.counterName;
        return { variables: { [name]: Number(job.variables[name] ?? 0) + 1 } };
      });
      const { id } = h.engine.start('compensateProcess');
      expect(h.active(id)).toEqual(['beforeEnd']);
      expect(h.engine.variables(id)).toEqual({ undoBookHotel: 5 });
      await h.waitPoint();
      h.engine.trigger(id, 'beforeEnd');
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });
});

describe('corpus: bpmn-elements', () => {
  it('signals.bpmn: a signal starts the price admin, whose signal interrupts the trade task and loops back', async () => {
    // bpmn-elements runs non-executable processes and calls host services in expressions; map both
    // to what Baton runs: the admin process marked executable, services as external tasks.
    const xml = readFileSync(new URL('bpmn-elements/signals.bpmn', EXEC), 'utf8')
      .replace('isExecutable="false"', 'isExecutable="true"')
      .replace(
        'camunda:expression="${environment.services.getSpotPrice}" camunda:resultVariable="spotPrice"',
        'camunda:type="external" camunda:topic="getSpotPrice"',
      )
      .replace('${content.output.form.amount}', '${amount}')
      .replace('${content.output.form.newPrice}', '${newPrice}')
      .replace(
        '${environment.output.spotPrice}</camunda:outputParameter>',
        '${price}</camunda:outputParameter>',
      );
    await bothModes(async (h) => {
      const db = { price: 100 };
      await h.deploy(xml);
      h.handle('getSpotPrice', () => ({ variables: { spotPrice: db.price } }));
      const { id } = h.engine.start('tradeProcess');
      expect(h.active(id)).toEqual(['tradeTask']);
      expect(h.engine.variables(id)).toEqual({ spotPrice: 100 });
      await h.waitPoint();
      // when: someone signals a price update
      const [admin] = h.engine.broadcastSignal('Update spot price');
      expect(h.active(admin.id)).toEqual(['approveSpotPrice']);
      db.price = 99; // the data output association to the price store
      h.engine.tasks.complete(h.taskId(admin.id, 'approveSpotPrice'), { variables: { newPrice: 99 } });
      // then: the trade task was interrupted, the price fetched again
      expect(h.engine.instance(admin.id).status).toBe('completed');
      expect(h.path(id).filter((e) => e === 'getSpotPrice')).toHaveLength(2);
      expect(h.engine.variables(id)).toEqual({ spotPrice: 99 });
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'tradeTask'), { variables: { amount: 10 } });
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });
});
