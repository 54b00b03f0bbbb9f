/**
 * Event-based gateway: activates every target (catch events, receive tasks) at once as one race;
 * the first target to complete terminates the others (Step.complete / loseRace).
 */
import type { ElementBehavior } from '../behavior.ts';

export const eventBasedGateway: ElementBehavior = {
  activate(step, inst) {
    step.complete(inst);
  },
  selectFlows(_step, _inst, el) {
    return el.outgoing;
  },
};
