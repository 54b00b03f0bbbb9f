/**
 * External tasks (Camunda 7 semantics) over the job table: fetch-and-lock by topic with expiring
 * locks and long polling, complete, failure with retries and back-off, BPMN error, lock changes.
 */
import type { Knex } from 'knex';
import { BatonError, toInput, type InstanceState, type JsonValue, type VariableType } from '@baton/engine';
import type { DurableEngine } from './durableEngine.ts';
import { consume, failJob, notSuspended, type JobRow } from './jobExecutor.ts';
import { localVariables, visibleVariables } from './scopeVariables.ts';

export interface FetchTopic {
  topicName: string;
  lockDuration: number;
  /** Only these variables (default: all visible ones). */
  variables?: string[];
  /** Only the task's own (local) variables. */
  localVariables?: boolean;
  businessKey?: string;
  processDefinitionKey?: string;
  processDefinitionKeyIn?: string[];
  processDefinitionId?: string;
  processDefinitionIdIn?: string[];
  /** Only tasks whose instance has these variable values (equality, as JSON). */
  processVariables?: Record<string, JsonValue>;
}

export interface LockedTask {
  id: string;
  topicName: string;
  workerId: string;
  lockExpirationTime: number;
  processInstanceId: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  activityId: string;
  activityInstanceId: string;
  businessKey: string | null;
  retries: number | null;
  errorMessage: string | null;
  errorDetails: string | null;
  priority: number;
  createTime: number;
  headers: Record<string, string>;
  variables: Record<string, JsonValue>;
  /** Explicit types of `variables` where they differ from the inferred type. */
  types: Record<string, VariableType>;
}

export class ExternalTasks {
  /** Aborted when the server shuts down: long polls answer at once and none waits any more. */
  private readonly closing = new AbortController();

  constructor(private readonly engine: DurableEngine) {}

  /** Ends every long poll now (with no tasks) and refuses to wait from now on. */
  close(): void {
    this.closing.abort();
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /**
   * Locks up to `maxTasks` tasks; with `asyncResponseTimeout` waits until one appears or time runs
   * out. An aborted `signal` (the client went away) ends the wait without locking anything.
   */
  async fetchAndLock(
    workerId: string,
    maxTasks: number,
    topics: FetchTopic[],
    asyncResponseTimeout = 0,
    signal?: AbortSignal,
  ): Promise<LockedTask[]> {
    if (!workerId) throw new BatonError('INVALID_ARGUMENT', 'workerId is required');
    if (!(maxTasks > 0)) throw new BatonError('INVALID_ARGUMENT', 'maxTasks must be a positive number');
    for (const t of topics) {
      if (!t.topicName) throw new BatonError('INVALID_ARGUMENT', 'every topic needs a topicName');
      if (!(t.lockDuration > 0))
        throw new BatonError(
          'INVALID_ARGUMENT',
          `lockDuration of topic '${t.topicName}' must be a positive number of milliseconds`,
        );
    }
    const deadline = Date.now() + Math.max(0, asyncResponseTimeout);
    for (;;) {
      if (signal?.aborted || this.closed) return [];
      const locked = await this.lock(workerId, maxTasks, topics);
      if (locked.length > 0 || Date.now() >= deadline) return locked;
      // Wait for the next commit that may have created a job, a retry or lock running out, or the deadline.
      const next = await this.nextChange(topics);
      const wait = Math.max(0, Math.min(deadline, next ?? deadline) - Date.now());
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.engine.bus.off('jobs', done);
          signal?.removeEventListener('abort', done);
          this.closing.signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, wait);
        this.engine.bus.on('jobs', done);
        signal?.addEventListener('abort', done);
        this.closing.signal.addEventListener('abort', done);
      });
    }
  }

  /** When (wall clock) a task of these topics becomes fetchable without a new commit: a retry or a lock ends. */
  private async nextChange(topics: FetchTopic[]): Promise<number | undefined> {
    const now = this.engine.now();
    const row = (await this.engine
      .knex('jobs')
      .where({ kind: 'external', failed: false })
      .whereIn(
        'type',
        topics.map((t) => t.topicName),
      )
      .andWhere((q) => q.where('due_at', '>', now).orWhere('lock_expires_at', '>=', now))
      .select(
        this.engine.knex.raw('min(case when due_at > ? then due_at else lock_expires_at + 1 end) as next', [
          now,
        ]),
      )
      .first()) as { next: number | string | null } | undefined;
    if (row?.next === null || row?.next === undefined) return undefined;
    return Date.now() + (Number(row.next) - now);
  }

  private async lock(workerId: string, maxTasks: number, topics: FetchTopic[]): Promise<LockedTask[]> {
    const now = this.engine.now();
    const out: LockedTask[] = [];
    await this.engine.db.transaction(async (trx) => {
      for (const topic of topics) {
        if (out.length >= maxTasks) break;
        let query = trx('jobs')
          .where({ kind: 'external', type: topic.topicName, failed: false })
          .andWhere(notSuspended)
          .andWhere('due_at', '<=', now)
          .andWhere((q) => q.whereNull('lock_expires_at').orWhere('lock_expires_at', '<', now))
          .orderBy([{ column: 'priority', order: 'desc' }, { column: 'created_at' }]);
        query = filterInSql(trx, query, topic);
        // Variable filters are checked per row below: then every candidate row is read.
        if (!topic.processVariables) query = query.limit(maxTasks - out.length);
        if (this.engine.db.dialect === 'pg') query = query.forUpdate().skipLocked();
        const rows = (await query) as JobRow[];
        for (const job of rows) {
          if (out.length >= maxTasks) break;
          const state = await this.engine.state(job.instance_id!, trx);
          const visible = visibleVariables(state, job.element_key!);
          if (!matchesTopic(topic, state, visible.values)) continue;
          const expires = now + topic.lockDuration;
          await trx('jobs').where({ id: job.id }).update({ worker_id: workerId, lock_expires_at: expires });
          const all = topic.localVariables ? localVariables(state, job.element_key!) : visible;
          const variables: Record<string, JsonValue> = {};
          const types: Record<string, VariableType> = {};
          for (const name of topic.variables ?? Object.keys(all.values)) {
            if (!Object.hasOwn(all.values, name)) continue;
            variables[name] = all.values[name];
            if (all.types[name] !== undefined) types[name] = all.types[name];
          }
          out.push({
            id: job.id,
            topicName: job.type,
            workerId,
            lockExpirationTime: expires,
            processInstanceId: job.instance_id!,
            processDefinitionId: state.definitionId,
            processDefinitionKey: state.processId,
            activityId: job.element_id!,
            activityInstanceId: `${job.instance_id}:${job.element_key}`,
            businessKey: state.businessKey ?? null,
            retries: job.error_message ? job.retries : null,
            errorMessage: job.error_message,
            errorDetails: job.error_details ?? null,
            priority: job.priority ?? 0,
            createTime: Number(job.created_at),
            headers: (JSON.parse(job.payload ?? '{}') as { headers?: Record<string, string> }).headers ?? {},
            variables,
            types,
          });
        }
      }
    });
    return out;
  }

  async get(id: string): Promise<JobRow> {
    const job = (await this.engine
      .knex('jobs')
      .where({ id })
      .whereIn('kind', ['external', 'handler'])
      .first()) as JobRow | undefined;
    if (!job) throw new BatonError('NOT_FOUND', `No external task '${id}'`);
    return job;
  }

  private async owned(id: string, workerId: string | undefined): Promise<JobRow> {
    const job = await this.get(id);
    const now = this.engine.now();
    if (workerId !== undefined && (job.worker_id !== workerId || Number(job.lock_expires_at ?? 0) <= now)) {
      throw new BatonError('INVALID_STATE', `External task '${id}' is not locked by worker '${workerId}'`);
    }
    return job;
  }

  /**
   * Completes the task: `variables` go where the task's output mappings (or the scopes holding
   * them) say; `localVariables` first become the task's own, as in Camunda (its output mappings
   * see them; they end with it). `types`: explicit types as the REST API received them.
   */
  async complete(
    id: string,
    workerId: string | undefined,
    variables?: Record<string, unknown>,
    localVariables?: Record<string, unknown>,
    types: { variables?: Record<string, VariableType>; local?: Record<string, VariableType> } = {},
  ): Promise<void> {
    const job = await this.owned(id, workerId);
    const local = toInput({ variables: localVariables, variableTypes: types.local });
    if (local && Object.keys(local.values).length > 0)
      await this.engine.dispatch(job.instance_id!, {
        type: 'variables.set',
        scope: job.element_key!,
        local: true,
        variables: local,
      });
    await this.engine.dispatch(
      job.instance_id!,
      {
        type: 'job.complete',
        key: job.element_key!,
        variables: toInput({ variables, variableTypes: types.variables }),
      },
      consume(job),
    );
  }

  async failure(
    id: string,
    workerId: string | undefined,
    failure: { errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number },
  ): Promise<void> {
    const job = await this.owned(id, workerId);
    const retries = failure.retries ?? job.retries - 1;
    await failJob(
      this.engine,
      job,
      retries,
      failure.errorMessage ?? 'External task failed',
      failure.retryTimeout ?? 0,
      failure.errorDetails,
    );
  }

  async bpmnError(
    id: string,
    workerId: string | undefined,
    errorCode: string,
    errorMessage?: string,
    variables?: Record<string, unknown>,
    variableTypes?: Record<string, VariableType>,
  ): Promise<void> {
    if (!errorCode) throw new BatonError('INVALID_ARGUMENT', 'errorCode is required');
    const job = await this.owned(id, workerId);
    await this.engine.dispatch(
      job.instance_id!,
      {
        type: 'error.throw',
        key: job.element_key!,
        code: errorCode,
        message: errorMessage,
        variables: toInput({ variables, variableTypes }),
      },
      // A caught error ends the task, and its job row goes with it in the same step.
      async (trx) => {
        await trx('jobs').where({ id: job.id }).delete();
      },
    );
  }

  async extendLock(id: string, workerId: string, newDuration: number): Promise<void> {
    if (!(newDuration > 0))
      throw new BatonError('INVALID_ARGUMENT', 'newDuration must be a positive number of milliseconds');
    await this.owned(id, workerId);
    await this.engine
      .knex('jobs')
      .where({ id })
      .update({ lock_expires_at: this.engine.now() + newDuration });
  }

  async unlock(id: string): Promise<void> {
    await this.get(id);
    await this.engine.knex('jobs').where({ id }).update({ worker_id: null, lock_expires_at: null });
  }

  /**
   * Operator action: give a job retries again; a failed one is offered again (its incident
   * resolves). Zero retries on a task's job raise an incident, as in Camunda.
   */
  async setRetries(id: string, retries: number): Promise<void> {
    if (!Number.isInteger(retries) || retries < 0)
      throw new BatonError('INVALID_ARGUMENT', 'retries must be a whole number >= 0');
    const job = (await this.engine.knex('jobs').where({ id }).first()) as JobRow | undefined;
    if (!job) throw new BatonError('NOT_FOUND', `No job '${id}'`);
    const state = job.instance_id ? await this.engine.state(job.instance_id) : undefined;
    const incident = state?.elements[job.element_key ?? '']?.incident;
    const taskJob = job.kind === 'external' || job.kind === 'handler';
    if (incident && retries > 0) {
      await this.engine.dispatch(job.instance_id!, {
        type: 'incident.resolve',
        incidentId: incident,
        retries,
      });
    } else if (taskJob && !incident && retries === 0 && state?.status === 'active') {
      await failJob(this.engine, job, 0, job.error_message ?? 'Retries set to 0', 0);
    } else {
      // Timers and internal work: zero retries park the job, more make it run again.
      const failed = taskJob ? Boolean(incident) : retries === 0;
      await this.engine.knex('jobs').where({ id }).update({ retries, failed });
    }
  }
}

/** The topic's instance filters as SQL, so a page of candidates is not used up by other instances. */
function filterInSql(trx: Knex.Transaction, query: Knex.QueryBuilder, topic: FetchTopic): Knex.QueryBuilder {
  if (topic.processDefinitionId !== undefined)
    query = query.where('definition_id', topic.processDefinitionId);
  if (topic.processDefinitionIdIn) query = query.whereIn('definition_id', topic.processDefinitionIdIn);
  const keys = topic.processDefinitionKeyIn ?? [];
  if (topic.businessKey === undefined && topic.processDefinitionKey === undefined && keys.length === 0)
    return query;
  const instances = trx('instances').select('id');
  if (topic.businessKey !== undefined) instances.where('business_key', topic.businessKey);
  if (topic.processDefinitionKey !== undefined) instances.where('process_key', topic.processDefinitionKey);
  if (topic.processDefinitionKeyIn) instances.whereIn('process_key', keys);
  return query.whereIn('instance_id', instances);
}

function matchesTopic(
  topic: FetchTopic,
  state: InstanceState,
  variables: Record<string, JsonValue>,
): boolean {
  if (topic.businessKey !== undefined && state.businessKey !== topic.businessKey) return false;
  if (topic.processDefinitionKey !== undefined && state.processId !== topic.processDefinitionKey)
    return false;
  if (topic.processDefinitionKeyIn && !topic.processDefinitionKeyIn.includes(state.processId)) return false;
  if (topic.processDefinitionId !== undefined && state.definitionId !== topic.processDefinitionId)
    return false;
  if (topic.processDefinitionIdIn && !topic.processDefinitionIdIn.includes(state.definitionId)) return false;
  for (const [name, value] of Object.entries(topic.processVariables ?? {})) {
    if (!Object.hasOwn(variables, name) || JSON.stringify(variables[name]) !== JSON.stringify(value))
      return false;
  }
  return true;
}
