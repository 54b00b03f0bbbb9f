/**
 * Historic user tasks (`/history/task`) from hist_tasks; priority, due and follow-up dates are
 * known while the task is open (the tasks projection), null after it ended.
 */
import type { Knex } from 'knex';
import { iso } from './http.ts';
import { rootInstanceIds } from './historyUtil.ts';
import { bool, date, idList, nullableInt, nullableStr, str, type ListSpec } from './listEndpoints.ts';
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
import { isoDate } from './taskQuery.ts';

interface HistoricTaskRow {
  id: string;
  instance_id: string;
  definition_id: string;
  element_id: string;
  name: string | null;
  assignee: string | null;
  created_at: number | string;
  ended_at: number | string | null;
  delete_reason: string | null;
  process_key: string;
  priority: number | null;
  due_date: string | null;
  follow_up_date: string | null;
}

const SORT: Record<string, string> = {
  taskId: 'ht.id',
  activityInstanceId: 'ht.id',
  processInstanceId: 'ht.instance_id',
  executionId: 'ht.instance_id',
  processDefinitionId: 'ht.definition_id',
  processDefinitionKey: 'i.process_key',
  startTime: 'ht.created_at',
  endTime: 'ht.ended_at',
  taskName: 'ht.name',
  assignee: 'ht.assignee',
  taskDefinitionKey: 'ht.element_id',
  deleteReason: 'ht.delete_reason',
  priority: 't.priority',
  dueDate: 't.due_date',
  followUpDate: 't.follow_up_date',
};

export const HistoricTaskSchema = schema('HistoricTask', {
  type: 'object',
  properties: {
    id: str,
    processDefinitionKey: str,
    processDefinitionId: str,
    processInstanceId: str,
    executionId: str,
    activityInstanceId: str,
    name: nullableStr,
    description: nullableStr,
    deleteReason: { type: 'string', nullable: true, description: 'completed or deleted' },
    owner: nullableStr,
    assignee: nullableStr,
    startTime: date,
    endTime: date,
    duration: nullableInt,
    taskDefinitionKey: str,
    priority: nullableInt,
    due: date,
    parentTaskId: nullableStr,
    followUp: date,
    tenantId: nullableStr,
    removalTime: date,
    rootProcessInstanceId: str,
    taskState: { type: 'string', enum: ['Created', 'Assigned', 'Completed', 'Deleted'] },
  },
});

const like = { type: 'string', description: 'SQL LIKE pattern (% and _)' } as const;

export const HISTORIC_TASK_LIST: ListSpec = {
  path: '/history/task',
  what: 'user tasks, open and ended',
  item: HistoricTaskSchema,
  sortBy: Object.keys(SORT),
  filters: {
    taskId: str,
    processInstanceId: str,
    processInstanceIdIn: idList,
    executionId: str,
    processInstanceBusinessKey: str,
    processDefinitionId: str,
    processDefinitionKey: str,
    taskDefinitionKey: str,
    taskName: str,
    taskNameLike: like,
    taskAssignee: str,
    taskAssigneeLike: like,
    taskDeleteReason: str,
    assigned: bool,
    unassigned: bool,
    finished: bool,
    unfinished: bool,
    processFinished: bool,
    processUnfinished: bool,
  },
};

function filtered(knex: Knex, p: Params): Knex.QueryBuilder {
  const q = knex('hist_tasks as ht')
    .join('instances as i', 'i.id', 'ht.instance_id')
    .leftJoin('tasks as t', 't.id', 'ht.id')
    .select('ht.*', 'i.process_key', 't.priority', 't.due_date', 't.follow_up_date');
  const { eq } = columnFilters(q, p);
  const like = (param: string, column: string) => {
    const v = p.string(param);
    if (v !== undefined) q.where(column, 'like', v);
  };
  eq('taskId', 'ht.id');
  eq('processInstanceId', 'ht.instance_id');
  eq('executionId', 'ht.instance_id');
  eq('processInstanceBusinessKey', 'i.business_key');
  eq('processDefinitionId', 'ht.definition_id');
  eq('processDefinitionKey', 'i.process_key');
  eq('taskDefinitionKey', 'ht.element_id');
  eq('taskName', 'ht.name');
  eq('taskAssignee', 'ht.assignee');
  eq('taskDeleteReason', 'ht.delete_reason');
  like('taskNameLike', 'ht.name');
  like('taskAssigneeLike', 'ht.assignee');
  const ids = p.list('processInstanceIdIn');
  if (ids) q.whereIn('ht.instance_id', ids);
  if (p.boolean('assigned')) q.whereNotNull('ht.assignee');
  if (p.boolean('unassigned')) q.whereNull('ht.assignee');
  if (p.boolean('finished')) q.whereNotNull('ht.ended_at');
  if (p.boolean('unfinished')) q.whereNull('ht.ended_at');
  if (p.boolean('processFinished')) q.whereNot('i.status', 'active');
  if (p.boolean('processUnfinished')) q.where('i.status', 'active');
  return q;
}

async function dtos(knex: Knex, rows: HistoricTaskRow[]): Promise<Record<string, unknown>[]> {
  const tops = await rootInstanceIds(
    knex,
    rows.map((r) => r.instance_id),
  );
  return rows.map((row) => {
    const ended = row.ended_at !== null;
    return {
      id: row.id,
      processDefinitionKey: row.process_key,
      processDefinitionId: row.definition_id,
      processInstanceId: row.instance_id,
      executionId: row.instance_id,
      caseDefinitionKey: null,
      caseDefinitionId: null,
      caseInstanceId: null,
      caseExecutionId: null,
      activityInstanceId: row.id,
      name: row.name,
      description: null,
      deleteReason: row.delete_reason,
      owner: null,
      assignee: row.assignee,
      startTime: iso(row.created_at),
      endTime: iso(row.ended_at),
      duration: ended ? Number(row.ended_at) - Number(row.created_at) : null,
      taskDefinitionKey: row.element_id,
      priority: row.priority,
      due: isoDate(row.due_date),
      parentTaskId: null,
      followUp: isoDate(row.follow_up_date),
      tenantId: null,
      removalTime: null,
      rootProcessInstanceId: tops.get(row.instance_id) ?? row.instance_id,
      taskState: ended
        ? row.delete_reason === 'completed'
          ? 'Completed'
          : 'Deleted'
        : row.assignee
          ? 'Assigned'
          : 'Created',
    };
  });
}

export function historicTaskQuery(knex: Knex): QueryResource {
  return {
    async list(p: Params, page: Page) {
      const q = orderBy(filtered(knex, p), sorting(p, SORT), [
        { column: 'ht.created_at', order: 'asc' },
        { column: 'ht.id', order: 'asc' },
      ]);
      return dtos(knex, (await paged(q, page)) as HistoricTaskRow[]);
    },
    count: (p: Params) => countOf(filtered(knex, p)),
  };
}
