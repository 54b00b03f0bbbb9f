/**
 * The declarations (validation and OpenAPI) of the external task endpoints other than the query;
 * the handlers are in externalTask.ts.
 */
import { ExternalTaskSchema, LockedExternalTaskSchema } from './externalTaskQuery.ts';
import { idList } from './listEndpoints.ts';
import { defineEndpoint, durationMs, errorResponses, VariablesSchema } from './schemas.ts';

const workerId = { type: 'string', minLength: 1 } as const;
const done = { 204: { description: 'Done' } } as const;
const workerErrors = errorResponses(400, 404, 409);

export const fetchAndLock = defineEndpoint({
  method: 'post',
  path: '/external-task/fetchAndLock',
  summary: 'Fetch and lock external tasks of topics (long polling with asyncResponseTimeout)',
  bodyRequired: true,
  body: {
    type: 'object',
    required: ['workerId', 'maxTasks'],
    properties: {
      workerId,
      maxTasks: { type: 'integer', minimum: 0 },
      usePriority: { type: 'boolean' },
      asyncResponseTimeout: {
        type: 'integer',
        minimum: 0,
        maximum: 1_800_000,
        description: 'How long to wait for a task (ms, at most 1800000: 30 minutes)',
      },
      topics: {
        type: 'array',
        items: {
          type: 'object',
          required: ['topicName', 'lockDuration'],
          properties: {
            topicName: { type: 'string', minLength: 1 },
            lockDuration: durationMs(1, 'How long the tasks stay locked'),
            variables: idList,
            localVariables: { type: 'boolean' },
            businessKey: { type: 'string' },
            processDefinitionId: { type: 'string' },
            processDefinitionIdIn: idList,
            processDefinitionKey: { type: 'string' },
            processDefinitionKeyIn: idList,
            processVariables: { type: 'object', description: 'Equality filters { name: value }' },
            deserializeValues: { type: 'boolean' },
            includeExtensionProperties: { type: 'boolean' },
          },
        },
      },
    },
  },
  responses: {
    200: { description: 'Locked tasks', schema: { type: 'array', items: LockedExternalTaskSchema } },
    ...errorResponses(400),
  },
});
export const get = defineEndpoint({
  method: 'get',
  path: '/external-task/:id',
  summary: 'Get an external task',
  responses: { 200: { description: 'The task', schema: ExternalTaskSchema }, ...errorResponses(404) },
});
export const errorDetails = defineEndpoint({
  method: 'get',
  path: '/external-task/:id/errorDetails',
  summary: 'The error details of the last failure',
  responses: { 200: { description: 'Text', contentType: 'text/plain' }, ...errorResponses(404) },
});
export const complete = defineEndpoint({
  method: 'post',
  path: '/external-task/:id/complete',
  summary: 'Complete a locked task',
  body: {
    type: 'object',
    required: ['workerId'],
    properties: { workerId, variables: VariablesSchema, localVariables: VariablesSchema },
  },
  responses: { ...done, ...workerErrors },
});
export const failure = defineEndpoint({
  method: 'post',
  path: '/external-task/:id/failure',
  summary: 'Report a failure; at zero retries an incident is raised',
  body: {
    type: 'object',
    required: ['workerId'],
    properties: {
      workerId,
      errorMessage: { type: 'string' },
      errorDetails: { type: 'string' },
      retries: { type: 'integer', minimum: 0 },
      retryTimeout: durationMs(0, 'Wait before the next attempt'),
    },
  },
  responses: { ...done, ...workerErrors },
});
export const bpmnError = defineEndpoint({
  method: 'post',
  path: '/external-task/:id/bpmnError',
  summary: 'Throw a BPMN error at the task (caught by boundary events or event sub-processes)',
  body: {
    type: 'object',
    required: ['workerId', 'errorCode'],
    properties: {
      workerId,
      errorCode: { type: 'string', minLength: 1 },
      errorMessage: { type: 'string' },
      variables: VariablesSchema,
    },
  },
  responses: { ...done, ...workerErrors },
});
export const extendLock = defineEndpoint({
  method: 'post',
  path: '/external-task/:id/extendLock',
  summary: 'Extend the lock of a task',
  body: {
    type: 'object',
    required: ['workerId', 'newDuration'],
    properties: { workerId, newDuration: durationMs(1, 'The new lock, from now') },
  },
  responses: { ...done, ...workerErrors },
});
export const unlock = defineEndpoint({
  method: 'post',
  path: '/external-task/:id/unlock',
  summary: 'Unlock a task',
  responses: { ...done, ...errorResponses(404) },
});
export const retries = defineEndpoint({
  method: 'put',
  path: '/external-task/:id/retries',
  summary: 'Set the retries of a task; more than zero on a failed one resolves its incident',
  bodyRequired: true,
  body: { type: 'object', required: ['retries'], properties: { retries: { type: 'integer', minimum: 0 } } },
  responses: { ...done, ...errorResponses(400, 404, 409) },
});
