/**
 * Exclusive gateway: the first outgoing flow (in document order) whose condition holds, else the
 * default flow, else an incident; the token waits at the gateway until the incident is resolved.
 */
import type { ElementBehavior } from '../behavior.ts';
import { evaluateCondition } from '../flows.ts';

export const exclusiveGateway: ElementBehavior = {
  activate(step, inst) {
    step.complete(inst);
  },
  selectFlows(step, inst, el) {
    if (el.outgoing.length === 1 && !step.process.flows[el.outgoing[0]].condition) return el.outgoing;
    for (const flowId of el.outgoing) {
      if (flowId === el.defaultFlow) continue;
      const result = evaluateCondition(step, step.process.flows[flowId], inst.key);
      if (typeof result === 'object') {
        step.incident(inst, 'gateway', 'activate', result.error);
        return null;
      }
      if (result) return [flowId];
    }
    if (el.defaultFlow) return [el.defaultFlow];
    step.incident(
      inst,
      'gateway',
      'activate',
      `No outgoing sequence flow of exclusive gateway '${el.id}' has a true condition, and it has no default flow`,
    );
    return null;
  },
};
