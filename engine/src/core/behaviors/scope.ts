/**
 * Scopes: the process itself and embedded sub-processes. A scope starts at its start events (or,
 * without any, at every element with no incoming flow, as the spec allows) and completes when no
 * token is left inside it.
 */
import type { CompiledElement } from '../../protocol/definition.ts';
import type { ElementInstance } from '../../protocol/state.ts';
import type { ElementBehavior } from '../behavior.ts';
import type { Step } from '../step.ts';
import { closeSubscriptions } from '../subscriptions.ts';
import { compensationEventSubProcess } from '../compensation.ts';

function start(step: Step, inst: ElementInstance, el: CompiledElement): void {
  // Re-created to be compensated: only its compensation event sub-process runs.
  const compensation = inst.compensationFor !== undefined ? compensationEventSubProcess(step, el) : undefined;
  if (compensation) return step.enqueueActivation(compensation, inst.key);
  for (const startId of el.startEvents ?? []) step.enqueueActivation(startId, inst.key);
  // An empty scope has nothing to wait for.
  step.enqueueScopeCheck(inst.key);
}

export const subProcess: ElementBehavior = {
  activate: start,
};

export const processScope: ElementBehavior = {
  activate(step, inst, el) {
    if (step.startAt) step.enqueueActivation(step.startAt, inst.key);
    else start(step, inst, el);
  },
  scopeDone(step, root) {
    closeSubscriptions(step, root.key);
    const variables = root.vars ?? {};
    const types = root.types;
    step.emit({ type: 'element.completed', key: root.key, elementId: root.elementId });
    step.emit({ type: 'instance.completed' });
    step.effect({
      type: 'instance.finished',
      instanceId: step.instanceId,
      status: 'completed',
      parent: step.state.parent,
      variables,
      types,
    });
  },
};
