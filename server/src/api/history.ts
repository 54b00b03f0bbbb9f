/**
 * Camunda 7 history (`/history/...`), read from the projections the engine writes as instances
 * run: process instances, activity instances, variable instances, user tasks and incidents. Each
 * list has `/count`, and all but incidents a `POST` twin taking the filters as a body.
 */
import { Router } from 'express';
import { BatonError } from '@baton/engine';
import type { ApiContext } from './context.ts';
import { route } from './http.ts';
import { HISTORIC_ACTIVITY_LIST, historicActivityQuery } from './historyActivity.ts';
import {
  HISTORIC_INSTANCE_LIST,
  historicInstanceDtos,
  historicInstanceQuery,
  HistoricProcessInstanceSchema,
  instanceBase,
  type HistoricInstanceRow,
} from './historyProcessInstance.ts';
import { HISTORIC_TASK_LIST, historicTaskQuery } from './historyTask.ts';
import {
  HISTORIC_VARIABLE_LIST,
  historicVariable,
  historicVariableQuery,
  HistoricVariableInstanceSchema,
} from './historyVariable.ts';
import { HISTORIC_INCIDENT_LIST, historicIncidentQuery } from './incident.ts';
import { mountQuery } from './listEndpoints.ts';
import { Params } from './listQuery.ts';
import { defineEndpoint, errorResponses } from './schemas.ts';

const instance = defineEndpoint({
  method: 'get',
  path: '/history/process-instance/:id',
  summary: 'Get a process instance, running or ended',
  responses: {
    200: { description: 'The instance', schema: HistoricProcessInstanceSchema },
    ...errorResponses(404),
  },
});
const variable = defineEndpoint({
  method: 'get',
  path: '/history/variable-instance/:id',
  summary: 'Get a historic variable instance (id instanceId:scope:name)',
  responses: {
    200: { description: 'The variable', schema: HistoricVariableInstanceSchema },
    ...errorResponses(404),
  },
});

export function historyRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const knex = engine.knex;

  mountQuery(r, HISTORIC_INSTANCE_LIST, historicInstanceQuery(knex));
  r.get(
    instance.path,
    instance,
    route(async (req, res) => {
      const id = String(req.params.id);
      const rows = (await instanceBase(knex).where('i.id', id)) as HistoricInstanceRow[];
      if (rows.length === 0)
        throw new BatonError('NOT_FOUND', `No historic process instance with id '${id}'`);
      res.json((await historicInstanceDtos(knex, rows))[0]);
    }),
  );
  mountQuery(r, HISTORIC_ACTIVITY_LIST, historicActivityQuery(engine));
  mountQuery(r, HISTORIC_TASK_LIST, historicTaskQuery(knex));
  mountQuery(r, HISTORIC_INCIDENT_LIST, historicIncidentQuery(engine));
  mountQuery(r, HISTORIC_VARIABLE_LIST, historicVariableQuery(knex));
  r.get(
    variable.path,
    variable,
    route(async (req, res) =>
      res.json(await historicVariable(knex, new Params({ includeDeleted: true }), String(req.params.id))),
    ),
  );
  return r;
}
