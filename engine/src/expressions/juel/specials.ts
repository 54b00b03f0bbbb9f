/**
 * The identifiers `execution` and `environment`, available when no variable of that name exists.
 * `execution` mirrors the Camunda 7 DelegateExecution methods expressions use; `environment`
 * mirrors bpmn-engine / bpmn-elements (`${environment.variables.x}`), so their test models run.
 * Both are built only when an expression references them.
 */
import type { VariableScope } from '../types.ts';

/**
 * Prototype of host objects: not Object.prototype, so a missing property is an error (bean
 * semantics) rather than null (map semantics), and frozen, so nothing can be added to it. The
 * objects themselves are not frozen: they live for one evaluation, expressions cannot assign, and
 * freezing would triple the cost of `${execution.getVariable('x')}`.
 */
const HOST_PROTOTYPE: object = Object.freeze(Object.create(null) as object);

/** All visible variables as a plain object (own data properties only, even for `__proto__`). */
export function variablesObject(scope: VariableScope): Record<string, unknown> {
  return Object.fromEntries(scope.names().map((name) => [name, scope.get(name) ?? null]));
}

function nameOf(name: unknown): string {
  return typeof name === 'string' ? name : String(name);
}

/** Where an `execution` object keeps its scope; a symbol, so no expression can name it. */
const SCOPE = Symbol('scope');

interface ExecutionObject {
  [SCOPE]: VariableScope;
}

// Shared functions reading the scope through `this` (the evaluator calls methods with the target
// as `this`): building an `execution` then allocates one object and no closures.
function getVariable(this: ExecutionObject, name: unknown): unknown {
  return this[SCOPE].get(nameOf(name)) ?? null;
}

function hasVariable(this: ExecutionObject, name: unknown): boolean {
  return this[SCOPE].has(nameOf(name));
}

function getVariables(this: ExecutionObject): Record<string, unknown> {
  return variablesObject(this[SCOPE]);
}

/**
 * `execution.getVariable(name)`, `execution.hasVariable(name)`, `execution.getVariables()`, and the
 * properties `processInstanceId`, `processDefinitionId`, `processBusinessKey`, `currentActivityId`.
 */
export function createExecution(scope: VariableScope): object {
  const context = scope.context;
  return {
    __proto__: HOST_PROTOTYPE,
    [SCOPE]: scope,
    getVariable,
    hasVariable,
    getVariables,
    // Camunda 7 DelegateExecution properties models read, e.g. `${execution.processBusinessKey}`.
    processInstanceId: context?.processInstanceId ?? null,
    processDefinitionId: context?.processDefinitionId ?? null,
    processBusinessKey: context?.businessKey ?? null,
    businessKey: context?.businessKey ?? null,
    currentActivityId: context?.activityId ?? null,
    activityId: context?.activityId ?? null,
  };
}

/** `environment.variables`. */
export function createEnvironment(scope: VariableScope): object {
  return { __proto__: HOST_PROTOTYPE, variables: variablesObject(scope) };
}
