/**
 * The declarations (validation and OpenAPI) of the message and signal endpoints; the handlers are
 * in message.ts.
 */
import { bool, nullableStr, str } from './listEndpoints.ts';
import { defineEndpoint, durationMs, errorResponses, schema, VariablesSchema } from './schemas.ts';

const name = { type: 'string', minLength: 1 } as const;

export const CorrelationResultSchema = schema('MessageCorrelationResult', {
  type: 'object',
  properties: {
    resultType: { type: 'string', enum: ['Execution', 'ProcessDefinition'] },
    execution: {
      type: 'object',
      nullable: true,
      properties: { id: str, processInstanceId: str, ended: bool, tenantId: nullableStr },
    },
    processInstance: {
      type: 'object',
      nullable: true,
      properties: {
        id: str,
        definitionId: str,
        businessKey: nullableStr,
        ended: bool,
        suspended: bool,
        tenantId: nullableStr,
      },
    },
    variables: VariablesSchema,
  },
});

export const correlate = defineEndpoint({
  method: 'post',
  path: '/message',
  summary: 'Correlate a message (Camunda 7): to exactly one waiting execution or start event, or all',
  description:
    'No match (or several without `all`) answers 400 RestException (MismatchingMessageCorrelationException).',
  bodyRequired: true,
  body: {
    type: 'object',
    required: ['messageName'],
    properties: {
      messageName: name,
      businessKey: { type: 'string' },
      processInstanceId: { type: 'string' },
      correlationKeys: VariablesSchema,
      localCorrelationKeys: VariablesSchema,
      processVariables: VariablesSchema,
      all: { type: 'boolean' },
      resultEnabled: { type: 'boolean' },
      variablesInResultEnabled: { type: 'boolean' },
      tenantId: { type: 'string', nullable: true },
      withoutTenantId: { type: 'boolean' },
    },
  },
  responses: {
    200: {
      description: 'Correlated (resultEnabled)',
      schema: { type: 'array', items: CorrelationResultSchema },
    },
    204: { description: 'Correlated' },
    ...errorResponses(400, 409),
  },
});
export const publish = defineEndpoint({
  method: 'post',
  path: '/message/publish',
  summary: 'Publish a message (Baton extension, Camunda 8 semantics)',
  description:
    'Every instance waiting with the correlation key gets it, else a message start event starts an ' +
    'instance, else it is buffered for timeToLive ms. Variables are plain JSON values.',
  bodyRequired: true,
  body: {
    type: 'object',
    required: ['name'],
    properties: {
      name,
      correlationKey: { type: 'string' },
      timeToLive: durationMs(0, 'How long an unanswered message is buffered'),
      variables: { type: 'object' },
    },
  },
  responses: {
    200: {
      description: 'Published',
      schema: {
        type: 'object',
        properties: {
          name: str,
          correlationKey: nullableStr,
          buffered: bool,
          results: {
            type: 'array',
            items: {
              type: 'object',
              properties: { resultType: str, processInstanceId: str, activityId: nullableStr },
            },
          },
        },
      },
    },
    ...errorResponses(400),
  },
});
export const signal = defineEndpoint({
  method: 'post',
  path: '/signal',
  summary: 'Broadcast a signal (or deliver it to one execution)',
  bodyRequired: true,
  body: {
    type: 'object',
    required: ['name'],
    properties: {
      name,
      executionId: { type: 'string' },
      variables: VariablesSchema,
      tenantId: { type: 'string', nullable: true },
      withoutTenantId: { type: 'boolean' },
    },
  },
  responses: { 204: { description: 'Delivered' }, ...errorResponses(400, 404) },
});
