/**
 * Event subscriptions: what catch events, receive tasks, boundary events and event sub-process
 * starts wait for (timer, message, signal, condition). They open with their owner element instance,
 * close with it, and when triggered move the token the way the catching element says.
 */
import { isTruthyCondition } from '../expressions/index.ts';
import type { VariableInput } from '../protocol/commands.ts';
import type { CompiledElement } from '../protocol/definition.ts';
import { BatonError, isBatonError } from '../protocol/errors.ts';
import type { ElementInstance, Subscription } from '../protocol/state.ts';
import type { JsonValue } from '../protocol/variables.ts';
import { SUBSCRIBING_EVENTS } from '../compile/kinds.ts';
import { firstDue, nextDue, parseTimer, type TimerSchedule } from '../timers/index.ts';
import { mergeResult } from './behaviors/results.ts';
import { resolveValue } from './mappings.ts';
import type { Step } from './step.ts';

/**
 * Opens every subscription `inst` brings: its own (a waiting catch event or receive task), its
 * boundary events (activities), the starts of its event sub-processes (scopes). False after raising
 * an incident (a timer or correlation key that cannot be evaluated).
 */
export function openSubscriptions(step: Step, inst: ElementInstance, el: CompiledElement): boolean {
  const catching: CompiledElement[] = [];
  if (!inst.body && (el.kind === 'intermediateCatchEvent' || el.kind === 'receiveTask') && subscribes(el))
    catching.push(el);
  if (!inst.inner) {
    for (const id of el.boundaries ?? []) if (subscribes(step.element(id))) catching.push(step.element(id));
  }
  if (!inst.body) {
    for (const id of el.eventSubProcesses ?? []) {
      const start = step.element(step.element(id).startEvents?.[0] ?? id);
      if (start.kind === 'startEvent' && subscribes(start)) catching.push(start);
    }
  }
  for (const catcher of catching) if (!open(step, inst, catcher)) return false;
  return true;
}

function subscribes(el: CompiledElement): boolean {
  return el.event !== undefined && SUBSCRIBING_EVENTS.has(el.event.kind);
}

function open(step: Step, owner: ElementInstance, catcher: CompiledElement): boolean {
  const event = catcher.event!;
  const sub: Subscription = {
    id: `${owner.key}:${catcher.id}`,
    kind: event.kind as Subscription['kind'],
    key: owner.key,
    elementId: catcher.id,
  };
  try {
    if (event.kind === 'timer') {
      const value = resolveValue(step, event.timer!.value, owner.key);
      const schedule = parseTimer(event.timer!.type, String(value));
      const due = firstDue(schedule, step.time);
      if (due === null) return true; // R0: never fires
      sub.dueAt = due;
      sub.timer = schedule as unknown as JsonValue;
      sub.fired = 0;
    } else if (event.kind === 'message' || event.kind === 'signal') {
      sub.name = event.ref;
      if (event.correlationKey) {
        const key = step.evaluate(event.correlationKey, owner.key);
        if (key === null || key === undefined) {
          throw new BatonError('EXPRESSION_EVAL', `correlation key '${event.correlationKey.source}' is null`);
        }
        sub.correlationKey = String(key);
      }
    }
  } catch (error) {
    if (!isBatonError(error)) throw error;
    const what = event.kind === 'timer' ? 'Timer' : 'Subscription';
    step.incident(
      owner,
      event.kind === 'timer' ? 'timer' : 'expression',
      'activate',
      `${what} of '${catcher.id}' failed: ${error.message}`,
    );
    return false;
  }
  openSubscription(step, sub);
  return true;
}

/** Records a subscription and tells the runtime (timer to schedule, name to index). */
function openSubscription(step: Step, sub: Subscription): void {
  step.emit({ type: 'subscription.opened', subscription: sub });
  if (sub.kind === 'conditional') step.conditionsChanged();
  else if (sub.kind === 'timer') {
    step.effect({
      type: 'timer.scheduled',
      instanceId: step.instanceId,
      subscriptionId: sub.id,
      elementId: sub.elementId,
      dueAt: sub.dueAt!,
    });
  } else {
    step.effect({
      type: sub.kind === 'message' ? 'message.subscribed' : 'signal.subscribed',
      instanceId: step.instanceId,
      subscriptionId: sub.id,
      elementId: sub.elementId,
      name: sub.name ?? '',
      correlationKey: sub.correlationKey,
    });
  }
}

export function closeSubscription(step: Step, sub: Subscription): void {
  step.emit({ type: 'subscription.closed', subscriptionId: sub.id });
  step.effect({
    type: 'subscription.cancelled',
    instanceId: step.instanceId,
    subscriptionId: sub.id,
    kind: sub.kind,
  });
}

/** Closes the subscriptions owned by element instance `key` (it completes or is terminated). */
export function closeSubscriptions(step: Step, key: string): void {
  const subs = step.state.subscriptions;
  if (!subs) return;
  for (const id in subs) if (subs[id].key === key) closeSubscription(step, subs[id]);
}

/** Whether the owner survives a trigger, so the subscription may fire again. */
function survives(step: Step, sub: Subscription): boolean {
  const catcher = step.element(sub.elementId);
  if (catcher.kind === 'boundaryEvent') return catcher.cancelActivity === false;
  if (catcher.kind === 'startEvent') return catcher.interrupting === false;
  return false;
}

/** A timer is due: cycles on surviving owners are scheduled again before the token moves. */
export function fireTimer(step: Step, subscriptionId: string): void {
  const sub = subscription(step, subscriptionId);
  let keepOpen = false;
  if (survives(step, sub) && sub.timer) {
    const fired = (sub.fired ?? 0) + 1;
    const next = nextDue(sub.timer as unknown as TimerSchedule, sub.dueAt!, fired, step.time);
    if (next !== null) {
      openSubscription(step, { ...sub, dueAt: next, fired });
      keepOpen = true;
    }
  }
  trigger(step, sub, undefined, keepOpen);
}

/** A message, signal or condition arrived for `subscriptionId`. */
export function triggerSubscription(step: Step, subscriptionId: string, variables?: VariableInput): void {
  const sub = subscription(step, subscriptionId);
  trigger(step, sub, variables, survives(step, sub));
}

function subscription(step: Step, id: string): Subscription {
  const sub = step.state.subscriptions?.[id];
  if (!sub) throw new BatonError('NOT_FOUND', `No open subscription '${id}' in instance ${step.state.id}`);
  return sub;
}

function trigger(
  step: Step,
  sub: Subscription,
  variables: VariableInput | undefined,
  keepOpen: boolean,
): void {
  const owner = step.instance(sub.key);
  const catcher = step.element(sub.elementId);
  if (!keepOpen && step.state.subscriptions?.[sub.id]) closeSubscription(step, sub);
  if (catcher.id === owner.elementId) {
    // The waiting catch event or receive task itself.
    mergeResult(step, owner, catcher, variables);
    step.complete(owner);
  } else if (catcher.kind === 'boundaryEvent') {
    const scope = owner.parent!;
    if (catcher.cancelActivity !== false) step.terminate(owner);
    setPayload(step, scope, variables);
    step.enqueueActivation(catcher.id, scope);
  } else {
    startEventSubProcess(step, owner, catcher, variables);
  }
}

/** Starts the event sub-process of `start` in scope `scope`; an interrupting one ends the rest first. */
export function startEventSubProcess(
  step: Step,
  scope: ElementInstance,
  start: CompiledElement,
  variables?: VariableInput,
): void {
  if (start.interrupting !== false) {
    closeSubscriptions(step, scope.key);
    for (const child of step.children(scope.key)) step.terminate(child);
    step.clearJoins(scope);
  }
  setPayload(step, scope.key, variables);
  // An event sub-process has exactly one start event: activating it starts there.
  step.enqueueActivation(start.scope!, scope.key);
}

function setPayload(step: Step, scopeKey: string, variables: VariableInput | undefined): void {
  if (!variables) return;
  for (const name in variables.values)
    step.setVariable(scopeKey, name, variables.values[name], variables.types?.[name]);
}

/**
 * Evaluates every conditional subscription once (variables changed, or one just opened); true when
 * one fired. A failing condition closes its subscription and raises an incident on the owner.
 */
export function fireMetConditions(step: Step): boolean {
  let fired = false;
  for (const sub of Object.values(step.state.subscriptions ?? {})) {
    if (sub.kind !== 'conditional' || !step.state.subscriptions?.[sub.id]) continue;
    const catcher = step.element(sub.elementId);
    const condition = catcher.event!.condition!;
    let met: boolean;
    try {
      met = isTruthyCondition(step.evaluate(condition, sub.key), condition);
    } catch (error) {
      if (!isBatonError(error)) throw error;
      closeSubscription(step, sub);
      step.incident(
        step.instance(sub.key),
        'expression',
        'activate',
        `Condition of '${catcher.id}' failed: ${error.message}`,
      );
      continue;
    }
    if (met) {
      trigger(step, sub, undefined, survives(step, sub));
      fired = true;
    }
  }
  return fired;
}
