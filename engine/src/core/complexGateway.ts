/**
 * The converging complex gateway of BPMN 2.0 (section 13.3.6), when it has an activation condition.
 * Tokens are counted per incoming flow. Waiting for start, the condition is evaluated on each
 * arrival with `activationCount` (the tokens waiting); when it holds the gateway consumes them and
 * fires once, then waits for reset: tokens arriving on the flows that had none are consumed
 * silently until each such flow delivered one or no token can reach it any more (the inclusive
 * join's rule, core/reachability.ts). Then a new cycle starts with the tokens waiting by then.
 */
import type { CompiledElement, Expression } from '../protocol/definition.ts';
import { isBatonError } from '../protocol/errors.ts';
import type { ElementInstance } from '../protocol/state.ts';
import { isTruthyCondition } from '../expressions/index.ts';
import { tokenCanReach } from './reachability.ts';
import type { Step } from './step.ts';

/** A token arrives at complex gateway `gateway` (with an activation condition) along `flowId`. */
export function arriveAtComplexGateway(
  step: Step,
  scopeKey: string,
  gateway: CompiledElement,
  flowId: string,
): void {
  step.emit({ type: 'join.arrived', scope: scopeKey, gatewayId: gateway.id, flowId });
  const scope = step.state.elements[scopeKey];
  const awaiting = scope.resets?.[gateway.id];
  if (!awaiting) {
    startIfActivated(step, scope, gateway);
    return;
  }
  // Waiting for reset: a token on an awaited flow is consumed; others wait for the next cycle.
  if (!awaiting.includes(flowId)) return;
  step.emit({ type: 'join.consumed', scope: scopeKey, gatewayId: gateway.id, flows: [flowId] });
  const rest = awaiting.filter((f) => f !== flowId);
  step.emit({ type: 'complex.awaiting', scope: scopeKey, gatewayId: gateway.id, flows: rest });
  if (rest.length === 0) startIfActivated(step, scope, gateway);
}

/**
 * Resets one complex gateway of `scope` that no awaited token can reach any more (checked once the
 * agenda is empty, like the inclusive join); true when one was reset.
 */
export function resetComplexGateway(step: Step, scope: ElementInstance): boolean {
  for (const [gatewayId, awaiting] of Object.entries(scope.resets ?? {})) {
    const gateway = step.element(gatewayId);
    const delivered = gateway.incoming.filter((f) => !awaiting.includes(f));
    if (tokenCanReach(step, scope, gateway, awaiting, delivered)) continue;
    step.emit({ type: 'complex.awaiting', scope: scope.key, gatewayId, flows: [] });
    startIfActivated(step, scope, gateway);
    return true;
  }
  return false;
}

/**
 * Waiting for start: evaluates the activation condition and fires when it holds. A condition that
 * fails activates the gateway without firing it: its instance raises the incident and retries.
 */
function startIfActivated(step: Step, scope: ElementInstance, gateway: CompiledElement): void {
  const count = waitingTokens(scope, gateway);
  if (count === 0 || step.children(scope.key).some((c) => isRetrying(c, gateway))) return;
  let holds: boolean;
  try {
    holds = activated(step, gateway.activationCondition!, scope.key, count);
  } catch (error) {
    if (!isBatonError(error)) throw error;
    step.enqueueActivation(gateway.id, scope.key);
    return;
  }
  if (!holds) return;
  consume(step, scope, gateway);
  step.enqueueActivation(gateway.id, scope.key, { locals: { activationCount: count } });
}

/**
 * The gateway instance of a failed activation condition (on activation, or when its incident is
 * resolved): evaluates again; fires, raises the incident, or (condition false) ends without firing.
 */
export function retryActivation(step: Step, inst: ElementInstance, gateway: CompiledElement): void {
  const scope = step.instance(inst.parent!);
  const count = waitingTokens(scope, gateway);
  let holds: boolean;
  try {
    holds = count > 0 && activated(step, gateway.activationCondition!, inst.key, count);
  } catch (error) {
    if (!isBatonError(error)) throw error;
    const message = `Activation condition of complex gateway '${gateway.id}' failed: ${error.message}`;
    step.incident(inst, 'expression', 'activate', message);
    return;
  }
  if (!holds) {
    step.terminate(inst);
    step.enqueueScopeCheck(scope.key);
    return;
  }
  consume(step, scope, gateway);
  step.setLocal(inst.key, 'activationCount', count);
  step.complete(inst);
}

/** A gateway instance that has not fired: fired ones hold `activationCount`. */
export function isRetrying(inst: ElementInstance, gateway: CompiledElement): boolean {
  return inst.elementId === gateway.id && inst.vars?.activationCount === undefined;
}

function activated(step: Step, condition: Expression, key: string, count: number): boolean {
  return isTruthyCondition(step.evaluate(condition, key, { activationCount: count }), condition);
}

function waitingTokens(scope: ElementInstance, gateway: CompiledElement): number {
  let count = 0;
  for (const n of Object.values(scope.joins?.[gateway.id] ?? {})) count += n;
  return count;
}

/** Fires: consumes every waiting token and awaits a token on each incoming flow that had none. */
function consume(step: Step, scope: ElementInstance, gateway: CompiledElement): void {
  const arrivals = scope.joins![gateway.id];
  const awaiting = gateway.incoming.filter((f) => !arrivals[f]);
  const flows = Object.entries(arrivals).flatMap(([flow, n]) => Array<string>(n).fill(flow));
  step.emit({ type: 'join.consumed', scope: scope.key, gatewayId: gateway.id, flows });
  if (awaiting.length > 0) {
    step.emit({ type: 'complex.awaiting', scope: scope.key, gatewayId: gateway.id, flows: awaiting });
  }
}
