/**
 * Intermediate catch events: timer, message, signal and conditional ones wait on the subscription
 * opened with them (core/subscriptions.ts); a link catch event passes the token straight on.
 */
import type { ElementBehavior } from '../behavior.ts';
import { receiveTask } from './receiveTask.ts';

export const catchEvent: ElementBehavior = {
  activate(step, inst, el) {
    if (el.event?.kind === 'link') return step.complete(inst);
    // Messages can also be delivered by an explicit trigger, like receive tasks.
    step.wait(inst, el.event?.kind === 'message' ? { kind: 'trigger' } : { kind: 'event' });
  },
  trigger: receiveTask.trigger,
};
