/** Graph facts computed once per process: predecessors, inclusive-join reach, reachability. */
import type { CompiledElement, CompiledFlow, CompiledProcess } from '../protocol/definition.ts';

/** node -> nodes with an edge into it: sequence flow sources, and the host of a boundary event. */
export function predecessorsOf(
  elements: Record<string, CompiledElement>,
  flows: Record<string, CompiledFlow>,
): Record<string, string[]> {
  const preds: Record<string, string[]> = {};
  for (const flow of Object.values(flows)) (preds[flow.target] ??= []).push(flow.source);
  for (const el of Object.values(elements)) if (el.attachedTo) (preds[el.id] ??= []).push(el.attachedTo);
  return preds;
}

/**
 * For each incoming flow of an inclusive gateway: the nodes from which a token can reach the flow
 * without passing through the gateway (a backwards walk that stops at the gateway).
 */
export function inclusiveJoinReach(
  gateway: CompiledElement,
  flows: Record<string, CompiledFlow>,
  predecessors: Record<string, string[]>,
): Record<string, string[]> {
  const reach: Record<string, string[]> = {};
  for (const flowId of gateway.incoming) {
    const seen = new Set<string>();
    const stack = [flows[flowId].source];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node === gateway.id || seen.has(node)) continue;
      seen.add(node);
      for (const pred of predecessors[node] ?? []) stack.push(pred);
    }
    reach[flowId] = [...seen];
  }
  return reach;
}

/** Flow nodes no token can reach from their scope's start (sub-processes count as reached when they are). */
export function unreachable(process: CompiledProcess): CompiledElement[] {
  const reached = new Set<string>();
  const stack: string[] = [process.id];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    const el = process.elements[id];
    for (const start of el.startEvents ?? []) stack.push(start);
    for (const ev of el.eventSubProcesses ?? []) stack.push(ev);
    for (const boundary of el.boundaries ?? []) stack.push(boundary);
    for (const inner of el.adHoc?.activatable ?? []) stack.push(inner);
    for (const flowId of el.outgoing) stack.push(process.flows[flowId].target);
  }
  return Object.values(process.elements).filter((el) => !reached.has(el.id) && !el.isForCompensation);
}

/**
 * The inner elements of an ad-hoc sub-process that may be activated: those with no incoming flow,
 * except boundary events, event sub-processes, compensation handlers and start events.
 */
export function adHocActivatable(children: CompiledElement[]): string[] {
  return children
    .filter(
      (el) =>
        el.incoming.length === 0 &&
        !el.attachedTo &&
        !el.triggeredByEvent &&
        !el.isForCompensation &&
        el.kind !== 'startEvent',
    )
    .map((el) => el.id);
}
