/**
 * Script tasks. JavaScript runs in the injected sandbox (QuickJS, isolated from Node, bounded in
 * time and memory); FEEL and JUEL scripts are expressions. Variables the script sets are buffered
 * and written only when it succeeds, so a failed script leaves no half-done changes.
 */
import { BatonError, isBatonError } from '../../protocol/errors.ts';
import type { ElementInstance } from '../../protocol/state.ts';
import { invalidVariableName, toJsonValue, type JsonValue } from '../../protocol/variables.ts';
import type { ScriptFailureDetails } from '../../script/failures.ts';
import type { ScriptExecution } from '../../script/types.ts';
import { throwEvent } from '../throwing.ts';
import type { ElementBehavior } from '../behavior.ts';
import type { Step } from '../step.ts';

export const scriptTask: ElementBehavior = {
  activate(step, inst, el) {
    const script = el.script!;
    const writes: { name: string; value: JsonValue; local: boolean }[] = [];
    let result: JsonValue;
    try {
      if (script.format === 'javascript') {
        result = step.ctx.scripts.run(step.state.definitionId, el.id, execution(step, inst, writes));
      } else {
        result = toJsonValue(step.evaluate({ language: script.format, source: script.source }, inst.key));
      }
    } catch (error) {
      if (!isBatonError(error) && !(error instanceof TypeError)) throw error;
      const details = isBatonError(error) ? (error.details as ScriptFailureDetails | undefined) : undefined;
      if (details?.reason === 'bpmnError' && details.errorCode !== undefined) {
        const thrown = { kind: 'error' as const, code: details.errorCode, message: details.errorMessage };
        if (throwEvent(step, inst, thrown) === 'uncaught') {
          step.incident(
            inst,
            'unhandledError',
            'activate',
            `Unhandled BPMN error '${details.errorCode}' thrown by the script: ${details.errorMessage ?? ''}`,
          );
        }
        return;
      }
      step.incident(inst, 'script', 'activate', error.message);
      return;
    }
    for (const w of writes) {
      if (w.local) step.setLocal(inst.key, w.name, w.value);
      else step.setVariable(inst.key, w.name, w.value);
    }
    if (script.resultVariable) step.setVariable(inst.key, script.resultVariable, result ?? null);
    step.complete(inst);
  },
};

function execution(
  step: Step,
  inst: ElementInstance,
  writes: { name: string; value: JsonValue; local: boolean }[],
): ScriptExecution {
  const scope = step.scope(inst.key);
  const pending = (name: string): { value: JsonValue } | undefined => {
    for (let i = writes.length - 1; i >= 0; i--) if (writes[i].name === name) return writes[i];
    return undefined;
  };
  const check = (name: unknown): string => {
    const problem = typeof name === 'string' ? invalidVariableName(name) : 'A variable name must be a string';
    if (problem) throw new BatonError('SCRIPT_FAILED', `Script of element '${inst.elementId}': ${problem}`);
    return name as string;
  };
  return {
    getVariable(name) {
      const written = pending(name);
      if (written) return written.value;
      const value = scope.get(name);
      return value === undefined ? undefined : toJsonValue(value);
    },
    setVariable(name, value) {
      writes.push({ name: check(name), value, local: false });
    },
    setVariableLocal(name, value) {
      writes.push({ name: check(name), value, local: true });
    },
    getVariables() {
      const all = scope.all();
      for (const w of writes) all[w.name] = w.value;
      return all;
    },
    processInstanceId: step.state.id,
    activityId: inst.elementId,
    businessKey: step.state.businessKey,
  };
}
