/**
 * Parallel gateway: forks onto every outgoing flow (conditions are ignored, as the spec says).
 * Joining is counted where flows are taken (core/flows.ts): it fires once every incoming flow
 * holds a token, consuming one from each.
 */
import type { ElementBehavior } from '../behavior.ts';

export const parallelGateway: ElementBehavior = {
  activate(step, inst) {
    step.complete(inst);
  },
  selectFlows(_step, _inst, el) {
    return el.outgoing;
  },
};
