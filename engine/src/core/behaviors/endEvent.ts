/**
 * End events. A terminate end event ends every other token of its scope first: the whole instance
 * at the top level (which then counts as completed, as in Camunda), only the sub-process inside one.
 */
import type { ElementBehavior } from '../behavior.ts';

export const endEvent: ElementBehavior = {
  activate(step, inst, el) {
    if (el.event?.kind === 'terminate' && inst.parent !== null) {
      const scope = step.instance(inst.parent);
      for (const sibling of step.children(scope.key)) if (sibling.key !== inst.key) step.terminate(sibling);
      if (scope.joins) {
        for (const [gatewayId, arrivals] of Object.entries(scope.joins)) {
          const flows = Object.entries(arrivals).flatMap(([flow, n]) => Array<string>(n).fill(flow));
          step.emit({ type: 'join.consumed', scope: scope.key, gatewayId, flows });
        }
      }
    }
    step.complete(inst);
  },
};
