/**
 * The one place instance state changes: folds an event into the state, in place. The core emits
 * every change through here, so re-folding an instance's events reproduces its state exactly.
 */
import type { EngineEvent } from '../protocol/events.ts';
import type { ElementInstance, InstanceState } from '../protocol/state.ts';
import type { JsonValue, VariableType } from '../protocol/variables.ts';

/** Folds `event` into `state` (mutating it) and returns it; `instance.created` needs no state. */
export function apply(state: InstanceState | undefined, event: EngineEvent): InstanceState {
  if (event.type === 'instance.created') return created(event);
  if (!state) throw new Error(`event ${event.type} before instance.created`);
  state.seq = event.seq;
  switch (event.type) {
    case 'instance.completed':
    case 'instance.terminated':
      state.status = event.type === 'instance.completed' ? 'completed' : 'terminated';
      state.endedAt = event.time;
      break;
    case 'element.activated': {
      const inst: ElementInstance = {
        key: event.key,
        elementId: event.elementId,
        parent: event.parent,
        state: 'active',
        startedAt: event.time,
      };
      if (event.body) inst.body = event.body;
      if (event.inner) inst.inner = true;
      if (event.group) inst.group = event.group;
      if (event.compensationFor) inst.compensationFor = event.compensationFor;
      state.elements[event.key] = inst;
      state.nextKey = Math.max(state.nextKey, Number(event.key) + 1);
      if (event.parent !== null) {
        const parent = element(state, event.parent);
        parent.tokens = (parent.tokens ?? 0) + 1;
      }
      break;
    }
    case 'element.waiting': {
      const inst = element(state, event.key);
      inst.state = 'waiting';
      inst.wait = event.wait;
      break;
    }
    case 'element.completed':
    case 'element.terminated': {
      const inst = element(state, event.key);
      delete state.elements[event.key];
      if (inst.parent !== null) {
        const parent = state.elements[inst.parent];
        if (parent) parent.tokens = (parent.tokens ?? 1) - 1;
      } else {
        state.variables = inst.vars ?? {};
        if (inst.types) state.types = inst.types;
      }
      break;
    }
    case 'flow.taken':
      break;
    case 'loop.initialized':
      element(state, event.key).collection = event.collection;
      break;
    case 'join.arrived': {
      const scope = element(state, event.scope);
      const joins = (scope.joins ??= {});
      const arrivals = (joins[event.gatewayId] ??= {});
      arrivals[event.flowId] = (arrivals[event.flowId] ?? 0) + 1;
      break;
    }
    case 'join.consumed': {
      const scope = element(state, event.scope);
      const arrivals = scope.joins?.[event.gatewayId];
      if (!arrivals) throw new Error(`no tokens at join ${event.gatewayId}`);
      for (const flow of event.flows) {
        const left = (arrivals[flow] ?? 0) - 1;
        if (left > 0) arrivals[flow] = left;
        else delete arrivals[flow];
      }
      if (isEmpty(arrivals)) delete scope.joins![event.gatewayId];
      if (isEmpty(scope.joins!)) delete scope.joins;
      break;
    }
    case 'complex.awaiting': {
      const scope = element(state, event.scope);
      if (event.flows.length > 0) (scope.resets ??= {})[event.gatewayId] = event.flows;
      else if (scope.resets) {
        delete scope.resets[event.gatewayId];
        if (isEmpty(scope.resets)) delete scope.resets;
      }
      break;
    }
    case 'adhoc.updated':
      element(state, event.key).adHoc = event.state;
      break;
    case 'variable.set':
      setLocal(element(state, event.scope), event.name, event.value, event.valueType);
      break;
    case 'variable.deleted': {
      const inst = element(state, event.scope);
      if (inst.vars) delete inst.vars[event.name];
      if (inst.types) delete inst.types[event.name];
      break;
    }
    case 'task.updated': {
      const wait = element(state, event.key).wait;
      if (wait?.kind !== 'task') throw new Error(`element ${event.key} is not a user task`);
      const task = { ...wait.task };
      for (const [field, value] of Object.entries(event.changes)) {
        if (value === null || value === undefined) delete (task as Record<string, unknown>)[field];
        else (task as Record<string, unknown>)[field] = value;
      }
      wait.task = task;
      break;
    }
    case 'job.retries': {
      const wait = element(state, event.key).wait;
      if (wait?.kind !== 'job') throw new Error(`element ${event.key} is not a job`);
      wait.job = { ...wait.job, retries: event.retries };
      break;
    }
    case 'continuation.done': {
      const inst = element(state, event.key);
      inst.state = 'active';
      delete inst.wait;
      inst.continued = event.phase;
      break;
    }
    case 'subscription.opened':
      (state.subscriptions ??= {})[event.subscription.id] = event.subscription;
      break;
    case 'subscription.closed':
      if (state.subscriptions) {
        delete state.subscriptions[event.subscriptionId];
        if (isEmpty(state.subscriptions)) delete state.subscriptions;
      }
      break;
    case 'compensation.recorded': {
      const nested = new Set(event.record.nested?.map((r) => r.id));
      if (nested.size > 0) state.compensations = state.compensations?.filter((r) => !nested.has(r.id));
      (state.compensations ??= []).push(event.record);
      break;
    }
    case 'compensation.reinstated':
      (state.compensations ??= []).push(...event.records.map((r) => ({ ...r, scope: event.scope })));
      break;
    case 'compensation.moved':
      state.compensations = state.compensations?.map((r) =>
        r.scope === event.from
          ? { ...r, scope: event.to, within: event.within ? [...r.within, event.within] : r.within }
          : r,
      );
      break;
    case 'compensation.dropped':
      state.compensations = state.compensations?.filter((r) => r.scope !== event.scope);
      if (state.compensations?.length === 0) delete state.compensations;
      break;
    case 'compensation.started': {
      const taken = new Set(event.records.map((r) => r.id));
      state.compensations = state.compensations?.filter((r) => !taken.has(r.id));
      if (state.compensations?.length === 0) delete state.compensations;
      element(state, event.key).compensating = event.records;
      break;
    }
    case 'compensation.advanced': {
      const inst = element(state, event.key);
      inst.compensating = inst.compensating?.slice(1);
      break;
    }
    case 'incident.raised':
      state.incidents[event.incident.id] = event.incident;
      element(state, event.incident.key).incident = event.incident.id;
      break;
    case 'incident.resolved': {
      delete state.incidents[event.incidentId];
      const inst = state.elements[event.key];
      if (inst) delete inst.incident;
      break;
    }
  }
  return state;
}

function created(event: Extract<EngineEvent, { type: 'instance.created' }>): InstanceState {
  const state: InstanceState = {
    id: event.instanceId,
    processId: event.processId,
    definitionId: event.definitionId,
    status: 'active',
    root: event.root,
    startedAt: event.time,
    nextKey: 1,
    seq: event.seq,
    elements: {},
    incidents: {},
  };
  if (event.businessKey !== undefined) state.businessKey = event.businessKey;
  if (event.parent) state.parent = event.parent;
  return state;
}

function element(state: InstanceState, key: string): ElementInstance {
  const inst = state.elements[key];
  if (!inst) throw new Error(`unknown element instance ${key} in instance ${state.id}`);
  return inst;
}

function setLocal(
  inst: ElementInstance,
  name: string,
  value: JsonValue,
  type: VariableType | undefined,
): void {
  (inst.vars ??= {})[name] = value;
  if (type) (inst.types ??= {})[name] = type;
  else if (inst.types) {
    delete inst.types[name];
    if (isEmpty(inst.types)) delete inst.types;
  }
}

function isEmpty(obj: object): boolean {
  for (const _ in obj) return false;
  return true;
}
