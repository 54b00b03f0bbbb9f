/**
 * The core's entry point: `execute(process, state, command, ctx)` runs one command to the next
 * wait states and returns the new state with the events and effects it produced. No I/O happens
 * here; bad commands throw a BatonError before any event is emitted.
 */
import type { Command, VariableInput } from '../protocol/commands.ts';
import type { CompiledProcess } from '../protocol/definition.ts';
import { BatonError } from '../protocol/errors.ts';
import type { ElementInstance, InstanceState, Wait } from '../protocol/state.ts';
import { invalidVariableName } from '../protocol/variables.ts';
import { activateAdHoc } from './adHoc.ts';
import type { StepContext } from './context.ts';
import { behaviorFor } from './registry.ts';
import { fireTimer, triggerSubscription } from './subscriptions.ts';
import { throwEvent } from './throwing.ts';
import { Step, type StepResult } from './step.ts';

export type { StepResult } from './step.ts';

export function execute(
  process: CompiledProcess,
  state: InstanceState | undefined,
  command: Command,
  ctx: StepContext,
  definitionId?: string,
): StepResult {
  checkVariableNames(command);
  if (command.type === 'start') return start(process, command, ctx, definitionId ?? process.id);
  if (!state) throw new BatonError('INVALID_ARGUMENT', `Command ${command.type} needs an instance state`);
  if (state.status !== 'active') {
    throw new BatonError(
      'INVALID_STATE',
      `Process instance ${state.id} has already ${state.status === 'completed' ? 'completed' : 'been terminated'}`,
    );
  }
  const step = new Step(process, state, ctx, state.id);
  switch (command.type) {
    case 'job.complete':
      trigger(step, waiting(step, command.key, 'job'), command.variables);
      break;
    case 'task.complete':
      trigger(step, waiting(step, command.key, 'task'), command.variables);
      break;
    case 'trigger':
      trigger(step, waiting(step, command.key, 'trigger'), command.variables);
      break;
    case 'call.complete':
      trigger(step, waiting(step, command.key, 'call'), {
        values: command.childVariables,
        types: command.childTypes,
      });
      break;
    case 'call.fail': {
      const inst = waiting(step, command.key, 'call');
      step.incident(inst, 'calledElement', 'activate', command.message);
      break;
    }
    case 'job.fail': {
      const inst = waiting(step, command.key, 'job');
      const retries = Math.max(0, Math.floor(command.retries));
      step.emit({ type: 'job.retries', key: inst.key, retries });
      if (retries === 0 && !inst.incident) step.incident(inst, 'failedJob', 'activate', command.message);
      break;
    }
    case 'task.update': {
      const inst = waiting(step, command.key, 'task');
      const changes: Record<string, unknown> = {};
      if (command.assignee !== undefined) changes.assignee = command.assignee;
      if (command.candidateUsers !== undefined) changes.candidateUsers = command.candidateUsers;
      if (command.candidateGroups !== undefined) changes.candidateGroups = command.candidateGroups;
      if (command.dueDate !== undefined) changes.dueDate = command.dueDate;
      if (command.priority !== undefined) changes.priority = command.priority;
      step.emit({ type: 'task.updated', key: inst.key, changes });
      break;
    }
    case 'variables.set': {
      const scope = command.scope ?? state.root;
      step.instance(scope);
      const { values, types } = command.variables;
      for (const name in values) {
        if (command.local || command.scope === undefined)
          step.setLocal(scope, name, values[name], types?.[name]);
        else step.setVariable(scope, name, values[name], types?.[name]);
      }
      break;
    }
    case 'variables.delete': {
      const scope = step.instance(command.scope ?? state.root);
      for (const name of command.names) {
        if (scope.vars && name in scope.vars) step.emit({ type: 'variable.deleted', scope: scope.key, name });
      }
      break;
    }
    case 'incident.resolve':
      resolveIncident(step, command.incidentId, command.retries);
      break;
    case 'instance.terminate':
      terminateInstance(step, command.reason);
      break;
    case 'adhoc.activate':
      activateAdHoc(step, command.key, command.elementIds, command.variables);
      break;
    case 'continuation.run':
      step.continueNow(step.instance(command.key));
      break;
    case 'timer.fire':
      fireTimer(step, command.subscriptionId);
      break;
    case 'subscription.trigger':
      triggerSubscription(step, command.subscriptionId, command.variables);
      break;
    case 'error.throw':
    case 'escalation.throw':
      throwAt(step, command);
      break;
  }
  return step.run();
}

function checkVariableNames(command: Command): void {
  const input = 'variables' in command ? command.variables : undefined;
  const names =
    command.type === 'call.complete' ? Object.keys(command.childVariables) : Object.keys(input?.values ?? {});
  for (const name of names) {
    const problem = invalidVariableName(name);
    if (problem) throw new BatonError('INVALID_ARGUMENT', problem);
  }
}

function start(
  process: CompiledProcess,
  command: Extract<Command, { type: 'start' }>,
  ctx: StepContext,
  definitionId: string,
): StepResult {
  if (command.startEventId !== undefined) {
    const el = process.elements[command.startEventId];
    if (!el || el.kind !== 'startEvent' || el.scope !== process.id) {
      throw new BatonError(
        'INVALID_ARGUMENT',
        `'${command.startEventId}' is not a start event of process '${process.id}'`,
      );
    }
  }
  if (command.startEventId === undefined && process.startEvents.length === 0) {
    const starts = Object.values(process.elements).filter(
      (el) => el.kind === 'startEvent' && el.scope === process.id,
    );
    const how = starts.map((el) => `${el.event?.kind ?? 'none'} '${el.event?.ref ?? el.id}'`).join(', ');
    throw new BatonError(
      'INVALID_ARGUMENT',
      `Process '${process.id}' has no none start event; it starts by ${how || 'nothing'}`,
    );
  }
  const step = new Step(process, undefined, ctx, command.instanceId);
  step.startAt = command.startEventId;
  step.emit({
    type: 'instance.created',
    processId: process.id,
    definitionId,
    businessKey: command.businessKey,
    parent: command.parent,
    root: '1',
  });
  // The root scope is activated by hand so the start variables are in place before any token moves.
  step.emit({
    type: 'element.activated',
    key: '1',
    elementId: process.id,
    elementType: 'bpmn:Process',
    parent: null,
  });
  const root = step.state.elements['1'];
  const input = command.variables;
  if (input)
    for (const name in input.values) step.setLocal(root.key, name, input.values[name], input.types?.[name]);
  step.enter(root, process.elements[process.id]);
  return step.run();
}

function waiting(step: Step, key: string, kind: Wait['kind']): ElementInstance {
  const inst = step.state.elements[key];
  if (!inst || inst.wait?.kind !== kind) {
    const what = {
      job: 'job',
      task: 'user task',
      trigger: 'receive task or message catch event',
      event: 'catch event',
      compensation: 'compensation throw event',
      continuation: 'asynchronous continuation',
      call: 'call activity',
    }[kind];
    throw new BatonError('NOT_FOUND', `No waiting ${what} ${step.state.id}:${key}`);
  }
  if (inst.incident && kind !== 'job') {
    throw new BatonError(
      'INVALID_STATE',
      `Element '${inst.elementId}' has an open incident; resolve it first`,
    );
  }
  return inst;
}

function trigger(step: Step, inst: ElementInstance, variables?: VariableInput): void {
  const el = step.element(inst.elementId);
  const behavior = behaviorFor(inst, el);
  if (!behavior.trigger) throw new BatonError('INVALID_STATE', `Element '${el.id}' cannot be triggered`);
  behavior.trigger(step, inst, el, variables);
}

function resolveIncident(step: Step, incidentId: string, retries?: number): void {
  const incident = step.state.incidents[incidentId];
  if (!incident)
    throw new BatonError('NOT_FOUND', `No open incident ${incidentId} in instance ${step.state.id}`);
  const inst = step.instance(incident.key);
  const el = step.element(inst.elementId);
  step.emit({ type: 'incident.resolved', incidentId, key: inst.key });
  if (incident.type === 'failedJob' && inst.wait?.kind === 'job') {
    // The job goes back to its workers with fresh retries.
    const job = inst.wait.job;
    const fresh = retries !== undefined && retries > 0 ? retries : 1;
    step.emit({ type: 'job.retries', key: inst.key, retries: fresh });
    step.effect({
      type: 'job.created',
      instanceId: step.instanceId,
      key: inst.key,
      jobId: job.id,
      jobType: job.type,
      elementId: el.id,
      retries: fresh,
      headers: job.headers,
    });
  } else if (incident.phase === 'activate') {
    step.enter(inst, el);
  } else {
    step.complete(inst);
  }
}

/** A worker's BPMN error, or an error / escalation a called instance passed up to its call activity. */
function throwAt(step: Step, command: Extract<Command, { type: 'error.throw' | 'escalation.throw' }>): void {
  const inst = step.instance(command.key);
  const kind = command.type === 'error.throw' ? 'error' : 'escalation';
  const message = command.type === 'error.throw' ? command.message : undefined;
  const outcome = throwEvent(step, inst, { kind, code: command.code, message, variables: command.variables });
  if (outcome === 'uncaught' && kind === 'error') {
    const detail = message ? `: ${message}` : '';
    step.incident(inst, 'unhandledError', 'activate', `Unhandled BPMN error '${command.code}'${detail}`);
  }
}

function terminateInstance(step: Step, reason?: string): void {
  const root = step.instance(step.state.root);
  const variables = root.vars ?? {};
  const types = root.types;
  step.terminate(root);
  step.emit({ type: 'instance.terminated', reason });
  step.effect({
    type: 'instance.finished',
    instanceId: step.instanceId,
    status: 'terminated',
    parent: step.state.parent,
    variables,
    types,
  });
}
