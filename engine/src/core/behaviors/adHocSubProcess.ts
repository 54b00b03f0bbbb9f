/**
 * Ad-hoc sub-process: a scope with no implicit start (core/adHoc.ts starts its inner elements).
 * After each inner element completes, the completion condition is evaluated (true: finish, see
 * `finish`), then the Camunda 8 `activeElementsCollection`: when its value changed, the listed
 * elements start. With no inner token left, a sequential sub-process starts its next queued
 * activation; without a completion condition, a sub-process that activated something completes;
 * otherwise it stays active, waiting for activations. A terminate end event inside completes it.
 */
import type { CompiledElement } from '../../protocol/definition.ts';
import { BatonError, isBatonError } from '../../protocol/errors.ts';
import type { ElementInstance } from '../../protocol/state.ts';
import { isTruthyCondition } from '../../expressions/index.ts';
import { finish, refusedIds, request, startNext } from '../adHoc.ts';
import type { ElementBehavior } from '../behavior.ts';
import type { Step } from '../step.ts';

export const adHocSubProcess: ElementBehavior = {
  activate(step, inst, el) {
    // On entry, and again when an incident raised here is resolved.
    review(step, inst, el, (inst.adHoc?.activations ?? 0) > 0);
    step.enqueueScopeCheck(inst.key);
  },
  childCompleted(step, scope, child) {
    // A terminate end event inside ended every other token: the sub-process ends with it.
    if (step.element(child.elementId).event?.kind === 'terminate') return step.complete(scope);
    if (scope.incident || scope.adHoc?.completing) return;
    review(step, scope, step.element(scope.elementId), true);
  },
  scopeDone(step, scope, el) {
    if (scope.adHoc?.completing) return step.complete(scope);
    if (startNext(step, scope)) return;
    if (!el.adHoc!.completionCondition && (scope.adHoc?.activations ?? 0) > 0) step.complete(scope);
  },
};

type Decision = { done: true } | { done: false; ids?: string[] };

/** Completion condition, then the collection; a failing expression raises an incident here. */
function review(step: Step, inst: ElementInstance, el: CompiledElement, checkCondition: boolean): void {
  let decision: Decision;
  try {
    decision = decide(step, inst, el, checkCondition);
  } catch (error) {
    if (!isBatonError(error)) throw error;
    step.incident(inst, 'expression', 'activate', `Ad-hoc sub-process '${el.id}': ${error.message}`);
    return;
  }
  if (decision.done) finish(step, inst, el);
  else if (decision.ids) request(step, inst, el, toActivations(decision.ids), decision.ids);
}

const toActivations = (ids: string[]) => ids.map((elementId) => ({ elementId }));

function decide(step: Step, inst: ElementInstance, el: CompiledElement, checkCondition: boolean): Decision {
  const { completionCondition: condition, activeElementsCollection: collection } = el.adHoc!;
  if (condition && checkCondition) {
    const value = step.evaluate(condition, inst.key);
    if (isTruthyCondition(value, condition)) return { done: true };
  }
  if (!collection) return { done: false };
  const value = step.evaluate(collection, inst.key) ?? [];
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
    throw new BatonError(
      'EXPRESSION_EVAL',
      `the active elements collection '${collection.source}' must be a list of element ids, got ${JSON.stringify(value)}`,
    );
  }
  const ids = value as string[];
  if (sameIds(ids, inst.adHoc?.collection ?? [])) return { done: false };
  const refused = refusedIds(step.process, el, ids);
  if (refused.length > 0) {
    throw new BatonError('EXPRESSION_EVAL', `the active elements collection lists ${refused.join(', ')}`);
  }
  return { done: false, ids };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
