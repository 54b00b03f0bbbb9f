/**
 * The contract between the core and script execution. Scripts never run in Node's realm: the
 * implementation (QuickJS compiled to WebAssembly) isolates them and bounds their time and memory.
 */
import type { ScriptDefinition } from '../protocol/definition.ts';
import type { JsonValue } from '../protocol/variables.ts';

/** What a script sees as `execution`. */
export interface ScriptExecution {
  getVariable(name: string): JsonValue | undefined;
  /** Sets the variable where it is defined, else on the process instance (Camunda semantics). */
  setVariable(name: string, value: JsonValue): void;
  /** Sets the variable on the script task's own scope. */
  setVariableLocal(name: string, value: JsonValue): void;
  /** All visible variables as one object. */
  getVariables(): Record<string, JsonValue>;
  readonly processInstanceId: string;
  readonly activityId: string;
  readonly businessKey: string | undefined;
}

export interface ScriptRunner {
  /** Deploy-time check: why the script does not compile, or null. */
  check(script: ScriptDefinition): string | null;
  /**
   * Prepares every script of one process definition once (idempotent per definitionId), so that
   * `run` never compiles.
   */
  prepare(definitionId: string, scripts: Record<string, ScriptDefinition>): void;
  /**
   * Runs the script of `elementId` synchronously and returns its completion value (the value of
   * its last expression statement, used for `resultVariable`). Throws a BatonError with code
   * `SCRIPT_FAILED` when the script throws, exceeds its time limit or its memory limit.
   */
  run(definitionId: string, elementId: string, execution: ScriptExecution): JsonValue;
  /** Releases the sandbox. */
  dispose(): void;
}
