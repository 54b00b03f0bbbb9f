/** Commands the core accepts. Each runs the instance to its next wait states. */
import type { JsonValue, VariableType } from './variables.ts';

/**
 * The reason given when a called instance is terminated because its call activity was: history
 * reports such an instance as INTERNALLY_TERMINATED, not EXTERNALLY_TERMINATED.
 */
export const PARENT_TERMINATED = 'parent terminated';

/** Variables as plain JSON values, with optional explicit types. */
export interface VariableInput {
  values: Record<string, JsonValue>;
  types?: Record<string, VariableType>;
}

export type Command =
  | {
      type: 'start';
      instanceId: string;
      variables?: VariableInput;
      businessKey?: string;
      /** Start at this start event instead of the process's none start event. */
      startEventId?: string;
      parent?: { instanceId: string; key: string };
    }
  /** A job (service-like task) finished; variables are merged like Camunda/Zeebe job results. */
  | { type: 'job.complete'; key: string; variables?: VariableInput }
  /** A job failed with no retries left: raise an incident. */
  | { type: 'job.fail'; key: string; message: string; retries: number }
  | { type: 'task.complete'; key: string; variables?: VariableInput }
  | {
      type: 'task.update';
      key: string;
      assignee?: string | null;
      candidateUsers?: string[];
      candidateGroups?: string[];
      dueDate?: string | null;
      priority?: number;
    }
  /** Completes a receive task (or another trigger wait) with optional payload. */
  | { type: 'trigger'; key: string; variables?: VariableInput }
  /** The child instance of a call activity ended; its root variables come along for out-mappings. */
  | {
      type: 'call.complete';
      key: string;
      childVariables: Record<string, JsonValue>;
      childTypes?: Record<string, VariableType>;
    }
  | { type: 'call.fail'; key: string; message: string }
  | { type: 'variables.set'; scope?: string; variables: VariableInput; local?: boolean }
  | { type: 'variables.delete'; scope?: string; names: string[] }
  /** Retry the step an incident stopped at (after fixing variables, setting job retries, ...). */
  | { type: 'incident.resolve'; incidentId: string; retries?: number }
  /** The job of an asynchronous continuation runs: the element goes on past its boundary. */
  | { type: 'continuation.run'; key: string }
  /** A timer subscription is due. */
  | { type: 'timer.fire'; subscriptionId: string }
  /** A correlated message, a broadcast signal or a met condition triggers a subscription. */
  | { type: 'subscription.trigger'; subscriptionId: string; variables?: VariableInput }
  /**
   * A BPMN error thrown at element instance `key`: by a worker (`bpmnError`) or by a called
   * instance whose own scopes did not catch it (then `key` is the call activity).
   */
  | { type: 'error.throw'; key: string; code: string; message?: string; variables?: VariableInput }
  /** An escalation a called instance did not catch, continued from its call activity. */
  | { type: 'escalation.throw'; key: string; code: string; variables?: VariableInput }
  /**
   * Starts inner elements of ad-hoc sub-process instance `key` (elements without incoming flows);
   * `variables` become local variables of each element started.
   */
  | { type: 'adhoc.activate'; key: string; elementIds: string[]; variables?: VariableInput }
  | { type: 'instance.terminate'; reason?: string };

export type CommandType = Command['type'];
