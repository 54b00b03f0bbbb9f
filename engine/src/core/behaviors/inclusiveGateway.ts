/**
 * Inclusive gateway, forking side: every outgoing flow whose condition holds, else the default
 * flow, else an incident. The joining side lives in core/inclusiveJoin.ts.
 */
import type { ElementBehavior } from '../behavior.ts';
import { holdingFlows } from '../flows.ts';
import { gatewayChoice } from './gatewayChoice.ts';

export const inclusiveGateway: ElementBehavior = {
  activate(step, inst) {
    step.complete(inst);
  },
  selectFlows(step, inst, el) {
    if (el.outgoing.length === 0) return [];
    return gatewayChoice(
      step,
      inst,
      el,
      holdingFlows(step, inst, el, { type: 'gateway', phase: 'activate' }),
    );
  },
};
