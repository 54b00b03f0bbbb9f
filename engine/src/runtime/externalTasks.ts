/**
 * External tasks (Camunda 7 REST semantics) over the engine's open jobs: workers fetch and lock
 * jobs by topic, then complete them, report failures (with retries and back-off) or extend locks.
 */
import { BatonError } from '../protocol/errors.ts';
import { ScopeView } from '../core/scope.ts';
import type { JsonValue } from '../protocol/variables.ts';
import type { Engine } from './engine.ts';
import type { FetchTopic, LockedExternalTask, VariablesArg } from './types.ts';

export class ExternalTaskService {
  constructor(private readonly engine: Engine) {}

  fetchAndLock(workerId: string, maxTasks: number, topics: FetchTopic[]): LockedExternalTask[] {
    if (!workerId) throw new BatonError('INVALID_ARGUMENT', 'fetchAndLock needs a workerId');
    const now = this.engine.now();
    const out: LockedExternalTask[] = [];
    for (const topic of topics) {
      if (!(topic.lockDuration > 0))
        throw new BatonError(
          'INVALID_ARGUMENT',
          `lockDuration of topic '${topic.topicName}' must be a positive number of milliseconds`,
        );
      for (const job of this.engine.jobs.lock(
        topic.topicName,
        workerId,
        maxTasks - out.length,
        topic.lockDuration,
        now,
      )) {
        const state = this.engine.state(job.instanceId);
        const all = new ScopeView(state, job.key).all();
        const variables: Record<string, JsonValue> = {};
        for (const name of topic.variables ?? Object.keys(all)) if (name in all) variables[name] = all[name];
        const task: LockedExternalTask = {
          id: job.id,
          topicName: job.type,
          workerId,
          lockExpirationTime: job.lockExpiresAt!,
          processInstanceId: job.instanceId,
          processDefinitionId: state.definitionId,
          activityId: job.elementId,
          retries: job.retries,
          headers: job.headers ?? {},
          variables,
        };
        if (state.businessKey !== undefined) task.businessKey = state.businessKey;
        out.push(task);
      }
      if (out.length >= maxTasks) break;
    }
    return out;
  }

  complete(taskId: string, workerId: string | undefined, args: VariablesArg = {}): void {
    const job = this.engine.jobs.owned(taskId, workerId, this.engine.now());
    this.engine.finishJob(job, { variables: args.variables, variableTypes: args.variableTypes });
  }

  /** A failed attempt: `retries` left (0 raises an incident), retried after `retryTimeout` ms. */
  handleFailure(
    taskId: string,
    workerId: string | undefined,
    failure: { errorMessage?: string; retries: number; retryTimeout?: number },
  ): void {
    const job = this.engine.jobs.owned(taskId, workerId, this.engine.now());
    const retryAt = failure.retryTimeout ? this.engine.now() + failure.retryTimeout : undefined;
    this.engine.failJob(job, failure.retries, failure.errorMessage ?? 'External task failed', retryAt);
  }

  /** The worker reports a business error: routed to the innermost matching error catcher. */
  handleBpmnError(
    taskId: string,
    workerId: string | undefined,
    errorCode: string,
    options: { errorMessage?: string; variables?: Record<string, unknown> } = {},
  ): void {
    if (!errorCode) throw new BatonError('INVALID_ARGUMENT', 'A BPMN error needs an errorCode');
    this.engine.jobs.owned(taskId, workerId, this.engine.now());
    this.engine.throwError(taskId, errorCode, {
      message: options.errorMessage,
      variables: options.variables,
    });
  }

  extendLock(taskId: string, workerId: string, newDuration: number): void {
    const job = this.engine.jobs.owned(taskId, workerId, this.engine.now());
    job.lockExpiresAt = this.engine.now() + newDuration;
  }

  unlock(taskId: string): void {
    const job = this.engine.jobs.get(taskId);
    job.workerId = undefined;
    job.lockExpiresAt = undefined;
  }
}
