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
}
export interface JobCancelled {
  type: 'job.cancelled';
  instanceId: string;
  key: string;
  jobId: string;
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

export type Effect = JobCreated | JobCancelled | CallStarted | CallTerminated | InstanceFinished;
