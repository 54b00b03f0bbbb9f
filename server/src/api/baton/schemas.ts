/**
 * OpenAPI schemas of Baton's own resources (under /baton), mirroring the shared types of
 * engine/src/protocol/insight.ts that the web app imports.
 */
import { schema } from '../schemas.ts';

const str = { type: 'string' } as const;
const strings = { type: 'array', items: str } as const;
const int = { type: 'integer' } as const;
const date = { type: 'string', format: 'date-time' } as const;
const counts = { type: 'object', additionalProperties: int } as const;

export const WaitingExplanationSchema = schema('WaitingExplanation', {
  type: 'object',
  properties: {
    key: { type: 'string', description: 'Element instance key (the scope key for a join)' },
    elementId: str,
    elementType: { type: 'string', example: 'bpmn:UserTask' },
    sentence: { type: 'string', example: "Waits for message 'payment' with correlation key 'A-17'." },
    reason: {
      type: 'object',
      description:
        'kind: message | signal | timer | userTask | externalTask | join | callActivity | incident | ' +
        'condition | receiveTask | subProcess | other, with the fields of that kind',
      properties: {
        kind: str,
        messageName: str,
        correlationKey: str,
        signalName: str,
        dueAt: date,
        timer: str,
        taskId: str,
        assignee: str,
        candidateUsers: strings,
        candidateGroups: strings,
        topic: str,
        lockedBy: str,
        lockExpiresAt: date,
        retries: int,
        gatewayType: str,
        arrived: strings,
        waitingFor: strings,
        calledInstanceId: str,
        incidentId: str,
        message: str,
        condition: str,
        detail: str,
      },
      required: ['kind'],
    },
  },
  required: ['key', 'elementId', 'elementType', 'sentence', 'reason'],
});

export const InstanceEventLogSchema = schema('InstanceEventLog', {
  type: 'object',
  properties: {
    instanceId: str,
    definitionId: str,
    events: {
      type: 'array',
      description: 'Engine events (engine/src/protocol/events.ts) in seq order',
      items: {
        type: 'object',
        properties: { type: str, instanceId: str, seq: int, time: int },
        required: ['type', 'instanceId', 'seq', 'time'],
      },
    },
  },
  required: ['instanceId', 'definitionId', 'events'],
});

export const HeatmapSchema = schema('Heatmap', {
  type: 'object',
  properties: {
    definitionId: str,
    from: date,
    to: date,
    elements: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          elementId: str,
          count: { type: 'integer', description: 'Element instances started in the period' },
          avgMs: { type: 'number', nullable: true, description: 'Mean duration of the completed ones' },
          p90Ms: { type: 'number', nullable: true, description: '90th percentile (nearest rank)' },
        },
        required: ['elementId', 'count', 'avgMs', 'p90Ms'],
      },
    },
  },
  required: ['definitionId', 'from', 'to', 'elements'],
});

export const DashboardSchema = schema('Dashboard', {
  type: 'object',
  properties: {
    from: date,
    to: date,
    perHour: {
      type: 'array',
      items: {
        type: 'object',
        properties: { hour: date, started: int, completed: int },
        required: ['hour', 'started', 'completed'],
      },
    },
    avgCycleTimeMs: { type: 'number', nullable: true },
    runningInstances: int,
    openIncidents: int,
    openTasks: int,
    openTasksByGroup: counts,
    incidentsByDefinition: counts,
  },
  required: [
    'from',
    'to',
    'perHour',
    'avgCycleTimeMs',
    'runningInstances',
    'openIncidents',
    'openTasks',
    'openTasksByGroup',
    'incidentsByDefinition',
  ],
});

export const FormFieldSchema = schema('FormField', {
  type: 'object',
  properties: {
    id: str,
    label: str,
    type: { type: 'string', description: 'string, long, double, boolean, date, enum, or a custom type' },
    defaultValue: str,
    required: { type: 'boolean' },
    readonly: { type: 'boolean' },
    values: {
      type: 'array',
      items: { type: 'object', properties: { id: str, name: str }, required: ['id', 'name'] },
    },
    validation: {
      type: 'array',
      items: { type: 'object', properties: { name: str, config: str }, required: ['name'] },
    },
  },
  required: ['id', 'type'],
});

export const TaskFormSchema = schema('TaskForm', {
  type: 'object',
  properties: {
    taskId: str,
    formKey: str,
    fields: { type: 'array', items: FormFieldSchema },
    values: { type: 'object', description: 'Current value (or default) of each field, by field id' },
  },
  required: ['taskId', 'fields', 'values'],
});

const draftProperties = {
  id: str,
  name: str,
  flavor: { type: 'string', enum: ['camunda7', 'camunda8'] },
  updated: date,
} as const;

export const DraftSummarySchema = schema('DraftSummary', {
  type: 'object',
  properties: draftProperties,
  required: ['id', 'name', 'flavor', 'updated'],
});

export const DraftSchema = schema('Draft', {
  type: 'object',
  properties: { ...draftProperties, xml: str },
  required: ['id', 'name', 'flavor', 'updated', 'xml'],
});
