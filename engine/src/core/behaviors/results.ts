/**
 * How variables handed back by a worker, a task form or a message land: local to the element
 * when it has output mappings (they decide what leaves), otherwise `setVariable` from the element.
 */
import type { VariableInput } from '../../protocol/commands.ts';
import type { CompiledElement } from '../../protocol/definition.ts';
import type { ElementInstance } from '../../protocol/state.ts';
import type { Step } from '../step.ts';

export function mergeResult(
  step: Step,
  inst: ElementInstance,
  el: CompiledElement,
  input?: VariableInput,
): void {
  if (!input) return;
  const local = el.io !== undefined && el.io.outputs.length > 0;
  for (const name in input.values) {
    const value = input.values[name];
    const type = input.types?.[name];
    if (local) step.setLocal(inst.key, name, value, type);
    else step.setVariable(inst.key, name, value, type);
  }
}
