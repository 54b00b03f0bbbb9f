/**
 * Incidents: `GET /incident` (+ `/count`, `/{id}`) lists the open incidents of running instances;
 * `historicIncidentQuery` serves `GET /history/incident` from the same table.
 *
 * Incident types: a `failedJob` incident of an external task is reported as Camunda's
 * `failedExternalTask`, of an in-process handler job as `failedJob`; Baton's other types (for
 * failures Camunda raises as exceptions instead) keep their names: `expression`, `script`,
 * `gateway`, `calledElement`, `mapping`, `unhandledError`, `timer`. `configuration` is the job
 * (external task) id, so `PUT /job/{id}/retries` or `PUT /external-task/{id}/retries` resolves it.
 */
import { Router } from 'express';
import type { ApiContext } from './context.ts';
import { route } from './http.ts';
import { incidentById, incidentQuery } from './incidentQuery.ts';
import { bool, date, idList, mountQuery, nullableStr, str, type ListSpec } from './listEndpoints.ts';
import type { QueryResource } from './listQuery.ts';
import type { DurableEngine } from '../engine/durableEngine.ts';
import { defineEndpoint, errorResponses, schema } from './schemas.ts';

const common = {
  id: str,
  processDefinitionId: str,
  processInstanceId: str,
  executionId: str,
  incidentType: {
    type: 'string',
    description:
      'failedExternalTask, failedJob, or a Baton type: expression, script, gateway, calledElement, mapping, unhandledError, timer',
  },
  activityId: str,
  failedActivityId: str,
  causeIncidentId: str,
  rootCauseIncidentId: str,
  configuration: { type: 'string', nullable: true, description: 'The job / external task id' },
  incidentMessage: str,
  tenantId: nullableStr,
  jobDefinitionId: nullableStr,
  annotation: nullableStr,
} as const;

export const IncidentSchema = schema('Incident', {
  type: 'object',
  properties: { ...common, incidentTimestamp: date },
});

export const HistoricIncidentSchema = schema('HistoricIncident', {
  type: 'object',
  properties: {
    ...common,
    processDefinitionKey: str,
    rootProcessInstanceId: str,
    createTime: date,
    endTime: date,
    removalTime: date,
    historyConfiguration: nullableStr,
    open: bool,
    deleted: bool,
    resolved: bool,
  },
});

const filters = {
  incidentId: str,
  incidentType: str,
  incidentMessage: str,
  incidentMessageLike: { type: 'string', description: 'SQL LIKE pattern (% and _)' },
  processInstanceId: str,
  executionId: str,
  processDefinitionId: str,
  processDefinitionKey: str,
  processDefinitionKeyIn: idList,
  activityId: str,
  failedActivityId: str,
  configuration: str,
} as const;

const INCIDENT_LIST: ListSpec = {
  path: '/incident',
  what: 'open incidents of running instances',
  item: IncidentSchema,
  sortBy: [
    'incidentId',
    'incidentMessage',
    'incidentTimestamp',
    'incidentType',
    'executionId',
    'activityId',
    'processInstanceId',
    'processDefinitionId',
  ],
  filters,
  post: false,
};

/** `GET /history/incident` (+ count), mounted by the history routes. */
export const HISTORIC_INCIDENT_LIST: ListSpec = {
  path: '/history/incident',
  what: 'incidents, open and ended',
  item: HistoricIncidentSchema,
  sortBy: [
    'incidentId',
    'incidentMessage',
    'createTime',
    'endTime',
    'incidentType',
    'executionId',
    'activityId',
    'processInstanceId',
    'processDefinitionId',
  ],
  filters: { ...filters, open: bool, resolved: bool, deleted: bool },
  post: false,
};

const get = defineEndpoint({
  method: 'get',
  path: '/incident/:id',
  summary: 'Get an open incident',
  responses: { 200: { description: 'The incident', schema: IncidentSchema }, ...errorResponses(404) },
});

/** The resource behind HISTORIC_INCIDENT_LIST. */
export function historicIncidentQuery(engine: DurableEngine): QueryResource {
  return incidentQuery(engine, true);
}

export function incidentRoutes(ctx: ApiContext): Router {
  const r = Router();
  mountQuery(r, INCIDENT_LIST, incidentQuery(ctx.engine, false));
  r.get(
    get.path,
    get,
    route(async (req, res) => res.json(await incidentById(ctx.engine, String(req.params.id), false))),
  );
  return r;
}
