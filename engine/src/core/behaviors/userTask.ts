/**
 * User tasks: assignment, candidates, dates and priority are evaluated when the task is created;
 * the element then waits until the task is completed.
 */
import type { UserTaskDefinition, ValueOrExpression } from '../../protocol/definition.ts';
import { BatonError, isBatonError } from '../../protocol/errors.ts';
import type { ElementInstance, UserTaskData } from '../../protocol/state.ts';
import type { JsonValue } from '../../protocol/variables.ts';
import type { ElementBehavior } from '../behavior.ts';
import { resolveValue } from '../mappings.ts';
import type { Step } from '../step.ts';
import { mergeResult } from './results.ts';

export const userTask: ElementBehavior = {
  activate(step, inst, el) {
    let task: UserTaskData;
    try {
      task = createTask(step, inst, el.userTask ?? {}, el.name);
    } catch (error) {
      if (!isBatonError(error)) throw error;
      step.incident(inst, 'expression', 'activate', `User task '${el.id}': ${error.message}`);
      return;
    }
    step.wait(inst, { kind: 'task', task });
  },
  trigger(step, inst, el, variables) {
    mergeResult(step, inst, el, variables);
    step.complete(inst);
  },
};

function createTask(step: Step, inst: ElementInstance, def: UserTaskDefinition, name?: string): UserTaskData {
  const value = (source: ValueOrExpression | undefined): JsonValue | undefined =>
    source === undefined ? undefined : resolveValue(step, source, inst.key);
  const task: UserTaskData = { id: step.globalId(inst.key), priority: 50, created: step.time };
  const evaluatedName = value(def.name);
  if (evaluatedName !== undefined && evaluatedName !== null) task.name = String(evaluatedName);
  else if (name) task.name = name;
  const assignee = value(def.assignee);
  if (assignee !== undefined && assignee !== null && assignee !== '') task.assignee = String(assignee);
  const users = list(value(def.candidateUsers));
  if (users.length > 0) task.candidateUsers = users;
  const groups = list(value(def.candidateGroups));
  if (groups.length > 0) task.candidateGroups = groups;
  const due = date(value(def.dueDate), 'due date');
  if (due) task.dueDate = due;
  const followUp = date(value(def.followUpDate), 'follow-up date');
  if (followUp) task.followUpDate = followUp;
  const priority = value(def.priority);
  if (priority !== undefined && priority !== null && priority !== '') {
    const n = Number(priority);
    if (Number.isFinite(n)) task.priority = n;
  }
  if (def.formKey) task.formKey = def.formKey;
  else if (def.formId) task.formKey = def.formId;
  if (def.formFields && def.formFields.length > 0) task.formFields = def.formFields;
  return task;
}

/** Candidate lists come as a list or a comma-separated string. */
function list(value: JsonValue | undefined): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : String(value).split(',');
  return items.map((v) => String(v).trim()).filter((v) => v !== '');
}

function date(value: JsonValue | undefined, what: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = new Date(String(value));
  if (Number.isNaN(parsed.getTime())) {
    throw new BatonError('EXPRESSION_EVAL', `${what} '${String(value)}' is not an ISO 8601 date`);
  }
  return parsed.toISOString();
}
