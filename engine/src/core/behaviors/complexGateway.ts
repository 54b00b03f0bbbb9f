/**
 * Complex gateway. Diverging, like an inclusive gateway: every outgoing flow whose condition
 * holds, else the default flow, else an incident. Converging, see core/complexGateway.ts (with an
 * activation condition) and core/inclusiveJoin.ts (without one). A fired instance holds
 * `activationCount` as a local variable, so its outgoing conditions can read it too.
 */
import type { ElementBehavior } from '../behavior.ts';
import { isRetrying, retryActivation } from '../complexGateway.ts';
import { inclusiveGateway } from './inclusiveGateway.ts';

export const complexGateway: ElementBehavior = {
  activate(step, inst, el) {
    if (el.activationCondition && el.incoming.length > 1 && isRetrying(inst, el)) {
      retryActivation(step, inst, el);
    } else {
      step.complete(inst);
    }
  },
  // Diverging exactly as the inclusive gateway does.
  selectFlows: inclusiveGateway.selectFlows,
};
