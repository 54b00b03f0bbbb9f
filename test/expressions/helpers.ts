/** Test helpers: a VariableScope over a plain object, and shortcuts for the two languages. */
import { createExpressionEvaluator } from '../../engine/src/expressions/index.ts';
import type { ExpressionEvaluator, VariableScope } from '../../engine/src/expressions/index.ts';
import type { Expression } from '../../engine/src/protocol/definition.ts';
import { BatonError } from '../../engine/src/protocol/errors.ts';
import type { ErrorCode } from '../../engine/src/protocol/errors.ts';

/** A scope seeing exactly the own properties of `variables`. */
export function scopeOf(variables: Record<string, unknown> = {}): VariableScope {
  return {
    get: (name) => (Object.hasOwn(variables, name) ? variables[name] : undefined),
    has: (name) => Object.hasOwn(variables, name),
    names: () => Object.keys(variables),
  };
}

export const juel = (source: string): Expression => ({ language: 'juel', source });
export const feel = (source: string): Expression => ({ language: 'feel', source });

const shared: ExpressionEvaluator = createExpressionEvaluator();

/** Evaluates a JUEL source against `variables`. */
export function evalJuel(source: string, variables: Record<string, unknown> = {}): unknown {
  return shared.evaluate(juel(source), scopeOf(variables));
}

/** Evaluates a FEEL source (text after `=`) against `variables`. */
export function evalFeel(source: string, variables: Record<string, unknown> = {}): unknown {
  return shared.evaluate(feel(source), scopeOf(variables));
}

/** Runs `fn` and returns the BatonError it throws (fails the test if it throws nothing else). */
export function errorOf(fn: () => unknown, code?: ErrorCode): BatonError {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof BatonError)) throw error;
    if (code !== undefined && error.code !== code)
      throw new Error(`expected ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  throw new Error('expected a BatonError, nothing was thrown');
}
