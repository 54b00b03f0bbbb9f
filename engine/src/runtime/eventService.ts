/**
 * Delivers engine events across instances: schedules and fires timers, correlates and buffers
 * messages, broadcasts signals, keeps the start events of the latest versions, and passes errors
 * and escalations a called instance did not catch up to its caller.
 */
import type { Effect } from '../protocol/effects.ts';
import { BatonError } from '../protocol/errors.ts';
import type { CompiledElement } from '../protocol/definition.ts';
import type { InstanceState } from '../protocol/state.ts';
import { isTruthyCondition } from '../expressions/index.ts';
import { ScopeView } from '../core/scope.ts';
import { firstDue, nextDue, parseTimer, type TimerSchedule } from '../timers/index.ts';
import type { Engine } from './engine.ts';
import {
  MessageIndex,
  type BufferedMessage,
  type CorrelateOptions,
  type MessageSubscriptionRef,
} from './messages.ts';
import type { ProcessDefinition } from './repository.ts';
import { SignalIndex } from './signals.ts';
import { TimerService, type ScheduledTimer } from './timers.ts';
import type { InstanceInfo } from './types.ts';
import { toInput } from './variables.ts';

/** What the engine keeps across instances: buffered messages and the progress of start timers. */
export interface EngineEventsSnapshot {
  buffer: BufferedMessage[];
  startTimers: {
    id: string;
    dueAt: number;
    elementId: string;
    processKey: string;
    schedule: TimerSchedule;
    fired: number;
  }[];
}

export interface CorrelationResult {
  resultType: 'Execution' | 'ProcessDefinition';
  processInstanceId: string;
}

export class EventService {
  readonly timers: TimerService;
  readonly messages = new MessageIndex();
  readonly signals = new SignalIndex();
  private readonly startTimers = new Map<string, { schedule: TimerSchedule; fired: number }>();
  private bufferIds = 0;

  constructor(
    private readonly engine: Engine,
    automaticTimers: boolean,
  ) {
    this.timers = new TimerService(
      () => engine.now(),
      (timer) => this.fireTimer(timer),
      automaticTimers,
    );
  }

  /** Carries out the event effects of one step. */
  perform(effect: Effect): void {
    switch (effect.type) {
      case 'timer.scheduled':
        this.timers.schedule({
          id: `${effect.instanceId}/${effect.subscriptionId}`,
          dueAt: effect.dueAt,
          elementId: effect.elementId,
          instanceId: effect.instanceId,
        });
        break;
      case 'message.subscribed': {
        const ref: MessageSubscriptionRef = {
          instanceId: effect.instanceId,
          subscriptionId: effect.subscriptionId,
          elementId: effect.elementId,
          correlationKey: effect.correlationKey,
        };
        this.messages.add(effect.name, ref);
        const buffered = this.messages.takeBuffered(effect.name, effect.correlationKey, this.engine.now());
        if (buffered) this.deliver(ref, buffered.variables);
        break;
      }
      case 'signal.subscribed':
        this.signals.add(effect.name, {
          instanceId: effect.instanceId,
          subscriptionId: effect.subscriptionId,
        });
        break;
      case 'subscription.cancelled':
        if (effect.kind === 'timer') this.timers.cancel(`${effect.instanceId}/${effect.subscriptionId}`);
        else if (effect.kind === 'message') this.messages.remove(effect.instanceId, effect.subscriptionId);
        else if (effect.kind === 'signal') this.signals.remove(effect.instanceId, effect.subscriptionId);
        break;
      case 'signal.broadcast':
        this.broadcast(effect.name, effect.variables);
        break;
      case 'error.propagated':
      case 'escalation.propagated': {
        const parent = this.engine.stateOrUndefined(effect.parent.instanceId);
        if (parent?.status !== 'active' || !parent.elements[effect.parent.key]) break;
        const variables = toInput({ variables: effect.variables });
        if (effect.type === 'error.propagated') {
          this.engine.dispatch(parent.id, {
            type: 'error.throw',
            key: effect.parent.key,
            code: effect.code,
            message: effect.message,
            variables,
          });
        } else {
          this.engine.dispatch(parent.id, {
            type: 'escalation.throw',
            key: effect.parent.key,
            code: effect.code,
            variables,
          });
        }
        break;
      }
    }
  }

  /** Indexes the subscriptions of a restored instance and schedules its timers again. */
  restore(state: InstanceState): void {
    for (const sub of Object.values(state.subscriptions ?? {})) {
      if (sub.kind === 'timer')
        this.timers.schedule({
          id: `${state.id}/${sub.id}`,
          dueAt: sub.dueAt!,
          elementId: sub.elementId,
          instanceId: state.id,
        });
      else if (sub.kind === 'message')
        this.messages.add(sub.name ?? '', {
          instanceId: state.id,
          subscriptionId: sub.id,
          elementId: sub.elementId,
          correlationKey: sub.correlationKey,
        });
      else if (sub.kind === 'signal')
        this.signals.add(sub.name ?? '', { instanceId: state.id, subscriptionId: sub.id });
    }
  }

  /** Buffered messages and start-timer progress, as JSON (instance snapshots hold the rest). */
  snapshot(): EngineEventsSnapshot {
    const now = this.engine.now();
    this.messages.expire(now);
    const startTimers = this.timers
      .list()
      .filter((t) => t.processKey !== undefined && this.startTimers.has(t.id))
      .map((t) => ({
        id: t.id,
        dueAt: t.dueAt,
        elementId: t.elementId,
        processKey: t.processKey!,
        ...this.startTimers.get(t.id)!,
      }));
    return structuredClone({ buffer: this.messages.buffer, startTimers });
  }

  /** Takes over buffered messages and start timers from a snapshot (replacing what deploy scheduled). */
  restoreSnapshot(snapshot: EngineEventsSnapshot): void {
    this.messages.buffer.splice(0, this.messages.buffer.length, ...structuredClone(snapshot.buffer));
    for (const t of snapshot.startTimers) {
      this.startTimers.set(t.id, { schedule: structuredClone(t.schedule), fired: t.fired });
      this.timers.schedule({ id: t.id, dueAt: t.dueAt, elementId: t.elementId, processKey: t.processKey });
    }
  }

  // ---- start events of the latest versions --------------------------------------------------

  /** A new latest version of a process replaces the start events (and start timers) of the old. */
  registerStarts(def: ProcessDefinition): void {
    const starts = Object.values(def.process.elements).filter(
      (el) => el.kind === 'startEvent' && el.scope === def.key && el.event,
    );
    const named = (kind: string) =>
      starts
        .filter((el) => el.event!.kind === kind)
        .map((el) => ({ name: el.event!.ref ?? '', startEventId: el.id }));
    this.messages.setStarts(def.key, named('message'));
    this.signals.setStarts(def.key, named('signal'));
    for (const timer of this.timers.list()) if (timer.processKey === def.key) this.timers.cancel(timer.id);
    for (const el of starts.filter((e) => e.event!.kind === 'timer')) this.scheduleStartTimer(def, el);
  }

  private scheduleStartTimer(def: ProcessDefinition, el: CompiledElement): void {
    const timer = el.event!.timer!;
    const value =
      'literal' in timer.value
        ? String(timer.value.literal)
        : String(
            this.engine.evaluate(
              'expression' in timer.value ? timer.value.expression : { language: 'juel', source: '' },
            ),
          );
    const schedule = parseTimer(timer.type, value);
    const due = firstDue(schedule, this.engine.now());
    if (due === null) return;
    const id = `start/${def.key}/${el.id}`;
    this.startTimers.set(id, { schedule, fired: 0 });
    this.timers.schedule({ id, dueAt: due, elementId: el.id, processKey: def.key });
  }

  private fireTimer(timer: ScheduledTimer): void {
    if (timer.instanceId) {
      const subscriptionId = timer.id.slice(timer.instanceId.length + 1);
      if (this.engine.stateOrUndefined(timer.instanceId)?.subscriptions?.[subscriptionId]) {
        this.engine.dispatch(timer.instanceId, { type: 'timer.fire', subscriptionId });
      }
      return;
    }
    const start = this.startTimers.get(timer.id)!;
    start.fired++;
    const next = nextDue(start.schedule, timer.dueAt, start.fired, this.engine.now());
    if (next !== null) this.timers.schedule({ ...timer, dueAt: next });
    else this.startTimers.delete(timer.id);
    this.engine.start(timer.processKey!, { startEventId: timer.elementId });
  }

  // ---- messages -----------------------------------------------------------------------------

  /** Camunda 7 style: correlate to exactly one waiting subscription or start event (or `all`). */
  correlate(name: string, options: CorrelateOptions = {}): CorrelationResult[] {
    const targets = this.messages.targets(name, options, (ref) =>
      this.instanceMatches(ref.instanceId, options),
    );
    const results: CorrelationResult[] = [];
    for (const target of targets) {
      if (target.kind === 'subscription') {
        this.deliver(target.ref, options.variables);
        results.push({ resultType: 'Execution', processInstanceId: target.ref.instanceId });
      } else {
        const started = this.engine.start(target.ref.processKey, {
          startEventId: target.ref.startEventId,
          businessKey: options.businessKey,
          variables: options.variables,
        });
        results.push({ resultType: 'ProcessDefinition', processInstanceId: started.id });
      }
    }
    return results;
  }

  /**
   * Camunda 8 style: the message goes to every instance waiting for it with this correlation key
   * (once per instance), else starts one instance at a message start event; when nothing takes it,
   * it is buffered until its time to live runs out and taken by the first subscription that opens.
   */
  publish(
    name: string,
    options: { correlationKey?: string; timeToLive?: number; variables?: Record<string, unknown> } = {},
  ): CorrelationResult[] {
    const targets = this.messages.targets(
      name,
      { correlationKey: options.correlationKey, all: true },
      () => true,
    );
    const results: CorrelationResult[] = [];
    const reached = new Set<string>();
    for (const target of targets) {
      if (target.kind === 'subscription') {
        if (reached.has(target.ref.instanceId)) continue;
        reached.add(target.ref.instanceId);
        this.deliver(target.ref, options.variables);
        results.push({ resultType: 'Execution', processInstanceId: target.ref.instanceId });
      } else if (results.length === 0) {
        const started = this.engine.start(target.ref.processKey, {
          startEventId: target.ref.startEventId,
          variables: options.variables,
        });
        results.push({ resultType: 'ProcessDefinition', processInstanceId: started.id });
      }
    }
    if (results.length === 0 && (options.timeToLive ?? 0) > 0) {
      this.messages.buffer.push({
        id: `m${++this.bufferIds}`,
        name,
        correlationKey: options.correlationKey,
        variables: toInput({ variables: options.variables ?? {} })?.values ?? {},
        expiresAt: this.engine.now() + options.timeToLive!,
      });
    }
    return results;
  }

  private deliver(ref: MessageSubscriptionRef, variables: Record<string, unknown> | undefined): void {
    this.engine.dispatch(ref.instanceId, {
      type: 'subscription.trigger',
      subscriptionId: ref.subscriptionId,
      variables: toInput({ variables }),
    });
  }

  private instanceMatches(instanceId: string, options: CorrelateOptions): boolean {
    const state = this.engine.stateOrUndefined(instanceId);
    if (!state || state.status !== 'active') return false;
    if (options.businessKey !== undefined && state.businessKey !== options.businessKey) return false;
    if (options.correlationKeys) {
      const vars = new ScopeView(state, state.root);
      for (const [name, value] of Object.entries(options.correlationKeys)) {
        if (JSON.stringify(vars.get(name)) !== JSON.stringify(value)) return false;
      }
    }
    return true;
  }

  // ---- signals ------------------------------------------------------------------------------

  /** Every subscription waiting for the signal fires, and every signal start event starts an instance. */
  broadcast(name: string, variables: Record<string, unknown> = {}): InstanceInfo[] {
    const { waiting, starts } = this.signals.receivers(name);
    const input = toInput({ variables });
    for (const ref of waiting) {
      if (this.engine.stateOrUndefined(ref.instanceId)?.subscriptions?.[ref.subscriptionId]) {
        this.engine.dispatch(ref.instanceId, {
          type: 'subscription.trigger',
          subscriptionId: ref.subscriptionId,
          variables: input,
        });
      }
    }
    return starts.map((s) => this.engine.start(s.processKey, { startEventId: s.startEventId, variables }));
  }

  // ---- conditions ---------------------------------------------------------------------------

  /** Camunda 7 `POST /condition`: starts every latest process whose conditional start event holds. */
  evaluateStartConditions(
    variables: Record<string, unknown>,
    options: { businessKey?: string } = {},
  ): InstanceInfo[] {
    const started: InstanceInfo[] = [];
    const scope = {
      get: (n: string) => variables[n],
      has: (n: string) => n in variables,
      names: () => Object.keys(variables),
    };
    for (const def of this.engine.repository.latest()) {
      for (const el of Object.values(def.process.elements)) {
        if (el.kind !== 'startEvent' || el.scope !== def.key || el.event?.kind !== 'conditional') continue;
        const condition = el.event.condition!;
        if (isTruthyCondition(this.engine.evaluate(condition, scope), condition)) {
          started.push(
            this.engine.start(def.key, { startEventId: el.id, variables, businessKey: options.businessKey }),
          );
        }
      }
    }
    if (started.length === 0)
      throw new BatonError('NOT_FOUND', 'No conditional start event is satisfied by these variables');
    return started;
  }
}
