/**
 * Exclusive gateway: the first outgoing flow (in document order) whose condition holds, else the
 * default flow, else an incident; the token waits at the gateway until the incident is resolved.
 */
import type { ElementBehavior } from '../behavior.ts';
import { holdingFlows } from '../flows.ts';
import { gatewayChoice } from './gatewayChoice.ts';

export const exclusiveGateway: ElementBehavior = {
  activate(step, inst) {
    step.complete(inst);
  },
  selectFlows(step, inst, el) {
    if (el.outgoing.length === 1 && !step.process.flows[el.outgoing[0]].condition) return el.outgoing;
    return gatewayChoice(
      step,
      inst,
      el,
      holdingFlows(step, inst, el, { type: 'gateway', phase: 'activate' }, true),
    );
  },
};
