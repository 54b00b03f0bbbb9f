/**
 * One command's worth of execution: emits events (each folded into the state at once), collects
 * effects, and drives tokens with an explicit agenda instead of recursion, so a model of any
 * length runs without growing the stack.
 */
import type { CompiledElement, CompiledProcess, Expression } from '../protocol/definition.ts';
import type { Effect } from '../protocol/effects.ts';
import { BatonError } from '../protocol/errors.ts';
import type { EngineEvent, EventPayload } from '../protocol/events.ts';
import type {
  CompensationRecord,
  ElementInstance,
  Incident,
  InstanceState,
  Wait,
} from '../protocol/state.ts';
import { inferType, type JsonValue, type VariableType } from '../protocol/variables.ts';
import { apply } from './apply.ts';
import type { ElementBehavior } from './behavior.ts';
import type { StepContext } from './context.ts';
import { applyInputs, applyOutputs } from './mappings.ts';
import { selectOutgoing, takeFlow } from './flows.ts';
import { fireReadyInclusiveJoins } from './inclusiveJoin.ts';
import { behaviorFor } from './registry.ts';
import { childrenOf, explicitType, ScopeView, writeTarget } from './scope.ts';
import { closeSubscriptions, fireMetConditions, openSubscriptions } from './subscriptions.ts';
import { dropCompensations, handlerCompleted, recordCompletion } from './compensation.ts';

const MAX_CONDITION_ROUNDS = 50;

type Op =
  | { op: 'activate'; elementId: string; parent: string; opts?: ActivationOptions }
  | { op: 'scopeCheck'; key: string };

/** How a token enters an element beyond the plain case. */
export interface ActivationOptions {
  /** Local variables set before input mappings (loop counters, element variables). */
  locals?: Record<string, JsonValue>;
  /** An iteration inside a multi-instance or loop body. */
  inner?: boolean;
  /** Key of the event-based gateway instance whose race this target joins. */
  group?: string;
  /** A compensation handler started by the throw event with this key. */
  compensationFor?: string;
  /** Records a re-created sub-process gets back for its compensation event sub-process. */
  compensations?: CompensationRecord[];
}

export interface StepResult {
  state: InstanceState;
  events: EngineEvent[];
  effects: Effect[];
}

export class Step {
  readonly events: EngineEvent[] = [];
  readonly effects: Effect[] = [];
  readonly time: number;
  /** Start command: the start event to begin at instead of the scope's none start events. */
  startAt?: string;
  state: InstanceState;
  private readonly agenda: Op[] = [];
  private head = 0;
  /** Tokens on their way into a scope (queued activations), so a scope never completes early. */
  private readonly inFlight = new Map<string, number>();
  /** Variables changed or a conditional subscription opened: conditions need a look. */
  private conditionsDirty = false;

  constructor(
    readonly process: CompiledProcess,
    state: InstanceState | undefined,
    readonly ctx: StepContext,
    readonly instanceId: string,
  ) {
    this.time = ctx.now();
    this.state = state as InstanceState;
  }

  /** Fills in instance id, sequence and time, folds the event into the state and records it. */
  emit(payload: EventPayload): void {
    const event = payload as EngineEvent;
    event.instanceId = this.instanceId;
    event.seq = this.state ? this.state.seq + 1 : 1;
    event.time = this.time;
    this.state = apply(this.state, event);
    this.events.push(event);
    if (event.type === 'variable.set' || event.type === 'variable.deleted') this.conditionsDirty = true;
  }

  /** Conditional subscriptions must be evaluated before the step ends. */
  conditionsChanged(): void {
    this.conditionsDirty = true;
  }

  effect(effect: Effect): void {
    this.effects.push(effect);
  }

  element(id: string): CompiledElement {
    const el = this.process.elements[id];
    if (!el) throw new Error(`unknown element ${id} in process ${this.process.id}`);
    return el;
  }

  instance(key: string): ElementInstance {
    const inst = this.state.elements[key];
    if (!inst)
      throw new BatonError('NOT_FOUND', `No active element instance ${key} in instance ${this.state.id}`);
    return inst;
  }

  /** Global id of a task or job: unique across instances. */
  globalId(key: string): string {
    return `${this.state.id}:${key}`;
  }

  // ---- agenda -------------------------------------------------------------------------------

  /** Queues a token to enter `elementId` inside scope `parent`. */
  enqueueActivation(elementId: string, parent: string, opts?: ActivationOptions): void {
    this.inFlight.set(parent, (this.inFlight.get(parent) ?? 0) + 1);
    this.agenda.push({ op: 'activate', elementId, parent, opts });
  }

  enqueueScopeCheck(key: string): void {
    this.agenda.push({ op: 'scopeCheck', key });
  }

  /** Works the agenda until every token rests in a wait state, an incident or the end. */
  run(): StepResult {
    let conditionRounds = 0;
    for (;;) {
      while (this.head < this.agenda.length) {
        const op = this.agenda[this.head++];
        if (op.op === 'activate') {
          this.inFlight.set(op.parent, this.inFlight.get(op.parent)! - 1);
          if (this.state.elements[op.parent]) this.activate(op.elementId, op.parent, op.opts);
        } else {
          this.scopeCheck(op.key);
        }
      }
      this.agenda.length = 0;
      this.head = 0;
      if (this.state.status !== 'active') break;
      if (fireReadyInclusiveJoins(this)) continue;
      // Bounded: a condition that keeps firing a path that keeps changing variables must not spin.
      if (this.conditionsDirty && conditionRounds++ < MAX_CONDITION_ROUNDS) {
        this.conditionsDirty = false;
        if (fireMetConditions(this)) continue;
      }
      break;
    }
    return { state: this.state, events: this.events, effects: this.effects };
  }

  private scopeCheck(key: string): void {
    const scope = this.state.elements[key];
    if (!scope || (scope.tokens ?? 0) > 0 || scope.joins || (this.inFlight.get(key) ?? 0) > 0) return;
    if (scope.incident) return;
    const el = this.element(scope.elementId);
    const behavior = behaviorFor(scope, el);
    if (behavior.scopeDone) behavior.scopeDone(this, scope, el);
    else this.complete(scope);
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** Creates the element instance and hands it to its behavior. */
  activate(elementId: string, parent: string | null, opts: ActivationOptions = {}): void {
    const el = this.element(elementId);
    const key = String(this.state.nextKey);
    const body =
      el.loop && !opts.inner ? (el.loop.kind === 'multiInstance' ? 'multiInstance' : 'loop') : undefined;
    const { inner, group, locals, compensationFor } = opts;
    this.emit({
      type: 'element.activated',
      key,
      elementId,
      elementType: el.bpmnType,
      parent,
      body,
      inner,
      group,
      compensationFor,
    });
    if (locals) for (const name in locals) this.setLocal(key, name, locals[name]);
    if (opts.compensations)
      this.emit({ type: 'compensation.reinstated', scope: key, records: opts.compensations });
    this.enter(this.state.elements[key], el);
  }

  /** Applies input mappings and runs the behavior's activation (also used to retry after an incident). */
  enter(inst: ElementInstance, el: CompiledElement): void {
    // asyncBefore: a transaction boundary before the element starts (not per iteration).
    if (el.asyncBefore && !inst.inner && inst.continued === undefined)
      return this.continueLater(inst, 'before');
    if (!inst.body && el.io && el.io.inputs.length > 0 && !applyInputs(this, inst, el)) return;
    if (!openSubscriptions(this, inst, el)) return;
    behaviorFor(inst, el).activate(this, inst, el);
  }

  wait(inst: ElementInstance, wait: Wait): void {
    this.emit({ type: 'element.waiting', key: inst.key, elementId: inst.elementId, wait });
  }

  /**
   * Completes an element instance: output mappings, flow selection (both may raise an incident and
   * keep the token here), then the element leaves and its scope is checked for completion.
   */
  complete(inst: ElementInstance, flows?: string[]): void {
    const el = this.element(inst.elementId);
    // asyncAfter: a transaction boundary after the element's work, before it leaves.
    if (el.asyncAfter && !inst.inner && inst.parent !== null && inst.continued !== 'after') {
      return this.continueLater(inst, 'after');
    }
    if (!inst.body && el.io && el.io.outputs.length > 0 && !applyOutputs(this, inst, el)) return;
    const parent = inst.parent === null ? undefined : this.state.elements[inst.parent];
    let taken: string[] | null = null;
    if (inst.inner && parent) {
      if (!behaviorFor(parent, el).innerCompleting?.(this, parent, inst)) return;
    } else if (inst.parent !== null) {
      taken = flows ?? this.selectFlows(inst, el);
      if (taken === null) return;
    }
    if (inst.group !== undefined) this.loseRace(inst);
    closeSubscriptions(this, inst.key);
    if (inst.incident) this.emit({ type: 'incident.resolved', incidentId: inst.incident, key: inst.key });
    recordCompletion(this, inst, el);
    this.emit({ type: 'element.completed', key: inst.key, elementId: inst.elementId });
    if (inst.parent === null) return;
    if (inst.compensationFor !== undefined) handlerCompleted(this, inst);
    const group = el.kind === 'eventBasedGateway' ? inst.key : undefined;
    if (taken) for (const flowId of taken) takeFlow(this, flowId, inst.parent, group);
    const scope = this.state.elements[inst.parent];
    if (scope && !inst.inner)
      behaviorFor(scope, this.element(scope.elementId)).childCompleted?.(this, scope, inst);
    this.enqueueScopeCheck(inst.parent);
  }

  /** Stops at an asynchronous continuation: the runtime's job continues it (`continuation.run`). */
  private continueLater(inst: ElementInstance, phase: 'before' | 'after'): void {
    const jobId = `${this.globalId(inst.key)}:${phase}`;
    this.wait(inst, { kind: 'continuation', phase, jobId });
    this.effect({
      type: 'continuation.scheduled',
      instanceId: this.instanceId,
      key: inst.key,
      elementId: inst.elementId,
      jobId,
      phase,
    });
  }

  /** The continuation's job ran: go on from the boundary. */
  continueNow(inst: ElementInstance): void {
    if (inst.wait?.kind !== 'continuation') {
      throw new BatonError(
        'INVALID_STATE',
        `Element '${inst.elementId}' is not waiting at an asynchronous continuation`,
      );
    }
    const phase = inst.wait.phase;
    this.emit({ type: 'continuation.done', key: inst.key, phase });
    if (phase === 'before') this.enter(inst, this.element(inst.elementId));
    else this.complete(inst);
  }

  /** The winner of an event-based gateway's race terminates the other targets. */
  private loseRace(winner: ElementInstance): void {
    for (const other of this.children(winner.parent!)) {
      if (other.group === winner.group && other.key !== winner.key) this.terminate(other);
    }
  }

  private selectFlows(inst: ElementInstance, el: CompiledElement): string[] | null {
    const behavior: ElementBehavior = behaviorFor(inst, el);
    return behavior.selectFlows ? behavior.selectFlows(this, inst, el) : selectOutgoing(this, inst, el);
  }

  /** Terminates an element instance and everything inside it, innermost first. */
  terminate(inst: ElementInstance): void {
    for (const child of this.children(inst.key)) this.terminate(child);
    const el = this.element(inst.elementId);
    this.clearJoins(inst);
    closeSubscriptions(this, inst.key);
    dropCompensations(this, inst);
    if (inst.wait?.kind === 'continuation') {
      this.effect({
        type: 'job.cancelled',
        instanceId: this.instanceId,
        key: inst.key,
        jobId: inst.wait.jobId,
      });
    }
    behaviorFor(inst, el).terminate?.(this, inst, el);
    if (inst.incident) this.emit({ type: 'incident.resolved', incidentId: inst.incident, key: inst.key });
    this.emit({ type: 'element.terminated', key: inst.key, elementId: inst.elementId });
  }

  /** Removes every token waiting at a join inside `scope` (the scope is ended or interrupted). */
  clearJoins(scope: ElementInstance): void {
    if (!scope.joins) return;
    for (const [gatewayId, arrivals] of Object.entries(scope.joins)) {
      const flows = Object.entries(arrivals).flatMap(([flow, n]) => Array<string>(n).fill(flow));
      this.emit({ type: 'join.consumed', scope: scope.key, gatewayId, flows });
    }
  }

  /** Element instances directly inside scope `key`. */
  children(key: string): ElementInstance[] {
    return childrenOf(this.state, key);
  }

  /** Raises an incident: the token stays where it is until the incident is resolved. */
  incident(inst: ElementInstance, type: Incident['type'], phase: Incident['phase'], message: string): void {
    const incident: Incident = {
      id: this.ctx.newId(),
      key: inst.key,
      elementId: inst.elementId,
      type,
      phase,
      message,
      created: this.time,
    };
    this.emit({ type: 'incident.raised', incident });
  }

  // ---- variables and expressions ------------------------------------------------------------

  scope(key: string | null, overlay?: Record<string, JsonValue>): ScopeView {
    return new ScopeView(this.state, key, overlay);
  }

  /** Evaluates an expression from `key`'s point of view; errors come back as BatonError. */
  evaluate(expression: Expression, key: string | null, overlay?: Record<string, JsonValue>): unknown {
    return this.ctx.expressions.evaluate(expression, this.scope(key, overlay));
  }

  /** `setVariable` semantics: nearest scope holding the name, else the process instance. */
  setVariable(from: string | null, name: string, value: JsonValue, type?: VariableType): void {
    this.setLocal(writeTarget(this.state, from, name), name, value, type);
  }

  setLocal(key: string, name: string, value: JsonValue, type?: VariableType): void {
    const inferred = inferType(value);
    const valueType = explicitType(type, inferred);
    const inst = this.state.elements[key];
    if (inst?.vars && name in inst.vars && inst.vars[name] === value && inst.types?.[name] === valueType)
      return;
    this.emit({ type: 'variable.set', scope: key, name, value, valueType });
  }
}
