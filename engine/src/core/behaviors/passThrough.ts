/**
 * Elements that do their work on arrival and leave at once: none start events, none intermediate
 * throw events, none end events, abstract tasks and manual tasks.
 */
import type { ElementBehavior } from '../behavior.ts';

export const passThrough: ElementBehavior = {
  activate(step, inst) {
    step.complete(inst);
  },
};
