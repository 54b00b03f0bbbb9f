/**
 * Standard loop (`standardLoopCharacteristics`): runs the activity again while `loopCondition`
 * holds, testing before or after each iteration, at most `loopMaximum` times. `loopCounter` on the
 * body counts the iterations that have run.
 */
import type { StandardLoopDefinition } from '../../protocol/definition.ts';
import { isBatonError } from '../../protocol/errors.ts';
import type { ElementInstance } from '../../protocol/state.ts';
import type { JsonValue } from '../../protocol/variables.ts';
import { isTruthyCondition } from '../../expressions/index.ts';
import type { ElementBehavior } from '../behavior.ts';
import type { Step } from '../step.ts';

export const loopBody: ElementBehavior = {
  activate(step, body, el) {
    const loop = el.loop as StandardLoopDefinition;
    step.setLocal(body.key, 'loopCounter', 0);
    const again =
      loop.maximum === 0 ? false : loop.testBefore ? loopsAgain(step, body, body, loop, 'activate') : true;
    if (again === null) return;
    if (again) step.enqueueActivation(el.id, body.key, { inner: true });
    else step.enqueueScopeCheck(body.key);
  },
  innerCompleting(step, body, inner) {
    const loop = step.element(body.elementId).loop as StandardLoopDefinition;
    const counter = Number(body.vars?.loopCounter ?? 0) + 1;
    const capped = loop.maximum !== undefined && counter >= loop.maximum;
    const again = capped ? false : loopsAgain(step, body, inner, loop, 'complete', { loopCounter: counter });
    if (again === null) return false;
    step.setLocal(body.key, 'loopCounter', counter);
    if (again) step.enqueueActivation(body.elementId, body.key, { inner: true });
    return true;
  },
};

/** Whether the loop condition holds seen from `at`; null after raising an incident there. */
function loopsAgain(
  step: Step,
  body: ElementInstance,
  at: ElementInstance,
  loop: StandardLoopDefinition,
  phase: 'activate' | 'complete',
  overlay?: Record<string, JsonValue>,
): boolean | null {
  if (!loop.condition) return false;
  try {
    return isTruthyCondition(step.evaluate(loop.condition, at.key, overlay), loop.condition);
  } catch (error) {
    if (!isBatonError(error)) throw error;
    step.incident(at, 'expression', phase, `Loop condition of '${body.elementId}' failed: ${error.message}`);
    return null;
  }
}
