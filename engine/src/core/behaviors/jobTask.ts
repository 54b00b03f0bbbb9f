/**
 * Service, send and business rule tasks. Camunda 7 `camunda:expression` tasks are evaluated on the
 * spot; every other implementation becomes a job of a type (topic) that an in-process handler or
 * an external worker takes, and the element waits for its result.
 */
import { isBatonError } from '../../protocol/errors.ts';
import { toJsonValue } from '../../protocol/variables.ts';
import type { ElementBehavior } from '../behavior.ts';
import { resolveValue } from '../mappings.ts';
import { mergeResult } from './results.ts';

export const jobTask: ElementBehavior = {
  activate(step, inst, el) {
    if (el.expressionTask) {
      try {
        const value = step.evaluate(el.expressionTask.expression, inst.key);
        const result = el.expressionTask.resultVariable;
        if (result) step.setVariable(inst.key, result, toJsonValue(value));
      } catch (error) {
        if (!isBatonError(error)) throw error;
        step.incident(inst, 'expression', 'activate', error.message);
        return;
      }
      step.complete(inst);
      return;
    }
    const job = el.job!;
    let type: string;
    let retries = job.retryCycle?.retries ?? 3;
    try {
      type = String(resolveValue(step, job.type, inst.key));
      if (job.retries) retries = Number(resolveValue(step, job.retries, inst.key));
    } catch (error) {
      if (!isBatonError(error)) throw error;
      step.incident(inst, 'expression', 'activate', `Job type of '${el.id}' failed: ${error.message}`);
      return;
    }
    if (!Number.isInteger(retries) || retries < 0) retries = 3;
    const jobId = step.globalId(inst.key);
    step.wait(inst, { kind: 'job', job: { id: jobId, type, retries, headers: job.headers } });
    step.effect({
      type: 'job.created',
      instanceId: step.instanceId,
      key: inst.key,
      jobId,
      jobType: type,
      elementId: el.id,
      retries,
      headers: job.headers,
      retryIntervalsMs: job.retryCycle?.intervalsMs,
    });
  },
  trigger(step, inst, el, variables) {
    mergeResult(step, inst, el, variables);
    step.complete(inst);
  },
  terminate(step, inst) {
    if (inst.wait?.kind === 'job') {
      step.effect({
        type: 'job.cancelled',
        instanceId: step.instanceId,
        key: inst.key,
        jobId: inst.wait.job.id,
      });
    }
  },
};
