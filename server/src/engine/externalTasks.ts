/**
 * External tasks (Camunda 7 semantics) over the job table: fetch-and-lock by topic with expiring
 * locks and long polling, complete, failure with retries and back-off, BPMN error, lock changes.
 */
import { BatonError, toInput, type JsonValue } from '@baton/engine';
import type { DurableEngine } from './durableEngine.ts';
import { consume, failJob, type JobRow } from './jobExecutor.ts';

export interface FetchTopic {
  topicName: string;
  lockDuration: number;
  variables?: string[];
  businessKey?: string;
  processDefinitionKey?: string;
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
  priority: number;
  headers: Record<string, string>;
  variables: Record<string, JsonValue>;
}

export class ExternalTasks {
  constructor(private readonly engine: DurableEngine) {}

  /** Locks up to `maxTasks` tasks; with `asyncResponseTimeout` waits until one appears or time runs out. */
  async fetchAndLock(
    workerId: string,
    maxTasks: number,
    topics: FetchTopic[],
    asyncResponseTimeout = 0,
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
      const locked = await this.lock(workerId, maxTasks, topics);
      if (locked.length > 0 || Date.now() >= deadline) return locked;
      // Wait for the next commit that may have created a job (or the deadline).
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.engine.bus.off('jobs', done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
        this.engine.bus.on('jobs', done);
      });
    }
  }

  private async lock(workerId: string, maxTasks: number, topics: FetchTopic[]): Promise<LockedTask[]> {
    const now = this.engine.now();
    const out: LockedTask[] = [];
    await this.engine.knex.transaction(async (trx) => {
      for (const topic of topics) {
        if (out.length >= maxTasks) break;
        let query = trx('jobs')
          .where({ kind: 'external', type: topic.topicName, failed: false })
          .andWhere('due_at', '<=', now)
          .andWhere((q) => q.whereNull('lock_expires_at').orWhere('lock_expires_at', '<', now))
          .orderBy([{ column: 'priority', order: 'desc' }, { column: 'created_at' }])
          .limit(maxTasks - out.length);
        if (this.engine.db.dialect === 'pg') query = query.forUpdate().skipLocked();
        const rows = (await query) as JobRow[];
        for (const job of rows) {
          const state = await this.engine.state(job.instance_id!, trx);
          if (topic.businessKey !== undefined && state.businessKey !== topic.businessKey) continue;
          if (topic.processDefinitionKey !== undefined && state.processId !== topic.processDefinitionKey)
            continue;
          const expires = now + topic.lockDuration;
          await trx('jobs').where({ id: job.id }).update({ worker_id: workerId, lock_expires_at: expires });
          const all = (await this.engine.variables(job.instance_id!, job.element_key!)).values;
          const variables: Record<string, JsonValue> = {};
          for (const name of topic.variables ?? Object.keys(all))
            if (name in all) variables[name] = all[name];
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
            priority: 0,
            headers: (JSON.parse(job.payload ?? '{}') as { headers?: Record<string, string> }).headers ?? {},
            variables,
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

  async complete(
    id: string,
    workerId: string | undefined,
    variables?: Record<string, unknown>,
    localVariables?: Record<string, unknown>,
  ): Promise<void> {
    const job = await this.owned(id, workerId);
    const all = { ...(localVariables ?? {}), ...(variables ?? {}) };
    await this.engine.dispatch(
      job.instance_id!,
      { type: 'job.complete', key: job.element_key!, variables: toInput({ variables: all }) },
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
        variables: toInput({ variables }),
      },
      consume(job),
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

  /** Operator action: give a job retries again; a failed one is offered again (its incident resolves). */
  async setRetries(id: string, retries: number): Promise<void> {
    if (!Number.isInteger(retries) || retries < 0)
      throw new BatonError('INVALID_ARGUMENT', 'retries must be a whole number >= 0');
    const job = (await this.engine.knex('jobs').where({ id }).first()) as JobRow | undefined;
    if (!job) throw new BatonError('NOT_FOUND', `No job '${id}'`);
    const state = await this.engine.state(job.instance_id!);
    const incident = state.elements[job.element_key ?? '']?.incident;
    if (incident && retries > 0) {
      await this.engine.dispatch(job.instance_id!, {
        type: 'incident.resolve',
        incidentId: incident,
        retries,
      });
    } else {
      await this.engine.knex('jobs').where({ id }).update({ retries });
    }
  }
}
