/**
 * Runs due jobs: timers, timer start events, in-process handlers and outbox work (call
 * activities, signals, errors passed up, buffered messages). Each job is leased before it runs,
 * with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several server processes can share the table;
 * the work a job does and the deletion of its row commit in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  PARENT_TERMINATED,
  BatonError,
  nextDue,
  toInput,
  type ActivatedJob,
  type Effect,
  type JobResult,
  type JsonValue,
  type TimerSchedule,
} from '@baton/engine';
import { log } from '../log.ts';
import type { DurableEngine } from './durableEngine.ts';
import { deliverToSubscription, broadcastSignal } from './correlation.ts';

export interface JobRow {
  id: string;
  kind: string;
  type: string;
  instance_id: string | null;
  element_key: string | null;
  element_id: string | null;
  definition_id: string | null;
  due_at: number | string;
  retries: number;
  worker_id: string | null;
  lock_expires_at: number | string | null;
  error_message: string | null;
  error_details?: string | null;
  failed: boolean | number;
  priority?: number;
  payload: string | null;
  created_at: number | string;
}

const LEASE_MS = 30_000;
const BATCH = 32;

export class JobExecutor {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private stopped = true;
  private again = false;
  readonly owner = `executor-${randomUUID()}`;

  constructor(private readonly engine: DurableEngine) {
    engine.bus.on('jobs', () => this.wake());
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), 0);
  }

  /** Runs every due job until none is left (tests and shutdown use it directly). */
  async runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const jobs = await this.acquire();
      if (jobs.length === 0) return total;
      for (const job of jobs) await this.run(job);
      total += jobs.length;
    }
  }

  private async loop(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      do {
        this.again = false;
        await this.runDue();
      } while (this.again && !this.stopped);
    } catch (error) {
      log.error({ err: error }, 'job executor failed');
    } finally {
      this.running = false;
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.loop(), await this.idleDelay());
  }

  /** Sleeps until the next job is due (at most a second, so other nodes' jobs are seen). */
  private async idleDelay(): Promise<number> {
    const next = (await this.engine
      .knex('jobs')
      .whereNot({ kind: 'external' })
      .andWhere({ failed: false })
      .andWhere(notSuspended)
      .min({ due: 'due_at' })
      .first()) as { due: number | string | null } | undefined;
    if (!next?.due) return 1000;
    return Math.max(0, Math.min(1000, Number(next.due) - this.engine.now()));
  }

  private async acquire(): Promise<JobRow[]> {
    const now = this.engine.now();
    return this.engine.db.transaction(async (trx) => {
      let query = trx('jobs')
        .whereNot({ kind: 'external' })
        .andWhere({ failed: false })
        .andWhere(notSuspended)
        .andWhere('due_at', '<=', now)
        .andWhere((q) => q.whereNull('lock_expires_at').orWhere('lock_expires_at', '<', now))
        .orderBy('due_at')
        .limit(BATCH);
      if (this.engine.db.dialect === 'pg') query = query.forUpdate().skipLocked();
      const rows = (await query) as JobRow[];
      if (rows.length === 0) return [];
      await trx('jobs')
        .whereIn(
          'id',
          rows.map((r) => r.id),
        )
        .update({ worker_id: this.owner, lock_expires_at: now + LEASE_MS });
      return rows;
    });
  }

  private async run(job: JobRow): Promise<void> {
    try {
      switch (job.kind) {
        case 'timer':
          await this.engine.dispatch(
            job.instance_id!,
            { type: 'timer.fire', subscriptionId: payload<{ subscriptionId: string }>(job).subscriptionId },
            // A repeating timer is rescheduled under the same id by the step: delete only this occurrence.
            async (trx) => {
              await trx('jobs').where({ id: job.id, due_at: job.due_at }).delete();
            },
          );
          break;
        case 'timer-start':
          await this.timerStart(job);
          break;
        case 'continuation':
          await this.engine.dispatch(
            job.instance_id!,
            { type: 'continuation.run', key: job.element_key! },
            consume(job),
          );
          break;
        case 'handler':
          await this.handler(job);
          break;
        case 'outbox':
          await this.outbox(job);
          break;
        default:
          throw new Error(`unknown job kind ${job.kind}`);
      }
    } catch (error) {
      await this.failed(job, error);
    }
  }

  private async timerStart(job: JobRow): Promise<void> {
    const { schedule, fired } = payload<{ schedule: TimerSchedule; fired: number }>(job);
    const def = await this.engine.definitions.get(job.definition_id!);
    await this.engine.db.transaction(async (trx) => {
      const next = nextDue(schedule, Number(job.due_at), fired + 1, this.engine.now());
      if (next === null) await trx('jobs').where({ id: job.id }).delete();
      else {
        await trx('jobs')
          .where({ id: job.id })
          .update({
            due_at: next,
            worker_id: null,
            lock_expires_at: null,
            payload: JSON.stringify({ schedule, fired: fired + 1 }),
          });
      }
      await this.engine.start(def, { startEventId: job.element_id! }, trx);
    });
  }

  /** In-process handler: runs outside any transaction; its result commits with the job's removal. */
  private async handler(job: JobRow): Promise<void> {
    const handler = this.engine.handlers.get(job.type);
    if (!handler) {
      await this.engine
        .knex('jobs')
        .where({ id: job.id })
        .update({ kind: 'external', worker_id: null, lock_expires_at: null });
      return;
    }
    const state = await this.engine.state(job.instance_id!);
    const variables = (await this.engine.variables(job.instance_id!, job.element_key!)).values;
    const activated: ActivatedJob = {
      id: job.id,
      type: job.type,
      instanceId: job.instance_id!,
      elementId: job.element_id!,
      businessKey: state.businessKey,
      retries: job.retries,
      headers: payload<{ headers?: Record<string, string> }>(job).headers ?? {},
      variables,
    };
    let result: JobResult | void;
    try {
      result = await handler(activated);
    } catch (error) {
      await failJob(
        this.engine,
        job,
        job.retries - 1,
        error instanceof Error ? error.message : String(error),
        retryDelay(job, job.retries - 1),
      );
      return;
    }
    await this.engine.dispatch(
      job.instance_id!,
      { type: 'job.complete', key: job.element_key!, variables: toInput(result ?? {}) },
      consume(job),
    );
  }

  private async outbox(job: JobRow): Promise<void> {
    const effect = payload<Effect>(job);
    switch (effect.type) {
      case 'call.started': {
        const parent = await this.engine.definitions.get(
          job.definition_id ?? (await this.engine.state(effect.instanceId)).definitionId,
        );
        const pin =
          effect.binding === 'version'
            ? { version: effect.version }
            : effect.binding === 'versionTag'
              ? { versionTag: effect.versionTag }
              : effect.binding === 'deployment'
                ? { deploymentId: parent.deploymentId }
                : {};
        let def;
        try {
          def = await this.engine.definitions.find(effect.processId, pin);
        } catch (error) {
          if (!(error instanceof BatonError)) throw error;
          await this.engine.dispatch(
            effect.instanceId,
            { type: 'call.fail', key: effect.key, message: error.message },
            consume(job),
          );
          return;
        }
        await this.engine.db.transaction(async (trx) => {
          await this.engine.start(
            def,
            {
              variables: effect.variables,
              variableTypes: effect.types,
              businessKey: effect.businessKey,
              parent: { instanceId: effect.instanceId, key: effect.key },
            },
            trx,
          );
          await trx('jobs').where({ id: job.id }).delete();
        });
        return;
      }
      case 'call.terminated': {
        const child = (await this.engine
          .knex('instances')
          .where({ super_instance_id: effect.instanceId, status: 'active' })
          .select('id', 'state')) as { id: string; state: string }[];
        for (const row of child) {
          const state = JSON.parse(row.state) as { parent?: { key: string } };
          if (state.parent?.key === effect.key)
            await this.engine.dispatch(
              row.id,
              { type: 'instance.terminate', reason: PARENT_TERMINATED },
              undefined,
              { evenIfSuspended: true },
            );
        }
        await this.engine.knex('jobs').where({ id: job.id }).delete();
        return;
      }
      case 'instance.finished': {
        const parent = effect.parent!;
        const state = await this.engine.state(parent.instanceId);
        if (effect.status === 'completed' && state.status === 'active' && state.elements[parent.key]) {
          await this.engine.dispatch(
            parent.instanceId,
            {
              type: 'call.complete',
              key: parent.key,
              childVariables: effect.variables,
              childTypes: effect.types,
            },
            consume(job),
          );
        } else {
          await this.engine.knex('jobs').where({ id: job.id }).delete();
        }
        return;
      }
      case 'error.propagated':
      case 'escalation.propagated': {
        const variables = toInput({ variables: effect.variables });
        const command =
          effect.type === 'error.propagated'
            ? {
                type: 'error.throw' as const,
                key: effect.parent.key,
                code: effect.code,
                message: effect.message,
                variables,
              }
            : { type: 'escalation.throw' as const, key: effect.parent.key, code: effect.code, variables };
        await this.engine.dispatch(effect.parent.instanceId, command, consume(job));
        return;
      }
      case 'signal.broadcast':
        await broadcastSignal(this.engine, effect.name, effect.variables);
        await this.engine.knex('jobs').where({ id: job.id }).delete();
        return;
      case 'message.subscribed': {
        const now = this.engine.now();
        await this.engine.knex('message_buffer').where('expires_at', '<=', now).delete();
        const buffered = (await this.engine
          .knex('message_buffer')
          .where({ name: effect.name, correlation_key: effect.correlationKey ?? null })
          .orderBy('expires_at')
          .first()) as { id: string; variables: string } | undefined;
        if (!buffered) {
          await this.engine.knex('jobs').where({ id: job.id }).delete();
          return;
        }
        await deliverToSubscription(
          this.engine,
          effect.instanceId,
          effect.subscriptionId,
          JSON.parse(buffered.variables) as Record<string, JsonValue>,
          async (trx) => {
            const taken = await trx('message_buffer').where({ id: buffered.id }).delete();
            if (taken !== 1)
              throw new BatonError('CONFLICT', 'The buffered message was taken by another subscription');
            await trx('jobs').where({ id: job.id }).delete();
          },
        );
        return;
      }
      default:
        await this.engine.knex('jobs').where({ id: job.id }).delete();
    }
  }

  private async failed(job: JobRow, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (process.env.BATON_DEBUG_JOBS) console.error('job failed', job.kind, job.type, error);
    log.warn({ job: job.id, kind: job.kind, type: job.type, err: message }, 'job failed');
    if (job.kind === 'handler') {
      await failJob(this.engine, job, job.retries - 1, message, retryDelay(job, job.retries - 1));
      return;
    }
    const retries = job.retries - 1;
    await this.engine
      .knex('jobs')
      .where({ id: job.id })
      .update({
        retries,
        failed: retries <= 0,
        error_message: message,
        worker_id: null,
        lock_expires_at: null,
        due_at: this.engine.now() + 1000,
      });
  }
}

/** Records a failed attempt: retried after `retryTimeout` ms, or at zero retries an incident. */
export async function failJob(
  engine: DurableEngine,
  job: JobRow,
  retries: number,
  message: string,
  retryTimeout: number,
  details?: string,
): Promise<void> {
  const left = Math.max(0, retries);
  await engine.dispatch(
    job.instance_id!,
    { type: 'job.fail', key: job.element_key!, message, retries: left },
    async (trx) => {
      await trx('jobs')
        .where({ id: job.id })
        .update({
          retries: left,
          failed: left === 0,
          error_message: message,
          error_details: details ?? null,
          worker_id: null,
          lock_expires_at: null,
          due_at: engine.now() + retryTimeout,
        });
    },
  );
  if (left === 0)
    log.warn(
      { job: job.id, instance: job.instance_id, element: job.element_id, err: message },
      'incident raised: job out of retries',
    );
}

/** Query condition: the job's instance (if any) is not suspended; its jobs wait until it is resumed. */
export function notSuspended(q: Knex.QueryBuilder): void {
  void q.whereNotExists((sub) =>
    sub
      .select('instances.id')
      .from('instances')
      .whereRaw('instances.id = jobs.instance_id')
      .andWhere('instances.suspended', true),
  );
}

/** Deletes the job row in the command's transaction: the job's work and its removal commit together. */
/**
 * Wait before the next try of a handler job: its `camunda:failedJobRetryTimeCycle` interval for
 * this attempt (a list is walked as retries run out, its last entry repeats), else at once.
 */
export function retryDelay(job: JobRow, retriesLeft: number): number {
  const intervals = (JSON.parse(job.payload ?? '{}') as { retryIntervalsMs?: number[] }).retryIntervalsMs;
  if (!intervals || intervals.length === 0) return 0;
  const index = Math.min(Math.max(intervals.length - retriesLeft, 0), intervals.length - 1);
  return intervals[index];
}

export function consume(job: JobRow): (trx: Knex.Transaction) => Promise<void> {
  return async (trx) => {
    const deleted = await trx('jobs').where({ id: job.id }).delete();
    if (deleted !== 1) throw new BatonError('CONFLICT', `Job ${job.id} was already done`);
  };
}

function payload<T>(job: JobRow): T {
  return JSON.parse(job.payload ?? '{}') as T;
}
