/**
 * Receive tasks and message intermediate catch events wait until triggered (by a correlated
 * message, or an explicit trigger); the payload becomes process variables.
 */
import type { ElementBehavior } from '../behavior.ts';
import { mergeResult } from './results.ts';

export const receiveTask: ElementBehavior = {
  activate(step, inst) {
    step.wait(inst, { kind: 'trigger' });
  },
  trigger(step, inst, el, variables) {
    mergeResult(step, inst, el, variables);
    step.complete(inst);
  },
};
