/**
 * Standard loop (`standardLoopCharacteristics`): runs the activity again while `loopCondition`
 * holds, testing before or after each iteration, at most `loopMaximum` times. `loopCounter` on the
 * body counts the iterations that have run.
 */
import type { StandardLoopDefinition } from '../../protocol/definition.ts';
import { isBatonError } from '../../protocol/errors.ts';
import { isTruthyCondition } from '../../expressions/index.ts';
import type { ElementBehavior } from '../behavior.ts';

export const loopBody: ElementBehavior = {
  activate(step, body, el) {
    const loop = el.loop as StandardLoopDefinition;
    step.setLocal(body.key, 'loopCounter', 0);
    if (loop.maximum === 0) return step.enqueueScopeCheck(body.key);
    if (loop.testBefore && loop.condition) {
      let again: boolean;
      try {
        again = isTruthyCondition(step.evaluate(loop.condition, body.key), loop.condition);
      } catch (error) {
        if (!isBatonError(error)) throw error;
        step.incident(
          body,
          'expression',
          'activate',
          `Loop condition of '${el.id}' failed: ${error.message}`,
        );
        return;
      }
      if (!again) return step.enqueueScopeCheck(body.key);
    }
    step.enqueueActivation(el.id, body.key, { inner: true });
  },
  innerCompleting(step, body, inner) {
    const el = step.element(body.elementId);
    const loop = el.loop as StandardLoopDefinition;
    const counter = Number(body.vars?.loopCounter ?? 0) + 1;
    let again = false;
    if (loop.maximum === undefined || counter < loop.maximum) {
      try {
        again = loop.condition
          ? isTruthyCondition(
              step.evaluate(loop.condition, inner.key, { loopCounter: counter }),
              loop.condition,
            )
          : false;
      } catch (error) {
        if (!isBatonError(error)) throw error;
        step.incident(
          inner,
          'expression',
          'complete',
          `Loop condition of '${el.id}' failed: ${error.message}`,
        );
        return false;
      }
    }
    step.setLocal(body.key, 'loopCounter', counter);
    if (again) step.enqueueActivation(el.id, body.key, { inner: true });
    return true;
  },
};
