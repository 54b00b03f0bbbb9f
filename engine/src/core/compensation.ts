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

/** The compensation event sub-process of a sub-process, if it has one. */
export function compensationEventSubProcess(step: Step, el: CompiledElement): string | undefined {
  return (el.eventSubProcesses ?? []).find((id) => {
    const start = step.element(id).startEvents?.[0];
    return start !== undefined && step.element(start).event?.kind === 'compensate';
  });
}

/** Called as an element instance completes: record it, or carry a scope's records outwards. */
export function recordCompletion(step: Step, inst: ElementInstance, el: CompiledElement): void {
  if (inst.parent === null) return;
  // What runs to compensate is not compensated again.
  if (inst.compensationFor !== undefined) return dropCompensations(step, inst);
  const inside = step.state.compensations?.some((r) => r.scope === inst.key) ?? false;
  const eventSubProcess = el.children && !inst.body ? compensationEventSubProcess(step, el) : undefined;
  if (eventSubProcess) {
    // The sub-process is compensated as a whole, by its event sub-process, which may compensate
    // the records of the sub-process itself: keep them inside the record.
    const nested = inside ? step.state.compensations!.filter((r) => r.scope === inst.key) : undefined;
    const record: CompensationRecord = {
      id: step.state.seq + 1,
      elementId: el.id,
      handler: el.id,
      scope: inst.parent,
      within: [],
    };
    if (inst.vars) record.locals = { ...inst.vars };
    if (nested) record.nested = nested;
    step.emit({ type: 'compensation.recorded', record });
    return;
  }
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
  if ((el.children || inst.body) && inside) {
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
  const scope = compensationScope(step, thrower.parent!);
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

/**
 * Inside a compensation event sub-process, compensation means the records of the sub-process it
 * belongs to (re-created for the compensation run), not of the event sub-process itself.
 */
function compensationScope(step: Step, key: string): string {
  const scope = step.instance(key);
  const el = step.element(scope.elementId);
  if (!el.triggeredByEvent || scope.parent === null) return key;
  const start = el.startEvents?.[0];
  return start !== undefined && step.element(start).event?.kind === 'compensate' ? scope.parent : key;
}

function runNext(step: Step, thrower: ElementInstance): void {
  const record = thrower.compensating![0];
  step.enqueueActivation(record.handler, thrower.parent!, {
    locals: record.locals,
    compensationFor: thrower.key,
    compensations: record.nested,
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
