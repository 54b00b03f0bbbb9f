/**
 * Every state change of an instance is one of these events. `core/apply.ts` folds them into
 * `InstanceState`; history, statistics, persistence and live websockets all read the same stream.
 */
import type { AdHocState, CompensationRecord, Incident, Subscription, UserTaskData, Wait } from './state.ts';
import type { JsonValue, VariableType } from './variables.ts';

interface Base {
  instanceId: string;
  /** 1-based position in the instance's event stream. */
  seq: number;
  /** Epoch milliseconds from the injected clock. */
  time: number;
}

export interface InstanceCreated extends Base {
  type: 'instance.created';
  processId: string;
  definitionId: string;
  businessKey?: string;
  parent?: { instanceId: string; key: string };
  /** Key of the root element instance created with it. */
  root: string;
}
export interface InstanceEnded extends Base {
  type: 'instance.completed' | 'instance.terminated';
  reason?: string;
}
export interface ElementActivated extends Base {
  type: 'element.activated';
  key: string;
  elementId: string;
  elementType: string;
  parent: string | null;
  body?: 'multiInstance' | 'loop';
  inner?: boolean;
  group?: string;
  compensationFor?: string;
}
/** A multi-instance body evaluated its input collection (kept so iterations see the same items). */
export interface LoopInitialized extends Base {
  type: 'loop.initialized';
  key: string;
  collection: JsonValue[];
}
export interface ElementWaiting extends Base {
  type: 'element.waiting';
  key: string;
  elementId: string;
  wait: Wait;
}
export interface ElementEnded extends Base {
  type: 'element.completed' | 'element.terminated';
  key: string;
  elementId: string;
}
export interface FlowTaken extends Base {
  type: 'flow.taken';
  flowId: string;
  /** Key of the scope instance the flow runs in. */
  scope: string;
  source: string;
  target: string;
}
export interface JoinArrived extends Base {
  type: 'join.arrived';
  scope: string;
  gatewayId: string;
  flowId: string;
}
export interface JoinConsumed extends Base {
  type: 'join.consumed';
  scope: string;
  gatewayId: string;
  /** One token is consumed from each of these incoming flows. */
  flows: string[];
}
/**
 * A complex gateway fired and waits for reset until a token came on each of `flows` or none can
 * come any more; `flows` empty: it was reset and waits for start again.
 */
export interface ComplexGatewayAwaiting extends Base {
  type: 'complex.awaiting';
  scope: string;
  gatewayId: string;
  flows: string[];
}
/** The bookkeeping of ad-hoc sub-process instance `key` changed: `state` replaces it. */
export interface AdHocUpdated extends Base {
  type: 'adhoc.updated';
  key: string;
  state: AdHocState;
}
export interface VariableSet extends Base {
  type: 'variable.set';
  /** Key of the element instance that holds the variable. */
  scope: string;
  name: string;
  value: JsonValue;
  /** Only when it differs from the type inferred from the value. */
  valueType?: VariableType;
}
export interface VariableDeleted extends Base {
  type: 'variable.deleted';
  scope: string;
  name: string;
}
export interface TaskUpdated extends Base {
  type: 'task.updated';
  key: string;
  changes: Partial<
    Pick<UserTaskData, 'assignee' | 'candidateUsers' | 'candidateGroups' | 'dueDate' | 'priority'>
  >;
}
export interface JobRetriesChanged extends Base {
  type: 'job.retries';
  key: string;
  retries: number;
}
/** An asynchronous continuation's job ran: the element goes on from where it waited. */
export interface ContinuationDone extends Base {
  type: 'continuation.done';
  key: string;
  phase: 'before' | 'after';
}
export interface SubscriptionOpened extends Base {
  type: 'subscription.opened';
  subscription: Subscription;
}
export interface SubscriptionClosed extends Base {
  type: 'subscription.closed';
  subscriptionId: string;
}
/** An activity completed with a handler (its nested records leave the state with it). */
export interface CompensationRecorded extends Base {
  type: 'compensation.recorded';
  record: CompensationRecord;
}
/** Records handed back to a sub-process re-created to run its compensation event sub-process. */
export interface CompensationReinstated extends Base {
  type: 'compensation.reinstated';
  scope: string;
  records: CompensationRecord[];
}
/** A scope completed: its records move to the enclosing scope (`within` gains the scope's element). */
export interface CompensationMoved extends Base {
  type: 'compensation.moved';
  from: string;
  to: string;
  within?: string;
}
/** A scope was terminated: its records can never be compensated. */
export interface CompensationDropped extends Base {
  type: 'compensation.dropped';
  scope: string;
}
/** A throw event takes these records (next first) and waits for their handlers. */
export interface CompensationStarted extends Base {
  type: 'compensation.started';
  key: string;
  records: CompensationRecord[];
}
/** The current handler of a throw event finished. */
export interface CompensationAdvanced extends Base {
  type: 'compensation.advanced';
  key: string;
}
export interface IncidentRaised extends Base {
  type: 'incident.raised';
  incident: Incident;
}
export interface IncidentResolved extends Base {
  type: 'incident.resolved';
  incidentId: string;
  key: string;
}

export type EngineEvent =
  | InstanceCreated
  | InstanceEnded
  | ElementActivated
  | ElementWaiting
  | LoopInitialized
  | ElementEnded
  | FlowTaken
  | JoinArrived
  | JoinConsumed
  | ComplexGatewayAwaiting
  | AdHocUpdated
  | VariableSet
  | VariableDeleted
  | TaskUpdated
  | JobRetriesChanged
  | ContinuationDone
  | SubscriptionOpened
  | SubscriptionClosed
  | CompensationRecorded
  | CompensationReinstated
  | CompensationMoved
  | CompensationDropped
  | CompensationStarted
  | CompensationAdvanced
  | IncidentRaised
  | IncidentResolved;

export type EngineEventType = EngineEvent['type'];

/** An event without the fields the core fills in (instance id, sequence, time). */
export type EventPayload = EngineEvent extends infer E
  ? E extends EngineEvent
    ? Omit<E, 'instanceId' | 'seq' | 'time'>
    : never
  : never;
