/**
 * Ad-hoc sub-processes (BPMN 2.0 section 13.3.5): the inner elements without incoming flows start
 * only when asked, any number of times, through the `adhoc.activate` command or (Camunda 8) the
 * `activeElementsCollection`, re-read after every inner completion so an agent can pick the next
 * elements in rounds. `sequential` ordering queues activations until no inner path runs.
 */
import type { VariableInput } from '../protocol/commands.ts';
import type { CompiledElement, CompiledProcess } from '../protocol/definition.ts';
import { BatonError } from '../protocol/errors.ts';
import type { AdHocActivation, AdHocState, ElementInstance } from '../protocol/state.ts';
import type { Step } from './step.ts';

/** The `adhoc.activate` command: everything is checked before anything changes. */
export function activateAdHoc(
  step: Step,
  key: string,
  elementIds: readonly string[],
  variables?: VariableInput,
): void {
  const inst = step.instance(key);
  const el = step.element(inst.elementId);
  if (!el.adHoc || inst.body) {
    throw new BatonError(
      'INVALID_ARGUMENT',
      `Element instance ${key} ('${el.id}') is not an ad-hoc sub-process`,
    );
  }
  if (elementIds.length === 0) {
    throw new BatonError('INVALID_ARGUMENT', `No element to activate in ad-hoc sub-process '${el.id}'`);
  }
  const refused = refusedIds(step.process, el, elementIds);
  if (refused.length > 0) {
    throw new BatonError(
      'INVALID_ARGUMENT',
      `Cannot activate ${refused.join(', ')} in ad-hoc sub-process '${el.id}'`,
    );
  }
  if (inst.adHoc?.completing) {
    throw new BatonError(
      'INVALID_STATE',
      `Ad-hoc sub-process '${el.id}' is completing (its completion condition holds) and starts nothing more`,
    );
  }
  const locals = variables?.values;
  request(
    step,
    inst,
    el,
    elementIds.map((elementId) => (locals ? { elementId, variables: locals } : { elementId })),
  );
}

/** Each id that cannot be activated in `el`, quoted with the reason; empty when all can. */
export function refusedIds(process: CompiledProcess, el: CompiledElement, ids: readonly unknown[]): string[] {
  const refused: string[] = [];
  for (const id of ids) {
    if (typeof id === 'string' && el.adHoc!.activatable.includes(id)) continue;
    const inner = typeof id === 'string' ? process.elements[id] : undefined;
    let why = 'not an element of this ad-hoc sub-process';
    if (inner?.scope === el.id) {
      why =
        inner.incoming.length > 0
          ? 'has incoming sequence flows; its predecessors start it'
          : 'cannot be activated';
    }
    refused.push(`${JSON.stringify(id)} (${why})`);
  }
  return refused;
}

/**
 * Starts the activations (parallel ordering) or queues them (sequential); `collection` records the
 * Camunda 8 collection value acted on.
 */
export function request(
  step: Step,
  inst: ElementInstance,
  el: CompiledElement,
  entries: AdHocActivation[],
  collection?: string[],
): void {
  const next: AdHocState = { ...(inst.adHoc ?? { activations: 0 }) };
  if (collection) next.collection = collection;
  if (el.adHoc!.ordering === 'sequential') {
    if (entries.length > 0) next.queue = [...(next.queue ?? []), ...entries];
    step.emit({ type: 'adhoc.updated', key: inst.key, state: next });
    // The scope check starts the next one once no inner path runs (behaviors/adHocSubProcess.ts).
    step.enqueueScopeCheck(inst.key);
    return;
  }
  next.activations += entries.length;
  step.emit({ type: 'adhoc.updated', key: inst.key, state: next });
  for (const entry of entries) start(step, inst.key, entry);
}

/** Sequential ordering with no inner path running: starts the next queued activation, if any. */
export function startNext(step: Step, inst: ElementInstance): boolean {
  const state = inst.adHoc;
  if (!state?.queue?.length) return false;
  const [first, ...rest] = state.queue;
  const next: AdHocState = { ...state, activations: state.activations + 1 };
  if (rest.length > 0) next.queue = rest;
  else delete next.queue;
  step.emit({ type: 'adhoc.updated', key: inst.key, state: next });
  start(step, inst.key, first);
  return true;
}

/**
 * The completion condition held: terminates what still runs and completes the sub-process, or
 * (`cancelRemainingInstances="false"`) starts nothing more and completes once the rest has ended.
 */
export function finish(step: Step, inst: ElementInstance, el: CompiledElement): void {
  if (el.adHoc!.cancelRemainingInstances) {
    for (const child of step.children(inst.key)) step.terminate(child);
    step.clearJoins(inst);
    step.complete(inst);
    return;
  }
  const next: AdHocState = { ...(inst.adHoc ?? { activations: 0 }), completing: true };
  delete next.queue;
  step.emit({ type: 'adhoc.updated', key: inst.key, state: next });
  step.enqueueScopeCheck(inst.key);
}

function start(step: Step, key: string, entry: AdHocActivation): void {
  step.enqueueActivation(entry.elementId, key, entry.variables ? { locals: entry.variables } : undefined);
}
