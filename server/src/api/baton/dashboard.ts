/**
 * GET /baton/dashboard?hours=24: instances started and completed per hour, mean cycle time, and
 * what is open now (running instances, incidents, tasks by candidate group, incidents by process).
 * Everything is counted in SQL; open tasks are grouped by their candidate-group list first, so
 * only the distinct lists are parsed here.
 */
import { Router } from 'express';
import type { Dashboard } from '@baton/engine';
import type { Knex } from 'knex';
import type { ApiContext } from '../context.ts';
import { route } from '../http.ts';
import { defineEndpoint, errorResponses } from '../schemas.ts';
import { DashboardSchema } from './schemas.ts';

const HOUR_MS = 3600_000;
const NO_GROUP = '(none)';

const dashboard = defineEndpoint({
  method: 'get',
  path: '/baton/dashboard',
  summary: 'Instances per hour, cycle time, open incidents and tasks',
  tags: ['Baton'],
  query: {
    hours: {
      type: 'integer',
      minimum: 1,
      maximum: 24 * 31,
      default: 24,
      description: 'Hourly buckets, the current hour last',
    },
  },
  responses: { 200: { description: 'The dashboard', schema: DashboardSchema }, ...errorResponses(400) },
});

type Counted = { h: number | string; n: number | string };

/** Rows per hour bucket (epoch ms / 1h, integer division on both databases: values are positive). */
async function perHour(
  knex: Knex,
  column: string,
  since: number,
  status?: string,
): Promise<Map<number, number>> {
  const q = knex('instances')
    .where(column, '>=', since)
    .groupByRaw(`${column} / ${HOUR_MS}`)
    .select(knex.raw(`${column} / ${HOUR_MS} as h`))
    .count({ n: '*' });
  if (status) void q.where('status', status);
  const rows = (await q) as Counted[];
  return new Map(rows.map((r) => [Number(r.h), Number(r.n)]));
}

function countOf(rows: { n: number | string }[]): number {
  return Number(rows[0]?.n ?? 0);
}

export async function computeDashboard(knex: Knex, now: number, hours: number): Promise<Dashboard> {
  const lastHour = Math.floor(now / HOUR_MS);
  const first = lastHour - hours + 1;
  const since = first * HOUR_MS;
  const started = await perHour(knex, 'started_at', since);
  const completed = await perHour(knex, 'ended_at', since, 'completed');
  const cycle = (await knex('instances')
    .where('status', 'completed')
    .where('ended_at', '>=', since)
    .select(knex.raw('avg(ended_at - started_at) as avg'))) as { avg: number | string | null }[];
  const running = (await knex('instances').where('status', 'active').count({ n: '*' })) as Counted[];
  const openIncidents = () =>
    knex('incidents')
      .join('instances', 'instances.id', 'incidents.instance_id')
      .where({ 'instances.status': 'active', 'incidents.open': true });
  const incidents = (await openIncidents().count({ n: '*' })) as Counted[];
  const byDefinition = (await openIncidents()
    .groupBy('instances.process_key')
    .select({ key: 'instances.process_key' })
    .count({ n: '*' })) as { key: string; n: number | string }[];
  const tasks = (await knex('tasks')
    .groupBy('candidate_groups')
    .select('candidate_groups')
    .count({ n: '*' })) as {
    candidate_groups: string | null;
    n: number | string;
  }[];

  const openTasksByGroup: Record<string, number> = {};
  let openTasks = 0;
  for (const row of tasks) {
    const n = Number(row.n);
    openTasks += n;
    const groups = row.candidate_groups ? (JSON.parse(row.candidate_groups) as string[]) : [];
    for (const group of groups.length > 0 ? groups : [NO_GROUP])
      openTasksByGroup[group] = (openTasksByGroup[group] ?? 0) + n;
  }
  const avg = cycle[0]?.avg;
  return {
    from: new Date(since).toISOString(),
    to: new Date(now).toISOString(),
    perHour: Array.from({ length: hours }, (_, i) => ({
      hour: new Date((first + i) * HOUR_MS).toISOString(),
      started: started.get(first + i) ?? 0,
      completed: completed.get(first + i) ?? 0,
    })),
    avgCycleTimeMs: avg === null || avg === undefined ? null : Math.round(Number(avg)),
    runningInstances: countOf(running),
    openIncidents: countOf(incidents),
    openTasks,
    openTasksByGroup,
    incidentsByDefinition: Object.fromEntries(byDefinition.map((r) => [r.key, Number(r.n)])),
  };
}

export function dashboardRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  r.get(
    dashboard.path,
    dashboard,
    route(async (req, res) => {
      res.json(await computeDashboard(engine.knex, engine.now(), dashboard.query(req).hours));
    }),
  );
  return r;
}
