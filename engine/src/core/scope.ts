/**
 * Variable scoping: an element instance sees its own variables, then its parents' up to the
 * process instance. Writes go to the nearest scope that already holds the variable, else to the
 * process instance (Camunda 7 `setVariable` and Zeebe propagation agree on this).
 */
import type { ExecutionContext, VariableScope } from '../expressions/types.ts';
import type { ElementInstance, InstanceState } from '../protocol/state.ts';
import type { JsonValue, VariableType } from '../protocol/variables.ts';

/** The live element instances whose parent scope is `key`. */
export function childrenOf(state: InstanceState, key: string): ElementInstance[] {
  const out: ElementInstance[] = [];
  for (const k in state.elements) {
    const inst = state.elements[k];
    if (inst.parent === key) out.push(inst);
  }
  return out;
}

/** A read-only view of the variables visible from one element instance. */
export class ScopeView implements VariableScope {
  /** Extra names resolved before the instance's variables (e.g. a called child's variables). */
  private readonly overlay: Record<string, JsonValue> | undefined;

  constructor(
    private readonly state: InstanceState,
    private readonly key: string | null,
    overlay?: Record<string, JsonValue>,
  ) {
    this.overlay = overlay;
  }

  /** Instance id, business key and current element, computed only when an expression asks. */
  get context(): ExecutionContext {
    const inst = this.key === null ? undefined : this.state.elements[this.key];
    const context: ExecutionContext = {
      processInstanceId: this.state.id,
      processDefinitionId: this.state.definitionId,
    };
    if (this.state.businessKey !== undefined) context.businessKey = this.state.businessKey;
    if (inst && inst.parent !== null) context.activityId = inst.elementId;
    return context;
  }

  get(name: string): unknown {
    if (this.overlay && Object.hasOwn(this.overlay, name)) return this.overlay[name];
    const holder = findHolder(this.state, this.key, name);
    return holder ? holder.vars![name] : undefined;
  }

  has(name: string): boolean {
    if (this.overlay && Object.hasOwn(this.overlay, name)) return true;
    return findHolder(this.state, this.key, name) !== undefined;
  }

  names(): string[] {
    return Object.keys(this.all());
  }

  /** All visible variables, inner scopes shadowing outer ones. */
  all(): Record<string, JsonValue> {
    const chain: ElementInstance[] = [];
    for (let key = this.key; key !== null;) {
      const inst: ElementInstance | undefined = this.state.elements[key];
      if (!inst) break;
      chain.push(inst);
      key = inst.parent;
    }
    const out: Record<string, JsonValue> = {};
    for (let i = chain.length - 1; i >= 0; i--) Object.assign(out, chain[i].vars);
    if (this.overlay) Object.assign(out, this.overlay);
    return out;
  }
}

/** The element instance holding variable `name` as seen from `key`, walking outwards. */
export function findHolder(
  state: InstanceState,
  key: string | null,
  name: string,
): ElementInstance | undefined {
  for (let k = key; k !== null;) {
    const inst: ElementInstance | undefined = state.elements[k];
    if (!inst) return undefined;
    if (inst.vars !== undefined && Object.hasOwn(inst.vars, name)) return inst;
    k = inst.parent;
  }
  return undefined;
}

/** Where `setVariable(name)` from `key` writes: the holder, else the process instance's root scope. */
export function writeTarget(state: InstanceState, key: string | null, name: string): string {
  return findHolder(state, key, name)?.key ?? state.root;
}

/** The type to record for a value: only when it differs from the inferred one. */
export function explicitType(
  type: VariableType | undefined,
  inferred: VariableType,
): VariableType | undefined {
  return type !== undefined && type !== inferred ? type : undefined;
}
