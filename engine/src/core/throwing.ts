/**
 * BPMN errors and escalations: thrown at an element instance, caught by the innermost matching
 * catcher walking outwards (event sub-processes of each enclosing scope, then boundary events of
 * each enclosing activity), into the calling instance when the root is reached.
 */
import type { VariableInput } from '../protocol/commands.ts';
import type { CompiledElement } from '../protocol/definition.ts';
import type { ElementInstance } from '../protocol/state.ts';
import type { JsonValue } from '../protocol/variables.ts';
import type { Step } from './step.ts';
import { startEventSubProcess } from './subscriptions.ts';

export type ThrowKind = 'error' | 'escalation';

export interface Thrown {
  kind: ThrowKind;
  code: string;
  message?: string;
  variables?: VariableInput;
}

/** Outcome of a throw: caught here (interrupting or not), passed to the calling instance, or nowhere. */
export type ThrowOutcome = 'interrupted' | 'caught' | 'propagated' | 'uncaught';

export function throwEvent(step: Step, from: ElementInstance, thrown: Thrown): ThrowOutcome {
  for (let current: ElementInstance | undefined = from; current; current = parentOf(step, current)) {
    const el = step.element(current.elementId);
    if (current !== from) {
      const start = matchingEventSubProcessStart(step, el, thrown);
      if (start) {
        startEventSubProcess(step, current, start, payload(start, thrown));
        return start.interrupting === false ? 'caught' : 'interrupted';
      }
    }
    if (current.parent !== null && !current.inner) {
      const boundary = matching(step, el.boundaries ?? [], thrown);
      if (boundary) {
        const scope = current.parent;
        const interrupting = boundary.cancelActivity !== false;
        if (interrupting) step.terminate(current);
        const input = payload(boundary, thrown);
        if (input)
          for (const name in input.values)
            step.setVariable(scope, name, input.values[name], input.types?.[name]);
        step.enqueueActivation(boundary.id, scope);
        return interrupting ? 'interrupted' : 'caught';
      }
    }
  }
  const parent = step.state.parent;
  if (!parent) return 'uncaught';
  step.effect({
    type: thrown.kind === 'error' ? 'error.propagated' : 'escalation.propagated',
    instanceId: step.instanceId,
    parent,
    code: thrown.code,
    message: thrown.message,
    variables: thrown.variables?.values ?? {},
  });
  return 'propagated';
}

function parentOf(step: Step, inst: ElementInstance): ElementInstance | undefined {
  return inst.parent === null ? undefined : step.state.elements[inst.parent];
}

/** An exact code match wins over a catch-all (no code) at the same level. */
function matching(step: Step, ids: string[], thrown: Thrown): CompiledElement | undefined {
  let catchAll: CompiledElement | undefined;
  for (const id of ids) {
    const el = step.element(id);
    if (el.event?.kind !== thrown.kind) continue;
    if (el.event.ref === thrown.code) return el;
    if (el.event.ref === undefined) catchAll ??= el;
  }
  return catchAll;
}

function matchingEventSubProcessStart(
  step: Step,
  scope: CompiledElement,
  thrown: Thrown,
): CompiledElement | undefined {
  const starts = (scope.eventSubProcesses ?? [])
    .map((id) => step.element(id).startEvents?.[0])
    .filter((id): id is string => !!id);
  return matching(step, starts, thrown);
}

/** Variables a catcher receives: the thrower's, plus Camunda 7's error code/message variables. */
function payload(catcher: CompiledElement, thrown: Thrown): VariableInput | undefined {
  const values: Record<string, JsonValue> = { ...(thrown.variables?.values ?? {}) };
  if (catcher.event?.codeVariable) values[catcher.event.codeVariable] = thrown.code;
  if (catcher.event?.messageVariable) values[catcher.event.messageVariable] = thrown.message ?? null;
  if (Object.keys(values).length === 0) return undefined;
  return { values, types: thrown.variables?.types };
}
