/**
 * Incidents from the incidents table, for `GET /incident` (open incidents of running instances)
 * and `GET /history/incident` (all of them), with Camunda's incident types (see incident.ts).
 * Filtered in SQL, then by type and order in memory: the type depends on the job behind it.
 */
import type { Knex } from 'knex';
import { BatonError } from '@baton/engine';
import type { DurableEngine } from '../engine/durableEngine.ts';
import { iso } from './http.ts';
import { rootInstanceIds } from './historyUtil.ts';
import {
  pageRows,
  Params,
  sorting,
  sortRows,
  type Page,
  type QueryResource,
  columnFilters,
} from './listQuery.ts';

interface IncidentRow {
  id: string;
  instance_id: string;
  definition_id: string;
  element_key: string;
  element_id: string;
  type: string;
  message: string;
  created_at: number | string;
  resolved_at: number | string | null;
  open: boolean | number;
  status: string;
  ended_at: number | string | null;
  process_key: string;
  job_kind: string | null;
}

/** Camunda's incident type (see incident.ts). */
async function incidentType(engine: DurableEngine, row: IncidentRow): Promise<string> {
  if (row.type !== 'failedJob') return row.type;
  if (row.job_kind === 'handler') return 'failedJob';
  if (row.job_kind === 'external') return 'failedExternalTask';
  // The job is gone (resolved or ended): judge by how the element is implemented.
  const def = await engine.definitions.get(row.definition_id).catch(() => undefined);
  const source = def?.process.elements[row.element_id]?.job?.source;
  return source === 'camunda:class' ||
    source === 'camunda:delegateExpression' ||
    source === 'camunda:connector'
    ? 'failedJob'
    : 'failedExternalTask';
}

/** Joins an incident row `n` to its job `j` (a job's id is `<instance id>:<element key>`). */
export const JOB_OF_INCIDENT = `left join jobs as j on j.id = n.instance_id || ':' || n.element_key`;

/**
 * Camunda's type of an OPEN incident `n` joined with its job `j`, in SQL, for aggregates (the
 * statistics). Open incidents still have their job, so this agrees with `incidentType`.
 */
export const OPEN_INCIDENT_TYPE_SQL = `case when n.type = 'failedJob' and j.kind = 'external' then 'failedExternalTask' else n.type end`;

function base(knex: Knex, p: Params, history: boolean): Knex.QueryBuilder {
  const q = knex('incidents as n')
    .join('instances as i', 'i.id', 'n.instance_id')
    .joinRaw(JOB_OF_INCIDENT)
    .select('n.*', 'i.status', 'i.ended_at', 'i.process_key', 'j.kind as job_kind');
  if (!history) q.where('n.open', true).where('i.status', 'active');
  const { eq } = columnFilters(q, p);
  eq('incidentId', 'n.id');
  eq('processInstanceId', 'n.instance_id');
  eq('executionId', 'n.instance_id');
  eq('processDefinitionId', 'n.definition_id');
  eq('processDefinitionKey', 'i.process_key');
  eq('activityId', 'n.element_id');
  eq('failedActivityId', 'n.element_id');
  eq('incidentMessage', 'n.message');
  const like = p.string('incidentMessageLike');
  if (like !== undefined) q.where('n.message', 'like', like);
  const keys = p.list('processDefinitionKeyIn');
  if (keys) q.whereIn('i.process_key', keys);
  const configuration = p.string('configuration');
  if (configuration !== undefined) q.whereRaw(`n.instance_id || ':' || n.element_key = ?`, [configuration]);
  if (history) {
    if (p.boolean('open')) q.where('n.open', true).where('i.status', 'active');
    if (p.boolean('resolved')) q.where('n.open', false);
    if (p.boolean('deleted')) q.where('n.open', true).whereNot('i.status', 'active');
  }
  return q;
}

type Dto = Record<string, unknown>;

async function dtos(engine: DurableEngine, rows: IncidentRow[], history: boolean): Promise<Dto[]> {
  const roots = history
    ? await rootInstanceIds(
        engine.knex,
        rows.map((r) => r.instance_id),
      )
    : undefined;
  const out: Dto[] = [];
  for (const row of rows) {
    const type = await incidentType(engine, row);
    const common: Dto = {
      id: row.id,
      processDefinitionId: row.definition_id,
      processInstanceId: row.instance_id,
      executionId: row.instance_id,
      incidentType: type,
      activityId: row.element_id,
      failedActivityId: row.element_id,
      causeIncidentId: row.id,
      rootCauseIncidentId: row.id,
      configuration: row.type === 'failedJob' ? `${row.instance_id}:${row.element_key}` : null,
      incidentMessage: row.message,
      tenantId: null,
      jobDefinitionId: null,
      annotation: null,
    };
    if (!history) {
      out.push({ ...common, incidentTimestamp: iso(row.created_at) });
      continue;
    }
    const open = Boolean(row.open) && row.status === 'active';
    const deleted = Boolean(row.open) && row.status !== 'active';
    out.push({
      ...common,
      processDefinitionKey: row.process_key,
      rootProcessInstanceId: roots!.get(row.instance_id) ?? row.instance_id,
      createTime: iso(row.created_at),
      endTime: iso(open ? null : deleted ? row.ended_at : row.resolved_at),
      removalTime: null,
      historyConfiguration: null,
      open,
      deleted,
      resolved: !row.open,
    });
  }
  return out;
}

const SORT: Record<string, string> = {
  incidentId: 'id',
  incidentMessage: 'incidentMessage',
  incidentTimestamp: 'incidentTimestamp',
  createTime: 'createTime',
  endTime: 'endTime',
  incidentType: 'incidentType',
  executionId: 'executionId',
  activityId: 'activityId',
  processInstanceId: 'processInstanceId',
  processDefinitionId: 'processDefinitionId',
};

/** Filters in SQL, then by Camunda type and in order in memory (incidents are few). */
export function incidentQuery(engine: DurableEngine, history: boolean): QueryResource {
  const all = async (p: Params) => {
    const order = sorting(p, SORT);
    const rows = (await base(engine.knex, p, history)
      .orderBy('n.created_at')
      .orderBy('n.id')) as IncidentRow[];
    const type = p.string('incidentType');
    const list = (await dtos(engine, rows, history)).filter(
      (d) => type === undefined || d.incidentType === type,
    );
    return sortRows(list, order);
  };
  return {
    list: async (p: Params, page: Page) => pageRows(await all(p), page),
    count: async (p: Params) => (await all(p)).length,
  };
}

/** One incident by id (open ones only unless `history`), in its Camunda shape. */
export async function incidentById(
  engine: DurableEngine,
  id: string,
  history: boolean,
): Promise<Record<string, unknown>> {
  const rows = (await base(engine.knex, new Params({ incidentId: id }), history)) as IncidentRow[];
  if (rows.length === 0) throw new BatonError('NOT_FOUND', `No incident with id '${id}'`);
  return (await dtos(engine, rows, history))[0];
}
