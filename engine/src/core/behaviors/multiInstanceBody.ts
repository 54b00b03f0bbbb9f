/**
 * Multi-instance body: wraps the iterations of an activity with loop characteristics. Counts
 * (`nrOfInstances`, ... or Zeebe's `numberOf...`) live on the body, `loopCounter` and the input
 * element on each iteration; the completion condition is checked as each iteration completes.
 */
import type { MultiInstanceDefinition } from '../../protocol/definition.ts';
import { BatonError, isBatonError } from '../../protocol/errors.ts';
import type { ElementInstance } from '../../protocol/state.ts';
import { toJsonValue, type JsonValue } from '../../protocol/variables.ts';
import { isTruthyCondition } from '../../expressions/index.ts';
import type { ElementBehavior } from '../behavior.ts';
import type { Step } from '../step.ts';

interface Names {
  instances: string;
  active: string;
  completed: string;
  base: number;
}
const CAMUNDA7: Names = {
  instances: 'nrOfInstances',
  active: 'nrOfActiveInstances',
  completed: 'nrOfCompletedInstances',
  base: 0,
};
const ZEEBE: Names = {
  instances: 'numberOfInstances',
  active: 'numberOfActiveInstances',
  completed: 'numberOfCompletedInstances',
  base: 1,
};

const names = (loop: MultiInstanceDefinition): Names => (loop.style === 'zeebe' ? ZEEBE : CAMUNDA7);

export const multiInstanceBody: ElementBehavior = {
  activate(step, body, el) {
    const loop = el.loop as MultiInstanceDefinition;
    let count: number;
    try {
      count = countIterations(step, body, loop);
    } catch (error) {
      if (!isBatonError(error)) throw error;
      step.incident(body, 'expression', 'activate', `Multi-instance '${el.id}': ${error.message}`);
      return;
    }
    const n = names(loop);
    const active = count === 0 ? 0 : loop.sequential ? 1 : count;
    step.setLocal(body.key, n.instances, count);
    step.setLocal(body.key, n.active, active);
    step.setLocal(body.key, n.completed, 0);
    if (loop.outputCollection)
      step.setLocal(body.key, loop.outputCollection, Array<JsonValue>(count).fill(null));
    for (let i = 0; i < active; i++) startIteration(step, body, loop, i);
    if (active === 0) step.enqueueScopeCheck(body.key);
  },
  innerCompleting(step, body, inner) {
    const el = step.element(body.elementId);
    const loop = el.loop as MultiInstanceDefinition;
    const n = names(loop);
    const index = Number(inner.vars?.loopCounter ?? n.base) - n.base;
    const completed = Number(body.vars?.[n.completed] ?? 0) + 1;
    const active = Number(body.vars?.[n.active] ?? 1) - 1;
    const total = Number(body.vars?.[n.instances] ?? 0);
    let output: JsonValue | undefined;
    let done = false;
    try {
      if (loop.outputCollection && loop.outputElement) {
        output = toJsonValue(step.evaluate(loop.outputElement, inner.key));
      }
      if (loop.completionCondition) {
        const counts = { [n.completed]: completed, [n.active]: active };
        done = isTruthyCondition(
          step.evaluate(loop.completionCondition, inner.key, counts),
          loop.completionCondition,
        );
      }
    } catch (error) {
      if (!isBatonError(error)) throw error;
      step.incident(inner, 'expression', 'complete', `Multi-instance '${el.id}': ${error.message}`);
      return false;
    }
    if (output !== undefined) {
      const list = [...((body.vars?.[loop.outputCollection!] as JsonValue[] | undefined) ?? [])];
      list[index] = output;
      step.setLocal(body.key, loop.outputCollection!, list);
    }
    step.setLocal(body.key, n.completed, completed);
    if (done) {
      for (const other of step.children(body.key)) if (other.key !== inner.key) step.terminate(other);
      step.setLocal(body.key, n.active, 0);
    } else if (loop.sequential && index + 1 < total) {
      startIteration(step, body, loop, index + 1);
    } else {
      step.setLocal(body.key, n.active, active);
    }
    return true;
  },
  scopeDone(step, body) {
    const loop = step.element(body.elementId).loop as MultiInstanceDefinition;
    // The output collection leaves the body like an output mapping would.
    if (loop.outputCollection) {
      step.setVariable(body.parent, loop.outputCollection, body.vars?.[loop.outputCollection] ?? []);
    }
    step.complete(body);
  },
};

function countIterations(step: Step, body: ElementInstance, loop: MultiInstanceDefinition): number {
  if (loop.inputCollection) {
    const value = step.evaluate(loop.inputCollection, body.key);
    if (!Array.isArray(value)) {
      throw new BatonError(
        'EXPRESSION_EVAL',
        `input collection must be a list, but '${loop.inputCollection.source}' is ${describe(value)}`,
      );
    }
    step.emit({ type: 'loop.initialized', key: body.key, collection: value.map((v) => toJsonValue(v)) });
    return value.length;
  }
  const count = Number(step.evaluate(loop.cardinality!, body.key));
  if (!Number.isInteger(count) || count < 0) {
    throw new BatonError(
      'EXPRESSION_EVAL',
      `loop cardinality '${loop.cardinality!.source}' must be a whole number >= 0, got ${String(count)}`,
    );
  }
  return count;
}

function startIteration(
  step: Step,
  body: ElementInstance,
  loop: MultiInstanceDefinition,
  index: number,
): void {
  const locals: Record<string, JsonValue> = { loopCounter: index + names(loop).base };
  if (loop.inputElement) locals[loop.inputElement] = body.collection?.[index] ?? null;
  step.enqueueActivation(body.elementId, body.key, { inner: true, locals });
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
