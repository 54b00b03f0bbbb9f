/**
 * Baton's own REST resources beside the Camunda 7 API (under `/engine-rest/baton`), shared by the
 * server and the web app: why an instance waits, its recorded events for replay, heatmaps, the
 * dashboard, task forms and diagram drafts. Plain data, no dependencies.
 */
import type { EngineEvent } from './events.ts';
import type { FormField } from './definition.ts';

/**
 * One waiting element instance, explained (`GET /baton/process-instance/{id}/waiting`); a joining
 * gateway holding tokens is an entry too. Built by the engine's `explainWaiting`.
 */
export interface WaitingExplanation {
  /** Element instance key; for a join, the key of the scope its tokens wait in. */
  key: string;
  elementId: string;
  elementType: string;
  /** One sentence a user can read, e.g. "Waits for message 'payment' with correlation key 'A-17'." */
  sentence: string;
  /** What the sentence is made of, for the UI to link or format. */
  reason: WaitingReason;
}

/**
 * An open incident takes precedence over what the element waits for. Dates are ISO 8601. `join`:
 * incoming flow ids; `waitingFor` of inclusive and complex joins lists only flows a token can still
 * reach. `detail` of `other`: `compensation`, `asyncBefore`, `asyncAfter`; of `subProcess`: `adHoc`.
 */
export type WaitingReason =
  | { kind: 'message'; messageName: string; correlationKey?: string }
  | { kind: 'signal'; signalName: string }
  /** `timer`: the timeDate / timeDuration / timeCycle value as written in the diagram. */
  | { kind: 'timer'; dueAt: string; timer?: string }
  | {
      kind: 'userTask';
      taskId: string;
      assignee?: string;
      candidateUsers: string[];
      candidateGroups: string[];
    }
  | { kind: 'externalTask'; topic: string; lockedBy?: string; lockExpiresAt?: string; retries?: number }
  | { kind: 'join'; gatewayType: string; arrived: string[]; waitingFor: string[] }
  | { kind: 'callActivity'; calledInstanceId?: string }
  | { kind: 'incident'; incidentId: string; message: string }
  | { kind: 'condition'; condition?: string }
  | { kind: 'receiveTask' | 'eventBasedGateway' | 'subProcess' | 'other'; detail?: string };

/** `GET /baton/process-instance/{id}/events`: every recorded engine event, in order (replay). */
export interface InstanceEventLog {
  instanceId: string;
  definitionId: string;
  events: EngineEvent[];
}

/** One element on a heatmap (`GET /baton/process-definition/{id}/heatmap`). */
export interface HeatmapElement {
  elementId: string;
  /** Element instances that started in the period. */
  count: number;
  /** Of those, the completed ones: their mean and 90th percentile duration in ms (null if none). */
  avgMs: number | null;
  p90Ms: number | null;
}

export interface Heatmap {
  definitionId: string;
  /** ISO period actually used. */
  from: string;
  to: string;
  elements: HeatmapElement[];
}

/** `GET /baton/dashboard?hours=24`. */
export interface Dashboard {
  from: string;
  to: string;
  /** One bucket per hour, oldest first; `hour` is the ISO start of the hour. */
  perHour: { hour: string; started: number; completed: number }[];
  /** Mean duration of instances completed in the period, ms (null if none). */
  avgCycleTimeMs: number | null;
  runningInstances: number;
  openIncidents: number;
  openTasks: number;
  /** Open tasks per candidate group; tasks without a group count under `(none)`. */
  openTasksByGroup: Record<string, number>;
  /** Open incidents per process definition key. */
  incidentsByDefinition: Record<string, number>;
}

/** `GET /baton/task/{id}/form`: what to render for a task. */
export interface TaskForm {
  taskId: string;
  /** `camunda:formKey` / zeebe form id when the diagram names an external form. */
  formKey?: string;
  /**
   * `camunda:formData` fields or the fields of a Camunda 8 embedded form (`camunda-forms:bpmn:...`);
   * empty when the task has none (the app then offers a variables editor).
   */
  fields: FormField[];
  /** Current values of the fields (or their defaults), by field id. */
  values: Record<string, unknown>;
}

/** A diagram saved as a draft (not deployed). */
export interface DraftSummary {
  id: string;
  name: string;
  /** `camunda7` or `camunda8`: which properties panel the modeler shows. */
  flavor: 'camunda7' | 'camunda8';
  updated: string;
}

export interface Draft extends DraftSummary {
  xml: string;
}

/**
 * The 400 body of `POST /task/{id}/submit-form` when form fields fail their `camunda:validation`
 * constraints: Camunda's `{type, message}` plus one entry per failing field.
 */
export interface FormValidationError {
  type: 'InvalidRequestException';
  message: string;
  fields: { field: string; message: string }[];
}
