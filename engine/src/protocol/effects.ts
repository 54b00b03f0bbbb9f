/**
 * What an instance asks of the world outside the core, as data. The runtime (in-memory engine or
 * server) carries effects out after the state change that produced them is committed.
 */
import type { JsonValue, VariableType } from './variables.ts';

export interface JobCreated {
  type: 'job.created';
  instanceId: string;
  key: string;
  jobId: string;
  jobType: string;
  elementId: string;
  retries: number;
  headers?: Record<string, string>;
  /** Wait before each retry after a failure (`camunda:failedJobRetryTimeCycle`). */
  retryIntervalsMs?: number[];
}
export interface JobCancelled {
  type: 'job.cancelled';
  instanceId: string;
  key: string;
  jobId: string;
}
/** An asynchronous continuation (camunda:asyncBefore/asyncAfter) waits for its job. */
export interface ContinuationScheduled {
  type: 'continuation.scheduled';
  instanceId: string;
  key: string;
  elementId: string;
  jobId: string;
  phase: 'before' | 'after';
}
/** A call activity asks to start a child instance. */
export interface CallStarted {
  type: 'call.started';
  instanceId: string;
  key: string;
  elementId: string;
  processId: string;
  binding: 'latest' | 'version' | 'deployment' | 'versionTag';
  version?: number;
  versionTag?: string;
  businessKey?: string;
  variables: Record<string, JsonValue>;
  types?: Record<string, VariableType>;
}
/** A call activity was terminated: its child instance must be terminated too. */
export interface CallTerminated {
  type: 'call.terminated';
  instanceId: string;
  key: string;
}
/** The instance ended; when it has a parent, the runtime reports back to the call activity. */
export interface InstanceFinished {
  type: 'instance.finished';
  instanceId: string;
  status: 'completed' | 'terminated';
  parent?: { instanceId: string; key: string };
  /** The root scope's variables at the end (what a calling activity's out-mappings read). */
  variables: Record<string, JsonValue>;
  types?: Record<string, VariableType>;
}

/** A timer subscription is due at `dueAt`: the runtime fires it with command `timer.fire`. */
export interface TimerScheduled {
  type: 'timer.scheduled';
  instanceId: string;
  subscriptionId: string;
  elementId: string;
  dueAt: number;
}
/** A message or signal subscription opened: the runtime indexes it (and offers buffered messages). */
export interface EventSubscribed {
  type: 'message.subscribed' | 'signal.subscribed';
  instanceId: string;
  subscriptionId: string;
  elementId: string;
  name: string;
  correlationKey?: string;
}
/** A subscription closed (fired, or its element ended): timers are cancelled, indexes updated. */
export interface SubscriptionCancelled {
  type: 'subscription.cancelled';
  instanceId: string;
  subscriptionId: string;
  kind: 'timer' | 'message' | 'signal' | 'conditional';
}
/** A signal throw: delivered to every waiting subscription and signal start event. */
export interface SignalBroadcast {
  type: 'signal.broadcast';
  instanceId: string;
  name: string;
  variables: Record<string, JsonValue>;
}
/**
 * A BPMN error or escalation reached the root of a called instance without a catcher: the parent
 * instance continues the search from its call activity.
 */
export interface ThrowPropagated {
  type: 'error.propagated' | 'escalation.propagated';
  instanceId: string;
  parent: { instanceId: string; key: string };
  code: string;
  message?: string;
  variables: Record<string, JsonValue>;
}

export type Effect =
  | JobCreated
  | JobCancelled
  | ContinuationScheduled
  | CallStarted
  | CallTerminated
  | InstanceFinished
  | TimerScheduled
  | EventSubscribed
  | SubscriptionCancelled
  | SignalBroadcast
  | ThrowPropagated;
