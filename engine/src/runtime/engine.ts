/**
 * The in-memory engine: deploys BPMN, keeps instances, runs jobs through in-process handlers or
 * external workers, and publishes every event. It adapts the pure core (core/execute.ts) to a
 * usable API; the server replaces the maps here with a database but keeps the same flow.
 */
import { randomUUID } from 'node:crypto';
import { assertDeployable, compileBpmn } from '../compile/index.ts';
import { execute, type StepResult } from '../core/execute.ts';
import type { StepContext } from '../core/context.ts';
import { ScopeView } from '../core/scope.ts';
import { createExpressionEvaluator } from '../expressions/index.ts';
import { PARENT_TERMINATED, type Command } from '../protocol/commands.ts';
import type { Expression } from '../protocol/definition.ts';
import type { VariableScope } from '../expressions/types.ts';
import type { Effect } from '../protocol/effects.ts';
import { BatonError } from '../protocol/errors.ts';
import type { EngineEvent } from '../protocol/events.ts';
import type { Incident, InstanceState } from '../protocol/state.ts';
import type { JsonValue, VariableType } from '../protocol/variables.ts';
import { createScriptRunner } from '../script/quickjsRunner.ts';
import type { ScriptRunner } from '../script/types.ts';
import { JobStore, type OpenJob } from './jobs.ts';
import { Repository, type Deployment, type ProcessDefinition } from './repository.ts';
import { EventService, type CorrelationResult } from './eventService.ts';
import { ExternalTaskService } from './externalTasks.ts';
import type { CorrelateOptions } from './messages.ts';
import { TaskService } from './tasks.ts';
import type {
  ActivatedJob,
  InstanceInfo,
  JobHandler,
  JobResult,
  StartOptions,
  VariablesArg,
} from './types.ts';
import { toInput } from './variables.ts';

export interface EngineOptions {
  /** Epoch milliseconds; inject a fake clock in tests. */
  now?: () => number;
  newId?: () => string;
  /**
   * Fire timers on their own with real `setTimeout`s. Default: on with the real clock, off with an
   * injected one (tests move the clock and call `fireDueTimers()`).
   */
  automaticTimers?: boolean;
  /** Script sandbox limits. */
  scriptTimeLimitMs?: number;
  scriptMemoryLimitBytes?: number;
}

export type EventListener = (events: readonly EngineEvent[]) => void;

interface InstanceRecord {
  state: InstanceState;
  definition: ProcessDefinition;
}

const EMPTY_SCOPE: VariableScope = { get: () => undefined, has: () => false, names: () => [] };

export class Engine {
  readonly repository = new Repository();
  readonly jobs = new JobStore();
  readonly tasks: TaskService;
  readonly externalTasks: ExternalTaskService;
  readonly events: EventService;
  private readonly instances = new Map<string, InstanceRecord>();
  private readonly handlers = new Map<string, JobHandler>();
  private readonly listeners = new Set<EventListener>();
  private readonly endWaiters = new Map<string, ((state: InstanceState) => void)[]>();
  /** `parentInstanceId:key` of a call activity -> child instance id. */
  private readonly calls = new Map<string, string>();
  private readonly ctx: StepContext;
  private readonly queue: (() => void)[] = [];
  private draining = false;

  private constructor(
    private readonly options: EngineOptions,
    private readonly scripts: ScriptRunner,
  ) {
    this.ctx = {
      now: options.now ?? Date.now,
      newId: options.newId ?? randomUUID,
      expressions: createExpressionEvaluator(),
      scripts,
    };
    this.tasks = new TaskService(this);
    this.externalTasks = new ExternalTaskService(this);
    this.events = new EventService(this, options.automaticTimers ?? options.now === undefined);
  }

  static async create(options: EngineOptions = {}): Promise<Engine> {
    const scripts = await createScriptRunner({
      timeLimitMs: options.scriptTimeLimitMs,
      memoryLimitBytes: options.scriptMemoryLimitBytes,
    });
    return new Engine(options, scripts);
  }

  now(): number {
    return this.ctx.now();
  }

  // ---- deployment ---------------------------------------------------------------------------

  /**
   * Compiles and registers every executable process of a BPMN file. Throws BatonError
   * `BPMN_PARSE` or `BPMN_INVALID` (with all diagnostics) and then registers nothing.
   */
  async deploy(
    xml: string | Uint8Array,
    options: { name?: string; duplicateFiltering?: boolean } = {},
  ): Promise<Deployment> {
    const compiled = await compileBpmn(xml, { expressions: this.ctx.expressions, scripts: this.scripts });
    assertDeployable(compiled);
    const deploymentId = this.ctx.newId();
    const source = typeof xml === 'string' ? xml : new TextDecoder().decode(xml);
    const { added, all } = this.repository.add(
      deploymentId,
      compiled,
      source,
      options.duplicateFiltering ?? true,
    );
    for (const def of added) {
      this.scripts.prepare(def.id, def.process.scripts);
      this.events.registerStarts(def);
    }
    return { id: deploymentId, name: options.name, deployedAt: this.now(), definitions: all };
  }

  /** Registers a definition deployed by another engine (restoring instances elsewhere). */
  adoptDefinition(def: ProcessDefinition): void {
    this.repository.register(def);
    this.scripts.prepare(def.id, def.process.scripts);
    if (this.repository.find(def.key).id === def.id) this.events.registerStarts(def);
  }

  // ---- handlers and events ------------------------------------------------------------------

  /** Jobs of this type (topic) run in-process through `handler` instead of waiting for a worker. */
  registerHandler(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
    for (const job of this.jobs.list({ type }))
      if (!job.failed && !job.workerId) this.later(() => this.runHandler(job));
    this.drain();
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- instances ----------------------------------------------------------------------------

  start(key: string, options: StartOptions = {}): InstanceInfo {
    const def = this.repository.find(key, { version: options.version });
    return this.startDefinition(def, options);
  }

  startById(definitionId: string, options: StartOptions = {}): InstanceInfo {
    return this.startDefinition(this.repository.get(definitionId), options);
  }

  private startDefinition(
    definition: ProcessDefinition,
    options: StartOptions,
    parent?: { instanceId: string; key: string },
  ): InstanceInfo {
    const instanceId = this.ctx.newId();
    const command: Command = {
      type: 'start',
      instanceId,
      variables: toInput(options),
      businessKey: options.businessKey,
      startEventId: options.startEventId,
      parent,
    };
    const result = execute(definition.process, undefined, command, this.ctx, definition.id);
    const record: InstanceRecord = { state: result.state, definition };
    this.instances.set(instanceId, record);
    if (parent) this.calls.set(`${parent.instanceId}:${parent.key}`, instanceId);
    this.afterStep(result);
    return info(record.state);
  }

  /** Evaluates an expression outside any instance (start conditions, start timers). */
  evaluate(expression: Expression, scope: VariableScope = EMPTY_SCOPE): unknown {
    return this.ctx.expressions.evaluate(expression, scope);
  }

  stateOrUndefined(instanceId: string): InstanceState | undefined {
    return this.instances.get(instanceId)?.state;
  }

  // ---- events across instances --------------------------------------------------------------

  /** Camunda 7 message correlation: exactly one match (or `all`), else a clear error. */
  correlateMessage(name: string, options: CorrelateOptions = {}): CorrelationResult[] {
    return this.events.correlate(name, options);
  }

  /** Camunda 8 message publication with correlation key and time to live (buffered when nothing waits). */
  publishMessage(
    name: string,
    options: { correlationKey?: string; timeToLive?: number; variables?: Record<string, unknown> } = {},
  ): CorrelationResult[] {
    return this.events.publish(name, options);
  }

  /** Broadcasts a signal to every waiting subscription and signal start event. */
  broadcastSignal(name: string, variables: Record<string, unknown> = {}): InstanceInfo[] {
    return this.events.broadcast(name, variables);
  }

  /** Starts the processes whose conditional start events hold for these variables. */
  evaluateConditions(
    variables: Record<string, unknown>,
    options: { businessKey?: string } = {},
  ): InstanceInfo[] {
    return this.events.evaluateStartConditions(variables, options);
  }

  /** Fires every timer due by the engine's clock (tests: after moving the injected clock). */
  fireDueTimers(): number {
    return this.events.timers.fireDue();
  }

  /** A worker reports a BPMN error for a job: routed to the innermost matching catcher. */
  throwError(
    jobId: string,
    code: string,
    options: { message?: string; variables?: Record<string, unknown> } = {},
  ): void {
    const job = this.jobs.get(jobId);
    this.jobs.remove(jobId);
    this.dispatch(job.instanceId, {
      type: 'error.throw',
      key: job.key,
      code,
      message: options.message,
      variables: toInput({ variables: options.variables }),
    });
  }

  /** Stops the real-clock timer; the engine keeps its state. */
  close(): void {
    this.events.timers.stop();
  }

  /** The live state of an instance (treat as read-only; use `snapshot` for a copy). */
  state(instanceId: string): InstanceState {
    return this.record(instanceId).state;
  }

  instance(instanceId: string): InstanceInfo {
    return info(this.record(instanceId).state);
  }

  listInstances(
    filter: { processId?: string; businessKey?: string; status?: InstanceState['status'] } = {},
  ): InstanceInfo[] {
    const out: InstanceInfo[] = [];
    for (const { state } of this.instances.values()) {
      if (filter.processId !== undefined && state.processId !== filter.processId) continue;
      if (filter.businessKey !== undefined && state.businessKey !== filter.businessKey) continue;
      if (filter.status !== undefined && state.status !== filter.status) continue;
      out.push(info(state));
    }
    return out;
  }

  definitionOf(instanceId: string): ProcessDefinition {
    return this.record(instanceId).definition;
  }

  /** Resolves when the instance has completed or been terminated. */
  whenEnded(instanceId: string): Promise<InstanceState> {
    const state = this.record(instanceId).state;
    if (state.status !== 'active') return Promise.resolve(state);
    return new Promise((resolve) => {
      const waiters = this.endWaiters.get(instanceId) ?? [];
      waiters.push(resolve);
      this.endWaiters.set(instanceId, waiters);
    });
  }

  /** Variables visible from an element instance (default: the process instance's own). */
  variables(instanceId: string, key?: string): Record<string, JsonValue> {
    const state = this.record(instanceId).state;
    if (state.status !== 'active') return { ...(state.variables ?? {}) };
    return new ScopeView(state, key ?? state.root).all();
  }

  /** Variable types where they differ from what the value infers (Long, Date, Object, ...). */
  variableTypes(instanceId: string): Record<string, VariableType> {
    const state = this.record(instanceId).state;
    return { ...(state.status === 'active' ? state.elements[state.root]?.types : state.types) };
  }

  setVariables(instanceId: string, args: VariablesArg & { scope?: string; local?: boolean }): void {
    const variables = toInput(args);
    if (variables)
      this.dispatch(instanceId, { type: 'variables.set', scope: args.scope, local: args.local, variables });
  }

  deleteVariables(instanceId: string, names: string[], scope?: string): void {
    this.dispatch(instanceId, { type: 'variables.delete', names, scope });
  }

  cancel(instanceId: string, reason?: string): void {
    this.dispatch(instanceId, { type: 'instance.terminate', reason });
  }

  /**
   * Starts inner elements of the one active ad-hoc sub-process `adHocElementId` (ids of elements
   * without incoming flows; `variables` become their local variables). Wrong ids throw
   * `INVALID_ARGUMENT` naming each; see docs/engine.md.
   */
  activateAdHoc(
    instanceId: string,
    adHocElementId: string,
    elementIds: string[],
    args: VariablesArg = {},
  ): void {
    const state = this.record(instanceId).state;
    const scopes = Object.values(state.elements).filter((e) => e.elementId === adHocElementId && !e.body);
    if (scopes.length !== 1) {
      throw new BatonError(
        scopes.length === 0 ? 'NOT_FOUND' : 'CONFLICT',
        `${scopes.length === 0 ? 'No' : `${scopes.length}`} active '${adHocElementId}' in instance ${instanceId}`,
      );
    }
    const variables = toInput(args);
    this.dispatch(instanceId, { type: 'adhoc.activate', key: scopes[0].key, elementIds, variables });
  }

  /** Completes the one waiting receive task / catch event `elementId` of the instance. */
  trigger(instanceId: string, elementId: string, args: VariablesArg = {}): void {
    const state = this.record(instanceId).state;
    const waiting = Object.values(state.elements).filter(
      (e) => e.elementId === elementId && e.wait?.kind === 'trigger',
    );
    if (waiting.length !== 1) {
      throw new BatonError(
        waiting.length === 0 ? 'NOT_FOUND' : 'CONFLICT',
        `${waiting.length === 0 ? 'No' : `${waiting.length}`} waiting '${elementId}' in instance ${instanceId}`,
      );
    }
    this.dispatch(instanceId, { type: 'trigger', key: waiting[0].key, variables: toInput(args) });
  }

  // ---- incidents ----------------------------------------------------------------------------

  incidents(filter: { instanceId?: string } = {}): (Incident & { instanceId: string })[] {
    const out: (Incident & { instanceId: string })[] = [];
    for (const { state } of this.instances.values()) {
      if (filter.instanceId !== undefined && state.id !== filter.instanceId) continue;
      for (const incident of Object.values(state.incidents)) out.push({ ...incident, instanceId: state.id });
    }
    return out;
  }

  /** Retries the step an incident stopped at. For a failed job, `retries` sets its fresh retries. */
  resolveIncident(instanceId: string, incidentId: string, retries?: number): void {
    this.dispatch(instanceId, { type: 'incident.resolve', incidentId, retries });
  }

  /** Camunda's way to resolve a failed job: give it retries again. */
  setJobRetries(jobId: string, retries: number): void {
    const job = this.jobs.get(jobId);
    const state = this.record(job.instanceId).state;
    const incident = state.elements[job.key]?.incident;
    if (incident && retries > 0) this.resolveIncident(job.instanceId, incident, retries);
    else job.retries = retries;
  }

  // ---- snapshots ----------------------------------------------------------------------------

  /** A deep copy of the instance's state: JSON, restorable into any engine with the definition. */
  snapshot(instanceId: string): InstanceState {
    return structuredClone(this.record(instanceId).state);
  }

  /** Continues an instance from a snapshot: open jobs are offered again, tasks listed again. */
  restore(snapshot: InstanceState): InstanceInfo {
    const definition = this.repository.get(snapshot.definitionId);
    const state = structuredClone(snapshot);
    this.instances.set(state.id, { state, definition });
    if (state.parent) {
      const key = `${state.parent.instanceId}:${state.parent.key}`;
      if (state.status === 'active') this.calls.set(key, state.id);
    }
    this.events.restore(state);
    for (const inst of Object.values(state.elements)) {
      if (inst.wait?.kind === 'task') this.tasks.track(state.id, inst.key);
      if (inst.wait?.kind === 'continuation') this.later(() => this.continueAsync(state.id, inst.key));
      if (inst.wait?.kind === 'job') {
        const job = inst.wait.job;
        this.openJob({
          id: job.id,
          type: job.type,
          instanceId: state.id,
          key: inst.key,
          elementId: inst.elementId,
          retries: job.retries,
          headers: job.headers,
          createdAt: this.now(),
          failed: inst.incident !== undefined,
        });
      }
    }
    this.drain();
    return info(state);
  }

  // ---- commands -----------------------------------------------------------------------------

  /** Runs one command on an instance and carries out what it produced. */
  dispatch(instanceId: string, command: Command): StepResult {
    const record = this.record(instanceId);
    const result = execute(record.definition.process, record.state, command, this.ctx, record.definition.id);
    record.state = result.state;
    this.afterStep(result);
    return result;
  }

  private afterStep(result: StepResult): void {
    const { events, effects, state } = result;
    this.tasks.index(events);
    for (const listener of this.listeners) listener(events);
    for (const effect of effects) this.later(() => this.perform(effect, state));
    this.drain();
  }

  private record(instanceId: string): InstanceRecord {
    const record = this.instances.get(instanceId);
    if (!record) throw new BatonError('NOT_FOUND', `No process instance '${instanceId}'`);
    return record;
  }

  private later(fn: () => void): void {
    this.queue.push(fn);
  }

  /** Works queued effects one after another, never recursively (sync handlers chain through here). */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let i = 0; i < this.queue.length; i++) this.queue[i]();
    } finally {
      this.queue.length = 0;
      this.draining = false;
    }
  }

  private perform(effect: Effect, state: InstanceState): void {
    switch (effect.type) {
      case 'job.created':
        this.openJob({
          id: effect.jobId,
          type: effect.jobType,
          instanceId: effect.instanceId,
          key: effect.key,
          elementId: effect.elementId,
          retries: effect.retries,
          headers: effect.headers,
          createdAt: this.now(),
        });
        break;
      case 'job.cancelled':
        this.jobs.remove(effect.jobId);
        break;
      case 'continuation.scheduled':
        this.later(() => this.continueAsync(effect.instanceId, effect.key));
        break;
      case 'call.started':
        this.startCall(effect);
        break;
      case 'call.terminated': {
        const child = this.calls.get(`${effect.instanceId}:${effect.key}`);
        if (child && this.instances.get(child)?.state.status === 'active')
          this.dispatch(child, { type: 'instance.terminate', reason: PARENT_TERMINATED });
        break;
      }
      case 'timer.scheduled':
      case 'message.subscribed':
      case 'signal.subscribed':
      case 'subscription.cancelled':
      case 'signal.broadcast':
      case 'error.propagated':
      case 'escalation.propagated':
        this.events.perform(effect);
        break;
      case 'instance.finished': {
        for (const resolve of this.endWaiters.get(effect.instanceId) ?? []) resolve(state);
        this.endWaiters.delete(effect.instanceId);
        const parent = effect.parent;
        if (parent) {
          this.calls.delete(`${parent.instanceId}:${parent.key}`);
          const parentState = this.instances.get(parent.instanceId)?.state;
          if (
            effect.status === 'completed' &&
            parentState?.status === 'active' &&
            parentState.elements[parent.key]
          ) {
            this.dispatch(parent.instanceId, {
              type: 'call.complete',
              key: parent.key,
              childVariables: effect.variables,
              childTypes: effect.types,
            });
          }
        }
        break;
      }
    }
  }

  /** In memory an asynchronous continuation runs right after the step that reached it. */
  private continueAsync(instanceId: string, key: string): void {
    if (this.instances.get(instanceId)?.state.elements[key]?.wait?.kind !== 'continuation') return;
    this.dispatch(instanceId, { type: 'continuation.run', key });
  }

  private startCall(effect: Extract<Effect, { type: 'call.started' }>): void {
    let definition: ProcessDefinition;
    try {
      const parentDef = this.record(effect.instanceId).definition;
      const pin =
        effect.binding === 'version'
          ? { version: effect.version }
          : effect.binding === 'versionTag'
            ? { versionTag: effect.versionTag }
            : effect.binding === 'deployment'
              ? { deploymentId: parentDef.deploymentId }
              : {};
      definition = this.repository.find(effect.processId, pin);
    } catch (error) {
      if (!(error instanceof BatonError)) throw error;
      this.dispatch(effect.instanceId, { type: 'call.fail', key: effect.key, message: error.message });
      return;
    }
    this.startDefinition(
      definition,
      { variables: effect.variables, variableTypes: effect.types, businessKey: effect.businessKey },
      {
        instanceId: effect.instanceId,
        key: effect.key,
      },
    );
  }

  // ---- jobs ---------------------------------------------------------------------------------

  private openJob(job: OpenJob): void {
    this.jobs.add(job);
    if (!job.failed && this.handlers.has(job.type)) this.later(() => this.runHandler(job));
  }

  /** The job as a handler or worker sees it. */
  activatedJob(job: OpenJob): ActivatedJob {
    const state = this.record(job.instanceId).state;
    let variables: Record<string, JsonValue> | undefined;
    return {
      id: job.id,
      type: job.type,
      instanceId: job.instanceId,
      elementId: job.elementId,
      businessKey: state.businessKey,
      retries: job.retries,
      headers: job.headers ?? {},
      get variables() {
        return (variables ??= new ScopeView(state, job.key).all());
      },
    };
  }

  private runHandler(job: OpenJob): void {
    const handler = this.handlers.get(job.type);
    if (!handler || !this.jobs.has(job.id)) return;
    let result: ReturnType<JobHandler>;
    try {
      result = handler(this.activatedJob(job));
    } catch (error) {
      this.handlerFailed(job, error);
      return;
    }
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<JobResult | void>).then(
        (value) => this.finishJob(job, value ?? undefined),
        (error: unknown) => this.handlerFailed(job, error),
      );
    } else {
      this.finishJob(job, (result as JobResult | void) ?? undefined);
    }
  }

  /** Completes a job with its result (handlers and external workers end here). */
  finishJob(job: OpenJob, result: JobResult | undefined): void {
    if (!this.jobs.has(job.id)) return;
    this.jobs.remove(job.id);
    this.dispatch(job.instanceId, { type: 'job.complete', key: job.key, variables: toInput(result ?? {}) });
  }

  private handlerFailed(job: OpenJob, error: unknown): void {
    if (!this.jobs.has(job.id)) return;
    const message = error instanceof Error ? error.message : String(error);
    this.failJob(job, job.retries - 1, message);
    if (job.retries > 0) this.later(() => this.runHandler(job));
    this.drain();
  }

  /** Records a failed attempt; with no retries left the job raises an incident. */
  failJob(job: OpenJob, retries: number, message: string, retryAt?: number): void {
    job.retries = Math.max(0, retries);
    job.errorMessage = message;
    job.workerId = undefined;
    job.lockExpiresAt = undefined;
    job.dueAt = retryAt;
    if (job.retries === 0) job.failed = true;
    this.dispatch(job.instanceId, { type: 'job.fail', key: job.key, message, retries: job.retries });
  }
}

function info(state: InstanceState): InstanceInfo {
  const out: InstanceInfo = {
    id: state.id,
    definitionId: state.definitionId,
    processId: state.processId,
    status: state.status,
    startedAt: state.startedAt,
    incidents: Object.keys(state.incidents).length,
  };
  if (state.businessKey !== undefined) out.businessKey = state.businessKey;
  if (state.endedAt !== undefined) out.endedAt = state.endedAt;
  return out;
}
