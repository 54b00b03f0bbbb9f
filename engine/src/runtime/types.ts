/** Public types of the in-memory engine's API. */
import type { UserTaskData } from '../protocol/state.ts';
import type { JsonValue, VariableType } from '../protocol/variables.ts';

/** Variables as plain values; `types` pins a Camunda type where inference would pick another. */
export interface VariablesArg {
  variables?: Record<string, unknown>;
  variableTypes?: Record<string, VariableType>;
}

export interface StartOptions extends VariablesArg {
  businessKey?: string;
  /** Pin a version instead of the latest. */
  version?: number;
  startEventId?: string;
}

/** A job handed to an in-process handler. */
export interface ActivatedJob {
  id: string;
  type: string;
  instanceId: string;
  elementId: string;
  businessKey?: string;
  retries: number;
  headers: Record<string, string>;
  /** Every variable visible from the task (computed on first access). */
  readonly variables: Record<string, JsonValue>;
}

export interface JobResult {
  variables?: Record<string, unknown>;
  variableTypes?: Record<string, VariableType>;
}

export type JobHandler = (job: ActivatedJob) => JobResult | void | Promise<JobResult | void>;

/** A user task as the task list shows it: the task's data plus where it lives. */
export interface TaskInfo extends Omit<UserTaskData, 'candidateUsers' | 'candidateGroups'> {
  taskDefinitionKey: string;
  processInstanceId: string;
  processDefinitionId: string;
  businessKey?: string;
  candidateUsers: string[];
  candidateGroups: string[];
}

export interface TaskFilter {
  processInstanceId?: string;
  taskDefinitionKey?: string;
  assignee?: string;
  /** Tasks the user may claim: listed as candidate user, or in a candidate group given in `groups`. */
  candidateUser?: string;
  candidateGroup?: string;
  unassigned?: boolean;
}

/** An external task as a worker receives it from fetchAndLock. */
export interface LockedExternalTask {
  id: string;
  topicName: string;
  workerId: string;
  lockExpirationTime: number;
  processInstanceId: string;
  processDefinitionId: string;
  activityId: string;
  businessKey?: string;
  retries: number;
  headers: Record<string, string>;
  variables: Record<string, JsonValue>;
}

export interface FetchTopic {
  topicName: string;
  lockDuration: number;
  /** Only these variables (all when absent). */
  variables?: string[];
}

export interface InstanceInfo {
  id: string;
  definitionId: string;
  processId: string;
  businessKey?: string;
  status: 'active' | 'completed' | 'terminated';
  startedAt: number;
  endedAt?: number;
  incidents: number;
}
