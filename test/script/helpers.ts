/**
 * Test doubles for the script runner: a ScriptExecution over two maps (process scope and the
 * task's local scope, with Camunda's "set where defined" rule) and a one-call way to run a source.
 */
import { expect } from 'vitest';
import { isBatonError } from '../../engine/src/protocol/errors.ts';
import type { BatonError } from '../../engine/src/protocol/errors.ts';
import type { JsonValue } from '../../engine/src/protocol/variables.ts';
import type { ScriptExecution, ScriptRunner } from '../../engine/src/script/types.ts';

export interface FakeExecution {
  execution: ScriptExecution;
  process: Map<string, JsonValue>;
  local: Map<string, JsonValue>;
}

export function fakeExecution(variables: Record<string, JsonValue> = {}): FakeExecution {
  const process = new Map(Object.entries(variables));
  const local = new Map<string, JsonValue>();
  const execution: ScriptExecution = {
    getVariable: (name) => (local.has(name) ? local.get(name) : process.get(name)),
    setVariable: (name, value) => void (local.has(name) ? local.set(name, value) : process.set(name, value)),
    setVariableLocal: (name, value) => void local.set(name, value),
    getVariables: () => ({ ...Object.fromEntries(process), ...Object.fromEntries(local) }),
    processInstanceId: 'instance-1',
    activityId: 'scriptTask',
    businessKey: 'order-42',
  };
  return { execution, process, local };
}

let definitions = 0;

/** Prepares `source` as element `scriptTask` of a fresh definition and runs it once. */
export function runScript(
  runner: ScriptRunner,
  source: string,
  execution: ScriptExecution = fakeExecution().execution,
  resultVariable?: string,
): JsonValue {
  const definitionId = `definition-${++definitions}`;
  runner.prepare(definitionId, { scriptTask: { format: 'javascript', source, resultVariable } });
  return runner.run(definitionId, 'scriptTask', execution);
}

/** The BatonError `run` threw, asserting that it threw one with code SCRIPT_FAILED. */
export function scriptFailure(run: () => unknown): BatonError {
  try {
    run();
  } catch (error) {
    expect(isBatonError(error, 'SCRIPT_FAILED'), String(error)).toBe(true);
    return error as BatonError;
  }
  throw new Error('expected the script to fail');
}
