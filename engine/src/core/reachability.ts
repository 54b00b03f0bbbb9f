/**
 * The reachability rule shared by the inclusive join (core/inclusiveJoin.ts) and the reset of the
 * complex gateway (core/complexGateway.ts): can a token still arrive on one of a gateway's empty
 * incoming flows? Paths that pass through the gateway itself, or through a node that can also
 * reach a filled incoming flow, do not count: that keeps loops and unbalanced graphs from
 * deadlocking.
 */
import type { CompiledElement } from '../protocol/definition.ts';
import type { ElementInstance } from '../protocol/state.ts';
import type { Step } from './step.ts';

/**
 * Whether a token in `scope` (a live element instance, or a token waiting at another join) can
 * still reach one of the incoming flows `empty` of `gateway`; `filled` are the incoming flows that
 * already delivered their token.
 */
export function tokenCanReach(
  step: Step,
  scope: ElementInstance,
  gateway: CompiledElement,
  empty: readonly string[],
  filled: readonly string[],
): boolean {
  const reach = gateway.join!.reach;
  // Nodes that can still deliver a token to a flow that already has one.
  const feedsFilled = new Set<string>();
  for (const flowId of filled) for (const node of reach[flowId] ?? []) feedsFilled.add(node);

  const tokens = tokenPositions(step, scope, gateway.id);
  if (tokens.size === 0) return false;
  const predecessors = step.process.predecessors;
  for (const flowId of empty) {
    // Walk backwards from the empty flow, avoiding the gateway and nodes that feed a filled flow.
    const start = step.process.flows[flowId].source;
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node === gateway.id || seen.has(node) || feedsFilled.has(node)) continue;
      seen.add(node);
      if (tokens.has(node)) return true;
      for (const pred of predecessors[node] ?? []) stack.push(pred);
    }
  }
  return false;
}

/** Element ids in `scope` that hold a token: live child instances and other joins' waiting tokens. */
function tokenPositions(step: Step, scope: ElementInstance, gatewayId: string): Set<string> {
  const positions = new Set<string>();
  for (const child of step.children(scope.key)) positions.add(child.elementId);
  for (const other in scope.joins) if (other !== gatewayId) positions.add(other);
  return positions;
}
