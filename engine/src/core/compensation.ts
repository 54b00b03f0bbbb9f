/**
 * Compensation: completed activities with a compensation boundary event are recorded; a
 * compensation throw (for one activity or the whole scope) runs their handlers one by one in
 * reverse order of completion and waits for them. A cancel end event in a transaction compensates
 * the transaction's completed activities, then leaves through its cancel boundary event.
 */
import type { CompiledElement } from '../protocol/definition.ts';
import type { CompensationRecord, ElementInstance } from '../protocol/state.ts';
import type { Step } from './step.ts';

/** The compensation handler of an activity, when it has a compensation boundary event. */
function handlerOf(step: Step, el: CompiledElement): string | undefined {
  for (const id of el.boundaries ?? []) {
    const boundary = step.element(id);
    if (boundary.event?.kind === 'compensate' && boundary.compensationHandler)
      return boundary.compensationHandler;
  }
  return undefined;
}

/** Called as an element instance completes: record it, or carry a scope's records outwards. */
export function recordCompletion(step: Step, inst: ElementInstance, el: CompiledElement): void {
  if (inst.parent === null) return;
  if (!inst.body) {
    const handler = handlerOf(step, el);
    if (handler) {
      const record: CompensationRecord = {
        id: step.state.seq + 1,
        elementId: el.id,
        handler,
        scope: inst.parent,
        within: [],
      };
      if (inst.vars) record.locals = { ...inst.vars };
      step.emit({ type: 'compensation.recorded', record });
    }
  }
  if ((el.children || inst.body) && step.state.compensations?.some((r) => r.scope === inst.key)) {
    // A multi-instance body adds nothing to `within`: its iterations already carried the element.
    const within = inst.body ? undefined : el.id;
    step.emit({ type: 'compensation.moved', from: inst.key, to: inst.parent, within });
  }
}

/** Called as a scope is terminated: what completed inside it can no longer be compensated. */
export function dropCompensations(step: Step, inst: ElementInstance): void {
  if (step.state.compensations?.some((r) => r.scope === inst.key)) {
    step.emit({ type: 'compensation.dropped', scope: inst.key });
  }
}

/**
 * Starts compensation from `thrower` for its scope: every record there, or only those of
 * `activityRef` (the activity itself, or a completed sub-process and everything inside it).
 */
export function compensate(step: Step, thrower: ElementInstance, activityRef?: string): void {
  const scope = thrower.parent!;
  const records = (step.state.compensations ?? [])
    .filter(
      (r) =>
        r.scope === scope && (!activityRef || r.elementId === activityRef || r.within.includes(activityRef)),
    )
    .sort((a, b) => b.id - a.id);
  if (records.length === 0) return finish(step, thrower);
  step.emit({ type: 'compensation.started', key: thrower.key, records });
  step.wait(thrower, { kind: 'compensation' });
  runNext(step, thrower);
}

/** A handler completed: run the next one, or let the throw event go on. */
export function handlerCompleted(step: Step, handler: ElementInstance): void {
  const thrower = step.state.elements[handler.compensationFor!];
  if (!thrower) return;
  step.emit({ type: 'compensation.advanced', key: thrower.key });
  if ((thrower.compensating?.length ?? 0) > 0) runNext(step, thrower);
  else finish(step, thrower);
}

function runNext(step: Step, thrower: ElementInstance): void {
  const record = thrower.compensating![0];
  step.enqueueActivation(record.handler, thrower.parent!, {
    locals: record.locals,
    compensationFor: thrower.key,
  });
}

/** After compensation: a cancel end event cancels its transaction; any other throw goes on. */
function finish(step: Step, thrower: ElementInstance): void {
  const el = step.element(thrower.elementId);
  if (el.event?.kind !== 'cancel') return step.complete(thrower);
  const transaction = step.instance(thrower.parent!);
  const txEl = step.element(transaction.elementId);
  const boundary = (txEl.boundaries ?? [])
    .map((id) => step.element(id))
    .find((b) => b.event?.kind === 'cancel');
  const scope = transaction.parent!;
  step.terminate(transaction);
  if (boundary) step.enqueueActivation(boundary.id, scope);
}
