/**
 * Taking sequence flows: which outgoing flows an element leaves by, and what a token does on
 * arrival (joining gateways count arrivals per incoming flow; everything else is activated).
 */
import type { CompiledElement, CompiledFlow } from '../protocol/definition.ts';
import { isBatonError } from '../protocol/errors.ts';
import type { ElementInstance, Incident } from '../protocol/state.ts';
import { isTruthyCondition } from '../expressions/index.ts';
import { arriveAtComplexGateway } from './complexGateway.ts';
import { isInclusiveJoin } from './inclusiveJoin.ts';
import type { Step } from './step.ts';

/** Result of evaluating a flow's condition, or the error message when it failed. */
export type ConditionResult = boolean | { error: string };

export function evaluateCondition(step: Step, flow: CompiledFlow, key: string): ConditionResult {
  if (!flow.condition) return true;
  try {
    return isTruthyCondition(step.evaluate(flow.condition, key), flow.condition);
  } catch (error) {
    if (isBatonError(error))
      return { error: `Condition of sequence flow '${flow.id}' failed: ${error.message}` };
    throw error;
  }
}

/**
 * The outgoing flows (the default flow aside) whose condition holds, in document order; with
 * `firstOnly`, at most the first. Null after raising an incident for a condition that failed.
 */
export function holdingFlows(
  step: Step,
  inst: ElementInstance,
  el: CompiledElement,
  failure: { type: Incident['type']; phase: Incident['phase'] },
  firstOnly = false,
): string[] | null {
  const taken: string[] = [];
  for (const flowId of el.outgoing) {
    if (flowId === el.defaultFlow) continue;
    const result = evaluateCondition(step, step.process.flows[flowId], inst.key);
    if (typeof result === 'object') {
      step.incident(inst, failure.type, failure.phase, result.error);
      return null;
    }
    if (result) {
      taken.push(flowId);
      if (firstOnly) break;
    }
  }
  return taken;
}

/**
 * Default leaving semantics for activities and events: every unconditional flow plus every flow
 * whose condition holds; the default flow only when no other flow is taken.
 */
export function selectOutgoing(step: Step, inst: ElementInstance, el: CompiledElement): string[] | null {
  const outgoing = el.outgoing;
  if (outgoing.length === 1 && outgoing[0] !== el.defaultFlow && !step.process.flows[outgoing[0]].condition) {
    return outgoing;
  }
  const taken = holdingFlows(step, inst, el, { type: 'expression', phase: 'leave' });
  if (taken !== null && taken.length === 0 && el.defaultFlow) taken.push(el.defaultFlow);
  return taken;
}

/** Moves a token along `flowId` inside scope `scopeKey`. */
export function takeFlow(step: Step, flowId: string, scopeKey: string, group?: string): void {
  const flow = step.process.flows[flowId];
  step.emit({ type: 'flow.taken', flowId, scope: scopeKey, source: flow.source, target: flow.target });
  const target = step.element(flow.target);
  const joins = target.incoming.length > 1;
  if (joins && target.kind === 'parallelGateway') {
    step.emit({ type: 'join.arrived', scope: scopeKey, gatewayId: target.id, flowId });
    const arrivals = step.state.elements[scopeKey].joins![target.id];
    for (const incoming of target.incoming) if (!arrivals[incoming]) return;
    step.emit({ type: 'join.consumed', scope: scopeKey, gatewayId: target.id, flows: target.incoming });
    step.enqueueActivation(target.id, scopeKey);
  } else if (joins && target.kind === 'complexGateway' && target.activationCondition) {
    arriveAtComplexGateway(step, scopeKey, target, flowId);
  } else if (joins && isInclusiveJoin(target)) {
    // Whether it may fire depends on every other token in the scope: decided once the agenda is empty.
    step.emit({ type: 'join.arrived', scope: scopeKey, gatewayId: target.id, flowId });
  } else {
    step.enqueueActivation(target.id, scopeKey, group === undefined ? undefined : { group });
  }
}
