/**
 * Historic variable instances (`/history/variable-instance`): the latest value of each variable
 * (process instance + scope + name) from hist_variables; deleted ones only with
 * `includeDeleted=true`. The id is `instanceId:scope:name`.
 */
import type { Knex } from 'knex';
import { BatonError, type JsonValue, type VariableType } from '@baton/engine';
import { iso } from './http.ts';
import { activityInstanceId, rootInstanceIds, rootKeys } from './historyUtil.ts';
import { bool, date, idList, nullableStr, str, type ListSpec } from './listEndpoints.ts';
import {
  countOf,
  orderBy,
  paged,
  sorting,
  type Page,
  type Params,
  type QueryResource,
  columnFilters,
} from './listQuery.ts';
import { schema } from './schemas.ts';
import { toCamundaValue } from './variables.ts';

interface VariableRow {
  position: number | string;
  instance_id: string;
  scope: string;
  name: string;
  type: string | null;
  value: string | null;
  deleted: boolean | number;
  created: number | string;
  definition_id: string;
  process_key: string;
}

const SORT: Record<string, string> = {
  instanceId: 'h.instance_id',
  variableName: 'h.name',
};

export const HistoricVariableInstanceSchema = schema('HistoricVariableInstance', {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'instanceId:scope:name' },
    name: str,
    value: { description: 'Any JSON value; Json/Object values as JSON text' },
    type: nullableStr,
    valueInfo: { type: 'object' },
    processDefinitionKey: str,
    processDefinitionId: str,
    processInstanceId: str,
    executionId: str,
    activityInstanceId: str,
    taskId: nullableStr,
    tenantId: nullableStr,
    errorMessage: nullableStr,
    state: { type: 'string', enum: ['CREATED', 'DELETED'] },
    createTime: date,
    removalTime: date,
    rootProcessInstanceId: str,
  },
});

export const HISTORIC_VARIABLE_LIST: ListSpec = {
  path: '/history/variable-instance',
  what: 'variables (latest value of each)',
  item: HistoricVariableInstanceSchema,
  sortBy: Object.keys(SORT),
  filters: {
    processInstanceId: str,
    processInstanceIdIn: idList,
    executionId: str,
    processDefinitionId: str,
    processDefinitionKey: str,
    variableName: str,
    variableNameIn: idList,
    variableNameLike: { type: 'string', description: 'SQL LIKE pattern (% and _)' },
    includeDeleted: bool,
  },
};

function filtered(knex: Knex, p: Params): Knex.QueryBuilder {
  const instanceId = p.string('processInstanceId');
  const instanceIds = p.list('processInstanceIdIn');
  const latest = knex('hist_variables')
    .select('instance_id', 'scope', 'name')
    .max({ pos: 'position' })
    .min({ created: 'time' })
    .groupBy('instance_id', 'scope', 'name');
  if (instanceId !== undefined) latest.where('instance_id', instanceId);
  if (instanceIds) latest.whereIn('instance_id', instanceIds);
  const q = knex('hist_variables as h')
    .join(latest.as('g'), 'g.pos', 'h.position')
    .join('instances as i', 'i.id', 'h.instance_id')
    .select('h.*', 'g.created', 'i.definition_id', 'i.process_key');
  if (!p.boolean('includeDeleted')) q.where('h.deleted', false);
  const { eq } = columnFilters(q, p);
  eq('variableName', 'h.name');
  eq('processDefinitionId', 'i.definition_id');
  eq('processDefinitionKey', 'i.process_key');
  eq('executionId', 'h.instance_id');
  const like = p.string('variableNameLike');
  if (like !== undefined) q.where('h.name', 'like', like);
  const names = p.list('variableNameIn');
  if (names) q.whereIn('h.name', names);
  return q;
}

async function dtos(knex: Knex, rows: VariableRow[]): Promise<Record<string, unknown>[]> {
  const ids = rows.map((r) => r.instance_id);
  const roots = await rootKeys(knex, ids);
  const tops = await rootInstanceIds(knex, ids);
  return rows.map((row) => {
    const deleted = Boolean(row.deleted);
    const typed = deleted
      ? { value: null, type: null, valueInfo: {} }
      : toCamundaValue(JSON.parse(row.value ?? 'null') as JsonValue, (row.type ?? undefined) as VariableType);
    return {
      id: `${row.instance_id}:${row.scope}:${row.name}`,
      name: row.name,
      ...typed,
      processDefinitionKey: row.process_key,
      processDefinitionId: row.definition_id,
      processInstanceId: row.instance_id,
      executionId: row.instance_id,
      activityInstanceId: activityInstanceId(row.instance_id, row.scope, roots),
      caseDefinitionKey: null,
      caseDefinitionId: null,
      caseInstanceId: null,
      caseExecutionId: null,
      taskId: null,
      tenantId: null,
      errorMessage: null,
      state: deleted ? 'DELETED' : 'CREATED',
      createTime: iso(row.created),
      removalTime: null,
      rootProcessInstanceId: tops.get(row.instance_id) ?? row.instance_id,
    };
  });
}

export function historicVariableQuery(knex: Knex): QueryResource {
  return {
    async list(p: Params, page: Page) {
      const q = orderBy(filtered(knex, p), sorting(p, SORT), [{ column: 'h.position', order: 'asc' }]);
      return dtos(knex, (await paged(q, page)) as VariableRow[]);
    },
    count: (p: Params) => countOf(filtered(knex, p)),
  };
}

/** One historic variable instance by its id `instanceId:scope:name`. */
export async function historicVariable(knex: Knex, p: Params, id: string): Promise<Record<string, unknown>> {
  const [instanceId, scope, ...rest] = id.split(':');
  const rows = (await filtered(knex, p)
    .where({ 'h.instance_id': instanceId, 'h.scope': scope ?? '', 'h.name': rest.join(':') })
    .limit(1)) as VariableRow[];
  if (rows.length === 0) throw new BatonError('NOT_FOUND', `No historic variable instance with id '${id}'`);
  return (await dtos(knex, rows))[0];
}
