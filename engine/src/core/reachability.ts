/**
 * The reachability rule shared by the inclusive join (core/inclusiveJoin.ts) and the reset of the
 * complex gateway (core/complexGateway.ts): can a token still arrive on one of a gateway's empty
 * incoming flows? Paths that pass through the gateway itself, or through a node that can also
 * reach a filled incoming flow, do not count: that keeps loops and unbalanced graphs from
 * deadlocking.
 */
import type { CompiledElement, CompiledProcess } from '../protocol/definition.ts';
import type { ElementInstance, InstanceState } from '../protocol/state.ts';
import { childrenOf } from './scope.ts';
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
  return reachableFlows(step.process, step.state, scope, gateway, empty, filled, true).length > 0;
}

/**
 * The flows of `empty` a token in `scope` can still reach (pure, so explanations of a stored
 * state can say what a join waits for); with `firstOnly`, stops at the first.
 */
export function reachableFlows(
  process: CompiledProcess,
  state: InstanceState,
  scope: ElementInstance,
  gateway: CompiledElement,
  empty: readonly string[],
  filled: readonly string[],
  firstOnly = false,
): string[] {
  const reach = gateway.join?.reach ?? {};
  // Nodes that can still deliver a token to a flow that already has one.
  const feedsFilled = new Set<string>();
  for (const flowId of filled) for (const node of reach[flowId] ?? []) feedsFilled.add(node);

  const tokens = tokenPositions(state, scope, gateway.id);
  if (tokens.size === 0) return [];
  const reachable: string[] = [];
  for (const flowId of empty) {
    // Walk backwards from the empty flow, avoiding the gateway and nodes that feed a filled flow.
    const seen = new Set<string>();
    const stack = [process.flows[flowId].source];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node === gateway.id || seen.has(node) || feedsFilled.has(node)) continue;
      seen.add(node);
      if (tokens.has(node)) {
        reachable.push(flowId);
        if (firstOnly) return reachable;
        break;
      }
      for (const pred of process.predecessors[node] ?? []) stack.push(pred);
    }
  }
  return reachable;
}

/** Element ids in `scope` that hold a token: live child instances and other joins' waiting tokens. */
function tokenPositions(state: InstanceState, scope: ElementInstance, gatewayId: string): Set<string> {
  const positions = new Set<string>();
  for (const child of childrenOf(state, scope.key)) positions.add(child.elementId);
  for (const other in scope.joins) if (other !== gatewayId) positions.add(other);
  return positions;
}
