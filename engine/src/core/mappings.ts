/**
 * Input/output mappings (`camunda:inputOutput`, `zeebe:ioMapping`). Inputs become local variables
 * of the element instance; outputs are evaluated inside it and written outwards with
 * `setVariable` semantics. A failing mapping raises an incident and keeps the token in place.
 */
import type { CompiledElement, ValueOrExpression, VariableMapping } from '../protocol/definition.ts';
import { isBatonError } from '../protocol/errors.ts';
import type { ElementInstance } from '../protocol/state.ts';
import { toJsonValue, type JsonValue } from '../protocol/variables.ts';
import type { Step } from './step.ts';

/** Value of a literal or expression seen from `key`; throws BatonError on evaluation failure. */
export function resolveValue(
  step: Step,
  source: ValueOrExpression,
  key: string | null,
  overlay?: Record<string, JsonValue>,
): JsonValue {
  if ('literal' in source) return source.literal;
  if ('expression' in source) return toJsonValue(step.evaluate(source.expression, key, overlay));
  if ('list' in source) return source.list.map((item) => resolveValue(step, item, key, overlay));
  const out: Record<string, JsonValue> = {};
  for (const name in source.map) out[name] = resolveValue(step, source.map[name], key, overlay);
  return out;
}

/** Value a mapping produces: its source, or the variable of the target's name when it has none. */
export function mappingValue(
  step: Step,
  mapping: VariableMapping,
  key: string | null,
  overlay?: Record<string, JsonValue>,
): JsonValue {
  if (mapping.source) return resolveValue(step, mapping.source, key, overlay);
  const value = step.scope(key, overlay).get(mapping.variable ?? mapping.target);
  return value === undefined ? null : toJsonValue(value);
}

export function applyInputs(step: Step, inst: ElementInstance, el: CompiledElement): boolean {
  for (const mapping of el.io!.inputs) {
    const value = guarded(step, inst, 'activate', mapping, () => mappingValue(step, mapping, inst.key));
    if (value === FAILED) return false;
    step.setLocal(inst.key, mapping.target, value);
  }
  return true;
}

export function applyOutputs(step: Step, inst: ElementInstance, el: CompiledElement): boolean {
  const values: [string, JsonValue][] = [];
  for (const mapping of el.io!.outputs) {
    const value = guarded(step, inst, 'complete', mapping, () => mappingValue(step, mapping, inst.key));
    if (value === FAILED) return false;
    values.push([mapping.target, value]);
  }
  // All outputs are evaluated before any is written, so a failure leaves no partial result behind.
  for (const [name, value] of values) step.setVariable(inst.parent, name, value);
  return true;
}

const FAILED = Symbol('failed');

function guarded(
  step: Step,
  inst: ElementInstance,
  phase: 'activate' | 'complete',
  mapping: VariableMapping,
  evaluate: () => JsonValue,
): JsonValue | typeof FAILED {
  try {
    return evaluate();
  } catch (error) {
    if (!isBatonError(error) && !(error instanceof TypeError)) throw error;
    const direction = phase === 'activate' ? 'Input' : 'Output';
    step.incident(
      inst,
      'mapping',
      phase,
      `${direction} mapping '${mapping.target}' failed: ${error.message}`,
    );
    return FAILED;
  }
}
