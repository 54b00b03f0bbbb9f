/**
 * Intermediate throw events and end events by event definition: none passes through; signal
 * broadcasts; error and escalation look for a catcher (core/throwing.ts); link jumps to its catch
 * event; message publishes through a worker, like a send task.
 */
import type { ElementBehavior } from '../behavior.ts';
import { compensate } from '../compensation.ts';
import { throwEvent } from '../throwing.ts';
import { jobTask } from './jobTask.ts';

export const throwingEvent: ElementBehavior = {
  activate(step, inst, el) {
    const event = el.event;
    switch (event?.kind) {
      case 'message':
        return jobTask.activate(step, inst, el);
      case 'signal':
        step.effect({
          type: 'signal.broadcast',
          instanceId: step.instanceId,
          name: event.ref ?? '',
          // The event's input-mapped variables, or every visible one with camunda:in variables="all".
          variables: event.allVariables ? step.scope(inst.key).all() : { ...inst.vars },
        });
        return step.complete(inst);
      case 'link':
        // The token continues at the catch event; it is on its way before this event leaves.
        step.enqueueActivation(el.linkTarget!, inst.parent!);
        return step.complete(inst, []);
      case 'error': {
        const outcome = throwEvent(step, inst, { kind: 'error', code: event.ref ?? '' });
        if (outcome === 'uncaught') {
          step.incident(
            inst,
            'unhandledError',
            'activate',
            `Unhandled BPMN error${event.ref ? ` '${event.ref}'` : ''}: no catcher in this instance or its callers`,
          );
        }
        return;
      }
      case 'escalation': {
        throwEvent(step, inst, { kind: 'escalation', code: event.ref ?? '' });
        // An escalation nobody catches, or caught without interrupting, lets the token go on.
        if (step.state.elements[inst.key]) step.complete(inst);
        return;
      }
      case 'compensate':
        return compensate(step, inst, event.activityRef);
      case 'cancel':
        // Compensates the transaction's completed activities, then leaves by its cancel boundary.
        return compensate(step, inst);
      default:
        return step.complete(inst);
    }
  },
  trigger: jobTask.trigger,
  terminate: jobTask.terminate,
};
