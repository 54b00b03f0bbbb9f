/**
 * Runtime statistics (Camunda shapes), computed from the instances' state documents and the
 * incident and job tables: per definition (running instances, failed jobs, open incidents by
 * type) and per activity of one definition (active element instances, failed jobs, incidents).
 * Failed jobs and incidents are counted only when asked for (`failedJobs=true`, `incidents=true`
 * or `incidentsForType=...`), as in Camunda; otherwise they are 0 and [].
 */
import { Router } from 'express';
import type { InstanceState } from '@baton/engine';
import type { Knex } from 'knex';
import type { ApiContext } from './context.ts';
import {
  DEFINITION_COLUMNS,
  definitionDto,
  definitionRow,
  ProcessDefinitionSchema,
  type DefinitionRow,
} from './dto.ts';
import { HttpError, route } from './http.ts';
import { defineEndpoint, errorResponses, schema } from './schemas.ts';
import { activityIdOf } from './activityInstances.ts';
import { JOB_OF_INCIDENT, OPEN_INCIDENT_TYPE_SQL } from './incidentQuery.ts';

const options = {
  failedJobs: { type: 'boolean', default: false },
  incidents: { type: 'boolean', default: false },
  rootIncidents: { type: 'boolean', default: false, description: 'Same as incidents' },
  incidentsForType: { type: 'string', description: 'Only incidents of this type' },
} as const;
const Incidents = {
  type: 'array',
  items: {
    type: 'object',
    properties: { incidentType: { type: 'string' }, incidentCount: { type: 'integer' } },
  },
} as const;
export const ActivityStatistics = schema('ActivityStatistics', {
  type: 'object',
  properties: {
    id: { type: 'string' },
    instances: { type: 'integer' },
    failedJobs: { type: 'integer' },
    incidents: Incidents,
  },
});
const activityResponses = {
  200: { description: 'Per activity', schema: { type: 'array', items: ActivityStatistics } },
  ...errorResponses(400, 404),
} as const;

const all = defineEndpoint({
  method: 'get',
  path: '/process-definition/statistics',
  summary: 'Running instances, failed jobs and incidents per definition',
  query: options,
  responses: {
    200: {
      description: 'Per definition',
      schema: {
        type: 'array',
        items: schema('ProcessDefinitionStatistics', {
          type: 'object',
          properties: {
            id: { type: 'string' },
            instances: { type: 'integer' },
            failedJobs: { type: 'integer' },
            incidents: Incidents,
            definition: ProcessDefinitionSchema,
          },
        }),
      },
    },
    ...errorResponses(400),
  },
});
const byId = defineEndpoint({
  method: 'get',
  path: '/process-definition/:id/statistics',
  summary: 'Statistics per activity',
  query: options,
  responses: activityResponses,
});
const byKey = defineEndpoint({
  method: 'get',
  path: '/process-definition/key/:key/statistics',
  summary: 'Statistics per activity of the latest version',
  query: options,
  responses: activityResponses,
});

type Options = ReturnType<typeof all.query>;
type Incident = { incidentType: string; incidentCount: number };

function wanted(o: Options): { failedJobs: boolean; incidents: boolean; type?: string } {
  const incidents = o.incidents || o.rootIncidents;
  if (incidents && o.incidentsForType !== undefined)
    throw new HttpError(400, "Query parameters 'incidents' and 'incidentsForType' cannot be combined");
  return {
    failedJobs: o.failedJobs,
    incidents: incidents || o.incidentsForType !== undefined,
    type: o.incidentsForType,
  };
}

/** Failed jobs (not external tasks, as in Camunda) of running instances, grouped by `column`. */
function failedJobs(knex: Knex, column: string): Knex.QueryBuilder {
  return knex('jobs')
    .join('instances', 'instances.id', 'jobs.instance_id')
    .where({ 'instances.status': 'active', 'jobs.failed': true })
    .whereNot('jobs.kind', 'external')
    .groupBy(column)
    .select({ g: column })
    .count({ n: '*' });
}

/**
 * Open incidents of running instances, grouped by `column` (of `n` incidents or `instances`) and
 * Camunda type: an external task's failure counts as `failedExternalTask`, as GET /incident says.
 */
function openIncidents(knex: Knex, column: string, type?: string): Knex.QueryBuilder {
  const typeSql = knex.raw(OPEN_INCIDENT_TYPE_SQL);
  const q = knex('incidents as n')
    .join('instances', 'instances.id', 'n.instance_id')
    .joinRaw(JOB_OF_INCIDENT)
    .where({ 'instances.status': 'active', 'n.open': true })
    .groupBy(column, typeSql)
    .select({ g: column, type: typeSql })
    .count({ n: '*' });
  if (type !== undefined) void q.whereRaw(`${OPEN_INCIDENT_TYPE_SQL} = ?`, [type]);
  return q;
}

function grouped(rows: { g: string; type?: string; n: number | string }[]) {
  const counts = new Map<string, number>();
  const incidents = new Map<string, Incident[]>();
  for (const row of rows) {
    counts.set(row.g, Number(row.n));
    if (row.type !== undefined) {
      const list = incidents.get(row.g) ?? [];
      list.push({ incidentType: row.type, incidentCount: Number(row.n) });
      incidents.set(row.g, list);
    }
  }
  return { counts, incidents };
}

async function perActivity(knex: Knex, definitionId: string, o: Options) {
  const w = wanted(o);
  const instances = new Map<string, number>();
  const states = (await knex('instances')
    .where({ definition_id: definitionId, status: 'active' })
    .pluck('state')) as string[];
  for (const text of states) {
    const state = JSON.parse(text) as InstanceState;
    for (const inst of Object.values(state.elements)) {
      const id = activityIdOf(inst);
      if (id !== null) instances.set(id, (instances.get(id) ?? 0) + 1);
    }
  }
  const failed = w.failedJobs
    ? grouped(await failedJobs(knex, 'jobs.element_id').where('instances.definition_id', definitionId)).counts
    : new Map<string, number>();
  const incidents = w.incidents
    ? grouped(
        await openIncidents(knex, 'n.element_id', w.type).where('instances.definition_id', definitionId),
      ).incidents
    : new Map<string, Incident[]>();
  const ids = new Set([...instances.keys(), ...failed.keys(), ...incidents.keys()]);
  return [...ids].sort().map((id) => ({
    '@class': 'org.camunda.bpm.engine.rest.dto.repository.ActivityStatisticsResultDto',
    id,
    instances: instances.get(id) ?? 0,
    failedJobs: failed.get(id) ?? 0,
    incidents: incidents.get(id) ?? [],
  }));
}

/** Statistics routes. */
export function statisticsRoutes(ctx: ApiContext): Router {
  const r = Router();
  const knex = ctx.engine.knex;
  r.get(
    all.path,
    all,
    route(async (req, res) => {
      const w = wanted(all.query(req));
      const defs = (await knex('definitions')
        .select(DEFINITION_COLUMNS)
        .orderBy([{ column: 'key' }, { column: 'version' }])) as DefinitionRow[];
      const running = grouped(
        await knex('instances')
          .where({ status: 'active' })
          .groupBy('definition_id')
          .select({ g: 'definition_id' })
          .count({ n: '*' }),
      ).counts;
      const failed = w.failedJobs
        ? grouped(await failedJobs(knex, 'instances.definition_id')).counts
        : new Map<string, number>();
      const incidents = w.incidents
        ? grouped(await openIncidents(knex, 'instances.definition_id', w.type)).incidents
        : new Map<string, Incident[]>();
      res.json(
        defs.map((d) => ({
          '@class': 'org.camunda.bpm.engine.rest.dto.repository.ProcessDefinitionStatisticsResultDto',
          id: d.id,
          instances: running.get(d.id) ?? 0,
          failedJobs: failed.get(d.id) ?? 0,
          incidents: incidents.get(d.id) ?? [],
          definition: definitionDto(d),
        })),
      );
    }),
  );
  r.get(
    byKey.path,
    byKey,
    route(async (req, res) => {
      const def = await definitionRow(knex, { key: String(req.params.key) }, ['id']);
      res.json(await perActivity(knex, def.id, byKey.query(req)));
    }),
  );
  r.get(
    byId.path,
    byId,
    route(async (req, res) => {
      const def = await definitionRow(knex, { id: String(req.params.id) }, ['id']);
      res.json(await perActivity(knex, def.id, byId.query(req)));
    }),
  );
  return r;
}
