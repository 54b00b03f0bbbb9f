/**
 * The inclusive (OR) join of BPMN 2.0 (section 13.3.5): the gateway fires when at least one
 * incoming flow holds a token and no token elsewhere in the scope can still reach one of the
 * empty incoming flows (core/reachability.ts), which is where other engines go wrong with loops
 * and unbalanced graphs. A complex gateway without an activation condition joins the same way.
 */
import type { CompiledElement } from '../protocol/definition.ts';
import { resetComplexGateway } from './complexGateway.ts';
import { tokenCanReach } from './reachability.ts';
import type { Step } from './step.ts';

/** Whether `el` joins like an inclusive gateway (the decision waits for the whole scope). */
export function isInclusiveJoin(el: CompiledElement): boolean {
  return el.kind === 'inclusiveGateway' || (el.kind === 'complexGateway' && !el.activationCondition);
}

/**
 * Fires one inclusive join that may fire now, or resets one complex gateway that no awaited token
 * can reach any more; true when one did (the agenda has work again, or the state changed).
 */
export function fireReadyInclusiveJoins(step: Step): boolean {
  for (const key in step.state.elements) {
    const scope = step.state.elements[key];
    if (scope.resets && resetComplexGateway(step, scope)) return true;
    if (!scope.joins) continue;
    for (const gatewayId of Object.keys(scope.joins)) {
      const gateway = step.element(gatewayId);
      if (!isInclusiveJoin(gateway)) continue;
      const arrivals = scope.joins[gatewayId];
      const filled = Object.keys(arrivals);
      const empty = gateway.incoming.filter((flowId) => !arrivals[flowId]);
      if (!tokenCanReach(step, scope, gateway, empty, filled)) {
        step.emit({ type: 'join.consumed', scope: key, gatewayId, flows: filled });
        step.enqueueActivation(gatewayId, key);
        // One at a time: the fired token is in flight and must be seen by the next join's check.
        return true;
      }
    }
  }
  return false;
}
