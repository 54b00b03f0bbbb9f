/**
 * The user task query (`GET/POST /task`, `/task/count`) over the tasks projection, and the
 * Camunda 7 Task shape. Candidate filters follow Camunda: `candidateUser` / `candidateGroup(s)`
 * match tasks offered to the user or to any of the groups, unassigned ones unless
 * `includeAssignedTasks=true`.
 */
import type { Knex } from 'knex';
import { iso } from './http.ts';
import { bool, date, idList, int, nullableStr, str, type ListSpec } from './listEndpoints.ts';
import {
  countOf,
  orderBy,
  paged,
  sorting,
  whereJsonArrayHas,
  type Page,
  type Params,
  type QueryResource,
  columnFilters,
} from './listQuery.ts';
import { schema } from './schemas.ts';

export interface TaskRow {
  id: string;
  instance_id: string;
  definition_id: string;
  element_id: string;
  name: string | null;
  assignee: string | null;
  candidate_users: string | null;
  candidate_groups: string | null;
  due_date: string | null;
  follow_up_date: string | null;
  priority: number;
  form_key: string | null;
  business_key: string | null;
  created_at: number | string;
  suspended: boolean | number;
}

const SORT: Record<string, string> = {
  created: 't.created_at',
  priority: 't.priority',
  dueDate: 't.due_date',
  followUpDate: 't.follow_up_date',
  name: 't.name',
  assignee: 't.assignee',
  id: 't.id',
  instanceId: 't.instance_id',
  processInstanceId: 't.instance_id',
};

const like = { type: 'string', description: 'SQL LIKE pattern (% and _)' } as const;

export const TaskSchema = schema('Task', {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'instanceId:elementInstanceKey' },
    name: nullableStr,
    assignee: nullableStr,
    owner: nullableStr,
    created: date,
    lastUpdated: date,
    due: date,
    followUp: date,
    delegationState: nullableStr,
    description: nullableStr,
    executionId: str,
    parentTaskId: nullableStr,
    priority: int,
    processDefinitionId: str,
    processInstanceId: str,
    caseExecutionId: nullableStr,
    caseDefinitionId: nullableStr,
    caseInstanceId: nullableStr,
    taskDefinitionKey: str,
    suspended: bool,
    formKey: nullableStr,
    camundaFormRef: { type: 'object', nullable: true },
    tenantId: nullableStr,
    taskState: { type: 'string', enum: ['Created', 'Assigned'] },
  },
  required: ['id', 'taskDefinitionKey', 'processInstanceId', 'processDefinitionId', 'created'],
});

/** `GET/POST /task` and `/task/count`. */
export const TASK_LIST: ListSpec = {
  path: '/task',
  what: 'user tasks',
  item: TaskSchema,
  description:
    'candidateUser / candidateGroup / candidateGroups match tasks offered to the user or to any of ' +
    'the groups; only unassigned ones unless includeAssignedTasks=true.',
  sortBy: Object.keys(SORT),
  filters: {
    taskId: str,
    taskIdIn: idList,
    processInstanceId: str,
    processInstanceIdIn: idList,
    processDefinitionId: str,
    processDefinitionKey: str,
    processDefinitionKeyIn: idList,
    taskDefinitionKey: str,
    taskDefinitionKeyIn: idList,
    assignee: str,
    assigneeIn: idList,
    assigneeLike: like,
    name: str,
    nameLike: like,
    businessKey: { type: 'string', description: 'Alias of processInstanceBusinessKey' },
    processInstanceBusinessKey: str,
    processInstanceBusinessKeyLike: like,
    unassigned: bool,
    assigned: bool,
    candidateUser: str,
    candidateGroup: str,
    candidateGroups: idList,
    includeAssignedTasks: bool,
    withCandidateGroups: bool,
    withoutCandidateGroups: bool,
    withCandidateUsers: bool,
    withoutCandidateUsers: bool,
    active: bool,
    suspended: bool,
    priority: int,
    minPriority: int,
    maxPriority: int,
  },
};

/** An ISO date string (as the engine keeps due dates) in Camunda's date format. */
export function isoDate(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : iso(ms);
}

export function taskBase(knex: Knex): Knex.QueryBuilder {
  return knex('tasks as t')
    .join('instances as i', 'i.id', 't.instance_id')
    .select('t.*', 'i.suspended as suspended');
}

function filtered(knex: Knex, p: Params): Knex.QueryBuilder {
  const q = taskBase(knex);
  const { eq, inList } = columnFilters(q, p);
  eq('taskId', 't.id');
  inList('taskIdIn', 't.id');
  eq('processInstanceId', 't.instance_id');
  inList('processInstanceIdIn', 't.instance_id');
  eq('processDefinitionId', 't.definition_id');
  eq('processDefinitionKey', 'i.process_key');
  inList('processDefinitionKeyIn', 'i.process_key');
  eq('taskDefinitionKey', 't.element_id');
  inList('taskDefinitionKeyIn', 't.element_id');
  eq('assignee', 't.assignee');
  inList('assigneeIn', 't.assignee');
  eq('name', 't.name');
  eq('businessKey', 't.business_key');
  eq('processInstanceBusinessKey', 't.business_key');
  const like = (param: string, column: string) => {
    const v = p.string(param);
    if (v !== undefined) q.where(column, 'like', v);
  };
  like('nameLike', 't.name');
  like('assigneeLike', 't.assignee');
  like('processInstanceBusinessKeyLike', 't.business_key');
  if (p.boolean('unassigned')) q.whereNull('t.assignee');
  if (p.boolean('assigned')) q.whereNotNull('t.assignee');
  if (p.boolean('withCandidateGroups'))
    q.whereNotNull('t.candidate_groups').whereNot('t.candidate_groups', '[]');
  if (p.boolean('withoutCandidateGroups'))
    q.where((b) => b.whereNull('t.candidate_groups').orWhere('t.candidate_groups', '[]'));
  if (p.boolean('withCandidateUsers'))
    q.whereNotNull('t.candidate_users').whereNot('t.candidate_users', '[]');
  if (p.boolean('withoutCandidateUsers'))
    q.where((b) => b.whereNull('t.candidate_users').orWhere('t.candidate_users', '[]'));
  if (p.boolean('active')) q.where('i.suspended', false);
  if (p.boolean('suspended')) q.where('i.suspended', true);
  const priority = p.integer('priority');
  if (priority !== undefined) q.where('t.priority', priority);
  const minPriority = p.integer('minPriority');
  if (minPriority !== undefined) q.where('t.priority', '>=', minPriority);
  const maxPriority = p.integer('maxPriority');
  if (maxPriority !== undefined) q.where('t.priority', '<=', maxPriority);

  const user = p.string('candidateUser');
  const groups = [...(p.list('candidateGroups') ?? [])];
  const group = p.string('candidateGroup');
  if (group !== undefined) groups.push(group);
  if (user !== undefined || group !== undefined || p.has('candidateGroups')) {
    q.where((b) => {
      if (user !== undefined) b.orWhere((u) => whereJsonArrayHas(u, 't.candidate_users', user));
      for (const g of groups) b.orWhere((u) => whereJsonArrayHas(u, 't.candidate_groups', g));
      if (user === undefined && groups.length === 0) b.whereRaw('1 = 0');
    });
    if (!p.boolean('includeAssignedTasks')) q.whereNull('t.assignee');
  }
  return q;
}

/** The Camunda 7 Task shape. */
export function taskDto(row: TaskRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    assignee: row.assignee,
    owner: null,
    created: iso(row.created_at),
    lastUpdated: null,
    due: isoDate(row.due_date),
    followUp: isoDate(row.follow_up_date),
    delegationState: null,
    description: null,
    executionId: row.instance_id,
    parentTaskId: null,
    priority: row.priority,
    processDefinitionId: row.definition_id,
    processInstanceId: row.instance_id,
    caseExecutionId: null,
    caseDefinitionId: null,
    caseInstanceId: null,
    taskDefinitionKey: row.element_id,
    suspended: Boolean(row.suspended),
    formKey: row.form_key,
    camundaFormRef: null,
    tenantId: null,
    taskState: row.assignee ? 'Assigned' : 'Created',
  };
}

export function taskQuery(knex: Knex): QueryResource {
  return {
    async list(p: Params, page: Page) {
      const q = orderBy(filtered(knex, p), sorting(p, SORT), [
        { column: 't.created_at', order: 'asc' },
        { column: 't.id', order: 'asc' },
      ]);
      const rows = (await paged(q, page)) as TaskRow[];
      return rows.map(taskDto);
    },
    count: (p: Params) => countOf(filtered(knex, p)),
  };
}
