/**
 * End events. A terminate end event ends every other token of its scope first: the whole instance
 * at the top level (which then counts as completed, as in Camunda), only the sub-process inside one.
 * Error, escalation, signal and message end events throw before the token ends (events.ts).
 */
import type { ElementBehavior } from '../behavior.ts';
import { throwingEvent } from './throwingEvent.ts';

export const endEvent: ElementBehavior = {
  ...throwingEvent,
  activate(step, inst, el) {
    if (el.event?.kind === 'terminate' && inst.parent !== null) {
      const scope = step.instance(inst.parent);
      for (const sibling of step.children(scope.key)) if (sibling.key !== inst.key) step.terminate(sibling);
      step.clearJoins(scope);
      step.complete(inst);
      return;
    }
    throwingEvent.activate(step, inst, el);
  },
};
