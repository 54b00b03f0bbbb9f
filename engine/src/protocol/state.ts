/**
 * The whole state of one process instance: a plain JSON object, produced only by folding events
 * (core/apply.ts). Snapshot = JSON.stringify; restore = JSON.parse.
 */
import type { FormField } from './definition.ts';
import type { JsonValue, VariableType } from './variables.ts';

export type InstanceStatus = 'active' | 'completed' | 'terminated';

/** What a waiting element instance waits for. */
export type Wait =
  | { kind: 'task'; task: UserTaskData }
  | { kind: 'job'; job: JobData }
  | { kind: 'trigger' } // receive task / message catch: completed by a message or explicit trigger
  | { kind: 'event' } // timer, signal or conditional catch event: see the instance's subscriptions
  | { kind: 'call'; processId: string } // call activity: waits for its child instance
  | { kind: 'compensation' } // compensation throw / cancel end: waits for the handlers
  /** camunda:asyncBefore / asyncAfter: a transaction boundary; a job continues the element. */
  | { kind: 'continuation'; phase: 'before' | 'after'; jobId: string };

export interface UserTaskData {
  /** Globally unique task id (instance id + ':' + element instance key). */
  id: string;
  name?: string;
  assignee?: string;
  candidateUsers?: string[];
  candidateGroups?: string[];
  /** ISO date strings. */
  dueDate?: string;
  followUpDate?: string;
  priority: number;
  formKey?: string;
  formFields?: FormField[];
  created: number;
}

export interface JobData {
  /** Globally unique job id (instance id + ':' + element instance key). */
  id: string;
  type: string;
  retries: number;
  headers?: Record<string, string>;
}

export interface ElementInstance {
  /** Key unique within the instance. */
  key: string;
  elementId: string;
  /** Key of the enclosing scope instance (process, sub-process, multi-instance body); null for the root. */
  parent: string | null;
  /** 'body' for the wrapper of a multi-instance/loop activity; its iterations have `inner: true`. */
  body?: 'multiInstance' | 'loop';
  inner?: boolean;
  /** Targets of an event-based gateway share the gateway instance's key: the first to fire wins. */
  group?: string;
  state: 'active' | 'waiting';
  /** Scopes: number of live child element instances. */
  tokens?: number;
  /** Scopes: tokens waiting at joining gateways: gateway id -> incoming flow id -> count. */
  joins?: Record<string, Record<string, number>>;
  /** Scopes: complex gateways waiting for reset: gateway id -> incoming flows still expected. */
  resets?: Record<string, string[]>;
  /** Ad-hoc sub-processes: what was activated, what is queued, whether it is completing. */
  adHoc?: AdHocState;
  /** Local variables (scopes, and activities with input mappings or loop variables). */
  vars?: Record<string, JsonValue>;
  /** Explicit types of local variables where they differ from the inferred type. */
  types?: Record<string, VariableType>;
  wait?: Wait;
  /** Multi-instance body: the input collection as evaluated on activation. */
  collection?: JsonValue[];
  /** The asynchronous continuation this element instance has passed already. */
  continued?: 'before' | 'after';
  /** Compensation handlers: key of the throw event that started them. */
  compensationFor?: string;
  /** A compensation throw event: the handlers still to run, next first. */
  compensating?: CompensationRecord[];
  /** Id of the open incident on this element instance. */
  incident?: string;
  startedAt: number;
}

/** The bookkeeping of an ad-hoc sub-process instance (see core/adHoc.ts). */
export interface AdHocState {
  /** Inner elements activated so far (through the API, the collection or the queue). */
  activations: number;
  /** Sequential ordering: activations waiting for the running inner path to end, in order. */
  queue?: AdHocActivation[];
  /** Camunda 8: the `activeElementsCollection` value last acted on. */
  collection?: string[];
  /** The completion condition held; the remaining inner elements run to their end. */
  completing?: boolean;
}

/** One requested activation of an inner element, with the local variables it starts with. */
export interface AdHocActivation {
  elementId: string;
  variables?: Record<string, JsonValue>;
}

/**
 * An open event subscription: a catch event, receive task, boundary event or event sub-process
 * start waiting for a timer, message, signal or condition.
 */
export interface Subscription {
  /** Unique within the instance: owner key + ':' + catching element id. */
  id: string;
  kind: 'timer' | 'message' | 'signal' | 'conditional';
  /**
   * The element instance the subscription lives and dies with: the waiting catch event or receive
   * task itself, the activity a boundary event is attached to, or the scope of an event sub-process.
   */
  key: string;
  /** The catching element: catch event, receive task, boundary event or event sub-process start. */
  elementId: string;
  /** Message or signal name. */
  name?: string;
  /** Message correlation key, evaluated when the subscription opened (Camunda 8). */
  correlationKey?: string;
  /** Timers: when it is due (epoch ms), the parsed schedule (cycles), how often it has fired. */
  dueAt?: number;
  timer?: JsonValue;
  fired?: number;
}

/** A completed activity whose compensation handler may still be run. */
export interface CompensationRecord {
  /** Increasing with completion order (compensation runs in reverse). */
  id: number;
  /** The completed activity and its compensation handler. */
  elementId: string;
  handler: string;
  /** Key of the scope instance the record belongs to now. */
  scope: string;
  /** Completed sub-processes the record was carried out of, innermost first. */
  within: string[];
  /** The activity's local variables when it completed (loop counter, element variable, inputs). */
  locals?: Record<string, JsonValue>;
  /**
   * A sub-process compensated by its compensation event sub-process: the records of its own
   * activities, handed back to the sub-process when it is re-created to run that event sub-process.
   */
  nested?: CompensationRecord[];
}

export interface Incident {
  id: string;
  key: string;
  elementId: string;
  /** What failed, so resolving retries the same step. */
  type:
    | 'expression'
    | 'script'
    | 'gateway'
    | 'failedJob'
    | 'calledElement'
    | 'mapping'
    | 'unhandledError'
    | 'timer';
  phase: 'activate' | 'complete' | 'leave';
  message: string;
  created: number;
}

export interface InstanceState {
  id: string;
  processId: string;
  definitionId: string;
  businessKey?: string;
  /** Set when started by a call activity. */
  parent?: { instanceId: string; key: string };
  status: InstanceStatus;
  /** Key of the root (process) element instance. */
  root: string;
  startedAt: number;
  endedAt?: number;
  /** Next element instance key. */
  nextKey: number;
  /** Sequence number of the last applied event. */
  seq: number;
  elements: Record<string, ElementInstance>;
  incidents: Record<string, Incident>;
  /** Open event subscriptions by id (absent when there are none). */
  subscriptions?: Record<string, Subscription>;
  /** Completed activities with compensation handlers, oldest first. */
  compensations?: CompensationRecord[];
  /** The root scope's variables, kept when the instance has ended. */
  variables?: Record<string, JsonValue>;
  types?: Record<string, VariableType>;
}
