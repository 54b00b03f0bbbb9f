/**
 * GET /baton/process-definition/{id}/heatmap?from&to: per element, how many element instances
 * started in the period and how long the completed ones took (mean and 90th percentile). Counts
 * and means are aggregated in SQL; the percentile too, with window functions both sqlite (3.25+)
 * and PostgreSQL have, so no duration rows are loaded.
 */
import { Router } from 'express';
import type { Heatmap, HeatmapElement } from '@baton/engine';
import type { Knex } from 'knex';
import type { ApiContext } from '../context.ts';
import { definitionRow } from '../dto.ts';
import { HttpError, route } from '../http.ts';
import { defineEndpoint, errorResponses } from '../schemas.ts';
import { HeatmapSchema } from './schemas.ts';

const WEEK_MS = 7 * 24 * 3600_000;

const heatmap = defineEndpoint({
  method: 'get',
  path: '/baton/process-definition/:id/heatmap',
  summary: 'Per element: instances started in a period, mean and p90 duration of the completed ones',
  tags: ['Baton'],
  query: {
    from: { type: 'string', format: 'date-time', description: 'ISO date; default: 7 days before `to`' },
    to: { type: 'string', format: 'date-time', description: 'ISO date; default: now' },
  },
  responses: { 200: { description: 'The heatmap', schema: HeatmapSchema }, ...errorResponses(400, 404) },
});

function parseDate(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new HttpError(400, `Query parameter '${name}' must be an ISO date`);
  return ms;
}

/** Element instances of the definition started in [from, to), the process itself left out. */
function started(knex: Knex, definitionId: string, from: number, to: number): Knex.QueryBuilder {
  return knex('hist_activities')
    .where('definition_id', definitionId)
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .whereNot('element_type', 'bpmn:Process');
}

export async function computeHeatmap(
  knex: Knex,
  definitionId: string,
  from: number,
  to: number,
): Promise<HeatmapElement[]> {
  const completed = () =>
    started(knex, definitionId, from, to).whereNotNull('ended_at').where('canceled', false);
  const counts = (await started(knex, definitionId, from, to)
    .groupBy('element_id')
    .select('element_id')
    .count({ n: '*' })) as { element_id: string; n: number | string }[];
  const means = (await completed()
    .groupBy('element_id')
    .select('element_id', knex.raw('avg(ended_at - started_at) as avg'))) as {
    element_id: string;
    avg: number | string;
  }[];
  // Nearest-rank p90: the k-th shortest duration with k = ceil(0.9 n), i.e. 10k >= 9n > 10(k - 1).
  const ranked = completed().select(
    'element_id',
    knex.raw('ended_at - started_at as d'),
    knex.raw('row_number() over (partition by element_id order by ended_at - started_at) as rn'),
    knex.raw('count(*) over (partition by element_id) as n'),
  );
  const p90 = (await knex
    .from(ranked.as('r'))
    .whereRaw('r.rn * 10 >= r.n * 9')
    .whereRaw('(r.rn - 1) * 10 < r.n * 9')
    .select('r.element_id', 'r.d')) as { element_id: string; d: number | string }[];

  const avgOf = new Map(means.map((m) => [m.element_id, Math.round(Number(m.avg))]));
  const p90Of = new Map(p90.map((p) => [p.element_id, Number(p.d)]));
  return counts
    .map((c) => ({
      elementId: c.element_id,
      count: Number(c.n),
      avgMs: avgOf.get(c.element_id) ?? null,
      p90Ms: p90Of.get(c.element_id) ?? null,
    }))
    .sort((a, b) => a.elementId.localeCompare(b.elementId));
}

export function heatmapRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  r.get(
    heatmap.path,
    heatmap,
    route(async (req, res) => {
      const q = heatmap.query(req);
      const to = parseDate(q.to, 'to') ?? engine.now();
      const from = parseDate(q.from, 'from') ?? to - WEEK_MS;
      if (from > to) throw new HttpError(400, "Query parameter 'from' must not be after 'to'");
      const def = await definitionRow(engine.knex, { id: String(req.params.id) }, ['id']);
      const body: Heatmap = {
        definitionId: def.id,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        elements: await computeHeatmap(engine.knex, def.id, from, to),
      };
      res.json(body);
    }),
  );
  return r;
}
