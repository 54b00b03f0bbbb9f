/**
 * The variables visible from one element instance of an already loaded state, with their explicit
 * types: what a worker, a task form or the REST API sees there. Pure, so callers inside a
 * transaction need no second read.
 */
import { ScopeView, type InstanceState, type JsonValue, type VariableType } from '@baton/engine';

export interface VisibleVariables {
  values: Record<string, JsonValue>;
  types: Record<string, VariableType>;
}

/**
 * Variables seen from element instance `key` (default: the process instance), inner scopes
 * shadowing outer ones. An ended instance answers with the variables it ended with.
 */
export function visibleVariables(state: InstanceState, key?: string): VisibleVariables {
  if (state.status !== 'active') return { values: { ...(state.variables ?? {}) }, types: { ...state.types } };
  const scopeKey = key && state.elements[key] ? key : state.root;
  const types: Record<string, VariableType> = {};
  const shadowed = new Set<string>();
  for (let k: string | null = scopeKey; k !== null;) {
    const inst: InstanceState['elements'][string] | undefined = state.elements[k];
    if (!inst) break;
    for (const name of Object.keys(inst.vars ?? {})) {
      if (shadowed.has(name)) continue;
      shadowed.add(name);
      const type = inst.types?.[name];
      if (type !== undefined) types[name] = type;
    }
    k = inst.parent;
  }
  return { values: new ScopeView(state, scopeKey).all(), types };
}

/** Only the variables an element instance holds itself (Camunda "local" variables). */
export function localVariables(state: InstanceState, key: string): VisibleVariables {
  const inst = state.elements[key];
  return { values: { ...(inst?.vars ?? {}) }, types: { ...(inst?.types ?? {}) } };
}

/**
 * The element instance holding variable `name` as seen from `key` (inner scopes first), or `key`
 * itself when none does: where removing the variable from `key` takes effect (Camunda's
 * `removeVariable`).
 */
export function variableHolder(state: InstanceState, key: string, name: string): string {
  for (let k: string | null = key; k !== null;) {
    const inst: InstanceState['elements'][string] | undefined = state.elements[k];
    if (!inst) break;
    if (inst.vars && Object.hasOwn(inst.vars, name)) return k;
    k = inst.parent;
  }
  return key;
}
