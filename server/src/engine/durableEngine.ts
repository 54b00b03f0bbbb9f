/**
 * The durable engine: the pure core (`execute`) with the database as the source of truth. Every
 * command loads the instance, runs it to its next wait states and commits state, events,
 * projections and jobs in one transaction before it returns; a concurrent change to the same
 * instance makes the loser retry. Work that crosses instances runs as jobs (job table), so several
 * server processes can share one database.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import {
  BatonError,
  createExpressionEvaluator,
  createScriptRunner,
  execute,
  ScopeView,
  toInput,
  type Command,
  type Effect,
  type EngineEvent,
  type InstanceState,
  type JobHandler,
  type JsonValue,
  type ScriptRunner,
  type StartOptions,
  type StepContext,
  type StepResult,
  type VariableType,
} from '@baton/engine';
import type { Database } from '../db/connection.ts';
import {
  DefinitionStore,
  type DeployFile,
  type DeployOptions,
  type DeployResult,
  type StoredDefinition,
} from './definitions.ts';
import { applyWrites, onlyAppends, persistStep, planWrites } from './persist.ts';
import { registerStartEvents } from './startEvents.ts';

export interface DurableEngineOptions {
  now?: () => number;
  newId?: () => string;
}

/** A committed step, published to live subscribers after the commit. */
export interface CommittedStep {
  instanceId: string;
  definitionId: string;
  events: readonly EngineEvent[];
}

interface InstanceRow {
  id: string;
  definition_id: string;
  state: string;
  version: number;
  suspended: boolean | number;
}

const MAX_ATTEMPTS = 8;

/** Effects that leave a job row behind: only those are worth waking the executor for. */
function createsJob(effect: Effect): boolean {
  switch (effect.type) {
    case 'job.created':
    case 'timer.scheduled':
    case 'message.subscribed':
    case 'call.started':
    case 'call.terminated':
    case 'signal.broadcast':
    case 'error.propagated':
    case 'escalation.propagated':
      return true;
    case 'instance.finished':
      return effect.parent !== undefined;
    default:
      return false;
  }
}

export class DurableEngine {
  readonly definitions: DefinitionStore;
  readonly ctx: StepContext;
  /** 'committed' (CommittedStep) after every commit; 'jobs' when new jobs may be due. */
  readonly bus = new EventEmitter();
  readonly handlers = new Map<string, JobHandler>();

  private constructor(
    readonly db: Database,
    readonly scripts: ScriptRunner,
    options: DurableEngineOptions,
  ) {
    const expressions = createExpressionEvaluator();
    this.ctx = { now: options.now ?? Date.now, newId: options.newId ?? randomUUID, expressions, scripts };
    this.definitions = new DefinitionStore(db.knex, expressions, scripts);
    this.bus.setMaxListeners(0);
  }

  static async create(db: Database, options: DurableEngineOptions = {}): Promise<DurableEngine> {
    return new DurableEngine(db, await createScriptRunner(), options);
  }

  get knex(): Knex {
    return this.db.knex;
  }

  now(): number {
    return this.ctx.now();
  }

  /** Jobs of this type run in-process; jobs created before keep their kind. */
  registerHandler(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  // ---- deployment ---------------------------------------------------------------------------

  async deploy(files: DeployFile[], options: DeployOptions = {}): Promise<DeployResult> {
    const result = await this.db.transaction(async (trx) => {
      const deployed = await this.definitions.deploy(trx, files, { ...options, now: this.now() });
      for (const def of deployed.definitions) await registerStartEvents(trx, def, this.now());
      return deployed;
    });
    this.definitions.deployed();
    this.bus.emit('jobs');
    return result;
  }

  // ---- commands -----------------------------------------------------------------------------

  async start(
    def: StoredDefinition,
    options: StartOptions & { parent?: { instanceId: string; key: string } } = {},
    trx?: Knex.Transaction,
  ): Promise<InstanceState> {
    const command: Command = {
      type: 'start',
      instanceId: this.ctx.newId(),
      variables: toInput(options),
      businessKey: options.businessKey,
      startEventId: options.startEventId,
      parent: options.parent,
    };
    const result = execute(def.process, undefined, command, this.ctx, def.id);
    const writes = planWrites(def, result, null, (type) => this.handlers.has(type), this.now());
    if (trx) {
      await applyWrites(this.db, trx, writes);
      this.db.afterCommit(trx, () => this.committed(def, result));
      return result.state;
    }
    // A start running straight through only appends rows: group-committed without a transaction.
    if (onlyAppends(writes)) await this.db.commitAppends(writes.appends);
    else await this.db.transaction((t) => applyWrites(this.db, t, writes));
    this.committed(def, result);
    return result.state;
  }

  /**
   * Runs a command on an instance in its own transaction (or the caller's), retrying when another
   * command changed the instance first. `within` runs in the same transaction (consume a job row).
   * Suspended instances refuse commands unless `evenIfSuspended` (deleting a suspended instance).
   */
  async dispatch(
    instanceId: string,
    command: Command | ((state: InstanceState) => Command),
    within?: (trx: Knex.Transaction, result: StepResult) => Promise<void>,
    options: { evenIfSuspended?: boolean } = {},
  ): Promise<StepResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        let def!: StoredDefinition;
        const result = await this.db.transaction(async (trx) => {
          const row = (await trx('instances').where({ id: instanceId }).first()) as InstanceRow | undefined;
          if (!row) throw new BatonError('NOT_FOUND', `No process instance '${instanceId}'`);
          if (row.suspended && !options.evenIfSuspended)
            throw new BatonError('INVALID_STATE', `Process instance ${instanceId} is suspended`);
          def = await this.definitions.get(row.definition_id, trx);
          const state = JSON.parse(row.state) as InstanceState;
          const cmd = typeof command === 'function' ? command(state) : command;
          const step = execute(def.process, state, cmd, this.ctx, def.id);
          await persistStep(
            this.db,
            trx,
            def,
            step,
            row.version,
            (type) => this.handlers.has(type),
            this.now(),
          );
          if (within) await within(trx, step);
          return step;
        });
        this.committed(def, result);
        return result;
      } catch (error) {
        const conflict =
          error instanceof BatonError &&
          error.code === 'CONFLICT' &&
          error.message.includes('changed concurrently');
        if (!conflict || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }

  private committed(def: StoredDefinition, result: StepResult): void {
    const step: CommittedStep = { instanceId: result.state.id, definitionId: def.id, events: result.events };
    this.bus.emit('committed', step);
    if (result.effects.some(createsJob)) this.bus.emit('jobs');
  }

  // ---- reading ------------------------------------------------------------------------------

  async state(instanceId: string, trx: Knex = this.knex): Promise<InstanceState> {
    const row = (await trx('instances').where({ id: instanceId }).first()) as InstanceRow | undefined;
    if (!row) throw new BatonError('NOT_FOUND', `No process instance '${instanceId}'`);
    return JSON.parse(row.state) as InstanceState;
  }

  /** Variables visible from an element instance (default: the process instance's own), with types. */
  async variables(
    instanceId: string,
    key?: string,
  ): Promise<{ values: Record<string, JsonValue>; types: Record<string, VariableType> }> {
    const state = await this.state(instanceId);
    if (state.status !== 'active')
      return { values: { ...(state.variables ?? {}) }, types: { ...state.types } };
    const scopeKey = key ?? state.root;
    if (!state.elements[scopeKey])
      throw new BatonError('NOT_FOUND', `No element instance ${scopeKey} in ${instanceId}`);
    const types: Record<string, VariableType> = {};
    for (let k: string | null = scopeKey; k !== null;) {
      const inst: InstanceState['elements'][string] | undefined = state.elements[k];
      if (!inst) break;
      for (const [name, type] of Object.entries(inst.types ?? {})) if (!(name in types)) types[name] = type;
      k = inst.parent;
    }
    return { values: new ScopeView(state, scopeKey).all(), types };
  }
}
