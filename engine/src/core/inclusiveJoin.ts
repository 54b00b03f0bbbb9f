/**
 * The inclusive (OR) join of BPMN 2.0 (section 13.3.5): the gateway fires when at least one
 * incoming flow holds a token and no token elsewhere in the scope can still reach one of the
 * empty incoming flows. Paths that pass through the gateway itself, or through a node that can
 * also reach a non-empty incoming flow, do not count: that keeps loops and unbalanced graphs from
 * deadlocking, which is where other engines go wrong.
 */
import type { CompiledElement } from '../protocol/definition.ts';
import type { ElementInstance } from '../protocol/state.ts';
import type { Step } from './step.ts';

/** Fires one inclusive join that may fire now; true when one did (the agenda has work again). */
export function fireReadyInclusiveJoins(step: Step): boolean {
  for (const key in step.state.elements) {
    const scope = step.state.elements[key];
    if (!scope.joins) continue;
    for (const gatewayId of Object.keys(scope.joins)) {
      const gateway = step.element(gatewayId);
      if (gateway.kind !== 'inclusiveGateway') continue;
      if (canFire(step, scope, gateway)) {
        const arrivals = scope.joins[gatewayId];
        step.emit({ type: 'join.consumed', scope: key, gatewayId, flows: Object.keys(arrivals) });
        step.enqueueActivation(gatewayId, key);
        // One at a time: the fired token is in flight and must be seen by the next join's check.
        return true;
      }
    }
  }
  return false;
}

function canFire(step: Step, scope: ElementInstance, gateway: CompiledElement): boolean {
  const arrivals = scope.joins![gateway.id];
  const reach = gateway.join!.reach;
  // Nodes that can still deliver a token to a flow that already has one.
  const feedsFilled = new Set<string>();
  for (const flowId in arrivals) for (const node of reach[flowId] ?? []) feedsFilled.add(node);

  const tokens = tokenPositions(step, scope, gateway.id);
  if (tokens.size === 0) return true;
  const predecessors = step.process.predecessors;
  for (const flowId of gateway.incoming) {
    if (arrivals[flowId]) continue;
    // Walk backwards from the empty flow, avoiding the gateway and nodes that feed a filled flow.
    const start = step.process.flows[flowId].source;
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node === gateway.id || seen.has(node) || feedsFilled.has(node)) continue;
      seen.add(node);
      if (tokens.has(node)) return false;
      for (const pred of predecessors[node] ?? []) stack.push(pred);
    }
  }
  return true;
}

/** Element ids in `scope` that hold a token: live child instances and other joins' waiting tokens. */
function tokenPositions(step: Step, scope: ElementInstance, gatewayId: string): Set<string> {
  const positions = new Set<string>();
  for (const child of step.children(scope.key)) positions.add(child.elementId);
  for (const other in scope.joins) if (other !== gatewayId) positions.add(other);
  return positions;
}
