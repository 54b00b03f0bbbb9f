/**
 * The executable files of the shared corpus whose behaviour is in the engine-core scope, run to the
 * outcome their MANIFEST states. The others need engine events (timers, messages, signals, errors,
 * compensation) and must be rejected at deploy time with a diagnostic naming the element.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileBpmn, createExpressionEvaluator } from '../../engine/src/index.ts';
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

describe('corpus: files that need engine events are refused with diagnostics naming the element', () => {
  const evaluator = createExpressionEvaluator();
  const files: [string, string][] = [
    [
      'camunda-bpm-platform/BoundaryErrorEventTest.testCatchErrorOnEmbeddedSubprocess.bpmn20.xml',
      'bpmn:BoundaryEvent',
    ],
    [
      'camunda-bpm-platform/BoundaryTimerEventTest.testMultipleTimersOnUserTask.bpmn20.xml',
      'bpmn:BoundaryEvent',
    ],
    ['camunda-bpm-platform/CompensateEventTest.testCompensateSubprocess.bpmn20.xml', 'bpmn:BoundaryEvent'],
    [
      'camunda-bpm-platform/EscalationEventTest.testInterruptingEscalationBoundaryEvent.bpmn20.xml',
      'bpmn:IntermediateThrowEvent',
    ],
    [
      'camunda-bpm-platform/EventBasedGatewayTest.testCatchAlertAndTimer.bpmn20.xml',
      'bpmn:IntermediateCatchEvent',
    ],
    ['camunda-bpm-platform/EventBasedGatewayTest.throwAlertSignal.bpmn20.xml', 'bpmn:IntermediateThrowEvent'],
    [
      'camunda-bpm-platform/IntermediateTimerEventTest.testCatchingTimerEvent.bpmn20.xml',
      'bpmn:IntermediateCatchEvent',
    ],
    ['camunda-bpm-platform/LinkEventTest.testValidEventLink.bpmn20.xml', 'bpmn:IntermediateThrowEvent'],
    [
      'camunda-bpm-platform/MessageBoundaryEventTest.testSingleBoundaryMessageEvent.bpmn20.xml',
      'bpmn:BoundaryEvent',
    ],
    [
      'camunda-bpm-platform/MessageEventSubprocessTest.testNonInterruptingUnderProcessDefinition.bpmn20.xml',
      'bpmn:SubProcess',
    ],
    [
      'camunda-bpm-platform/MessageStartEventTest.testMessageStartEventAndNoneStartEvent.bpmn20.xml',
      'bpmn:StartEvent',
    ],
    ['camunda-bpm-platform/MultiInstanceTest.sequentialUserTasks.bpmn20.xml', 'bpmn:BoundaryEvent'],
    ['camunda-bpm-platform/SignalEventTests.catchAlertSignal.bpmn20.xml', 'bpmn:IntermediateCatchEvent'],
    [
      'camunda-bpm-platform/StartTimerEventTest.testCycleWithLimitStartTimerEvent.bpmn20.xml',
      'bpmn:StartEvent',
    ],
    [
      'flowable-engine/TimerEventSubprocessTest.testInterruptingUnderProcessDefinition.bpmn20.xml',
      'bpmn:SubProcess',
    ],
    ['bpmn-elements/transaction.bpmn', 'bpmn:Transaction'],
    ['bpmn-elements/signals.bpmn', 'bpmn:BoundaryEvent'],
  ];
  it.each(files)('%s', async (file, elementType) => {
    const compiled = await compileBpmn(readFileSync(new URL(file, EXEC)), { expressions: evaluator });
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const unsupported = errors.find((d) => d.code === 'element.unsupported' && d.elementType === elementType);
    expect(unsupported, JSON.stringify(errors)).toBeDefined();
    expect(unsupported!.elementId).not.toBe('');
    expect(unsupported!.message).toMatch(/cannot execute/);
  });
});
