/**
 * Inclusive gateway, forking side: every outgoing flow whose condition holds, else the default
 * flow, else an incident. The joining side lives in core/inclusiveJoin.ts.
 */
import type { ElementBehavior } from '../behavior.ts';
import { evaluateCondition } from '../flows.ts';

export const inclusiveGateway: ElementBehavior = {
  activate(step, inst) {
    step.complete(inst);
  },
  selectFlows(step, inst, el) {
    const taken: string[] = [];
    for (const flowId of el.outgoing) {
      if (flowId === el.defaultFlow) continue;
      const result = evaluateCondition(step, step.process.flows[flowId], inst.key);
      if (typeof result === 'object') {
        step.incident(inst, 'gateway', 'activate', result.error);
        return null;
      }
      if (result) taken.push(flowId);
    }
    if (taken.length > 0) return taken;
    if (el.defaultFlow) return [el.defaultFlow];
    if (el.outgoing.length === 0) return [];
    step.incident(
      inst,
      'gateway',
      'activate',
      `No outgoing sequence flow of inclusive gateway '${el.id}' has a true condition, and it has no default flow`,
    );
    return null;
  },
};
