/**
 * The REST calls the web app makes, typed with the server's own resource types (inferred from the
 * schemas that validate requests) and the shared Baton insight types.
 */
import type {
  Dashboard,
  Draft,
  DraftSummary,
  Heatmap,
  InstanceEventLog,
  TaskForm,
  WaitingExplanation,
} from '@baton/engine/protocol';
import type {
  ActivityStatisticsDto,
  DeploymentDto,
  HistoricActivityInstanceDto,
  HistoricProcessInstanceDto,
  IncidentDto,
  ProcessDefinitionDto,
  ProcessInstanceDto,
  TaskDto,
  VariablesDto,
} from '@baton/server/api-types';
import { del, get, post, put, request, type Query } from './http.ts';

/** `GET /process-definition/statistics` row (Camunda 7 shape). */
export interface DefinitionStatistics {
  id: string;
  instances: number;
  failedJobs: number;
  incidents: { incidentType: string; incidentCount: number }[];
  definition: ProcessDefinitionDto;
}

export interface DeployedDefinitions extends DeploymentDto {
  deployedProcessDefinitions?: Record<string, ProcessDefinitionDto> | null;
}

const enc = encodeURIComponent;

export const definitions = {
  list: (query?: Query) => get<ProcessDefinitionDto[]>('/process-definition', query),
  get: (id: string) => get<ProcessDefinitionDto>(`/process-definition/${enc(id)}`),
  xml: async (id: string) =>
    (await get<{ bpmn20Xml: string }>(`/process-definition/${enc(id)}/xml`)).bpmn20Xml,
  statistics: () => get<DefinitionStatistics[]>('/process-definition/statistics', { incidents: true }),
  activityStatistics: (id: string) =>
    get<ActivityStatisticsDto[]>(`/process-definition/${enc(id)}/statistics`, { incidents: true }),
  start: (id: string, body: { businessKey?: string; variables?: VariablesDto }) =>
    post<ProcessInstanceDto>(`/process-definition/${enc(id)}/start`, body),
  heatmap: (id: string, from?: string, to?: string) =>
    get<Heatmap>(`/baton/process-definition/${enc(id)}/heatmap`, { from, to }),
};

export const deployments = {
  /** Deploys one diagram; a bad file throws an ApiError whose body lists every diagnostic. */
  create(name: string, fileName: string, xml: string): Promise<DeployedDefinitions> {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('enable-duplicate-filtering', 'true');
    form.set('deployment-source', 'baton-modeler');
    form.set('data', new Blob([xml], { type: 'application/xml' }), fileName);
    return request<DeployedDefinitions>('POST', '/deployment/create', form);
  },
};

export const instances = {
  /** Running and ended instances (history), newest first. */
  history: (query?: Query) =>
    get<HistoricProcessInstanceDto[]>('/history/process-instance', {
      sortBy: 'startTime',
      sortOrder: 'desc',
      ...query,
    }),
  historic: (id: string) => get<HistoricProcessInstanceDto>(`/history/process-instance/${enc(id)}`),
  activities: (id: string) =>
    get<HistoricActivityInstanceDto[]>('/history/activity-instance', {
      processInstanceId: id,
      sortBy: 'startTime',
      sortOrder: 'asc',
    }),
  variables: (id: string) => get<VariablesDto>(`/process-instance/${enc(id)}/variables`),
  historicVariables: (id: string) =>
    get<{ name: string; type: string; value: unknown }[]>('/history/variable-instance', {
      processInstanceId: id,
    }),
  setVariables: (id: string, modifications: VariablesDto) =>
    post<void>(`/process-instance/${enc(id)}/variables`, { modifications }),
  suspend: (id: string, suspended: boolean) =>
    put<void>(`/process-instance/${enc(id)}/suspended`, { suspended }),
  cancel: (id: string) => del<void>(`/process-instance/${enc(id)}`),
  waiting: (id: string) => get<WaitingExplanation[]>(`/baton/process-instance/${enc(id)}/waiting`),
  events: (id: string) => get<InstanceEventLog>(`/baton/process-instance/${enc(id)}/events`),
};

export const incidents = {
  list: (query: Query) => get<IncidentDto[]>('/incident', query),
  /** Gives the failed job or external task one more try: the incident resolves when it runs. */
  retry: (incident: IncidentDto) =>
    incident.incidentType === 'failedExternalTask'
      ? put<void>(`/external-task/${enc(incident.configuration ?? '')}/retries`, { retries: 1 })
      : put<void>(`/job/${enc(incident.configuration ?? '')}/retries`, { retries: 1 }),
};

export const tasks = {
  list: (query: Query) => get<TaskDto[]>('/task', query),
  get: (id: string) => get<TaskDto>(`/task/${enc(id)}`),
  claim: (id: string, userId: string) => post<void>(`/task/${enc(id)}/claim`, { userId }),
  unclaim: (id: string) => post<void>(`/task/${enc(id)}/unclaim`, {}),
  form: (id: string) => get<TaskForm>(`/baton/task/${enc(id)}/form`),
  variables: (id: string) => get<VariablesDto>(`/task/${enc(id)}/variables`),
  submitForm: (id: string, variables: VariablesDto) =>
    post<void>(`/task/${enc(id)}/submit-form`, { variables }),
  complete: (id: string, variables: VariablesDto) => post<void>(`/task/${enc(id)}/complete`, { variables }),
};

export const drafts = {
  list: () => get<DraftSummary[]>('/baton/draft'),
  get: (id: string) => get<Draft>(`/baton/draft/${enc(id)}`),
  create: (draft: Omit<Draft, 'id' | 'updated'>) => post<Draft>('/baton/draft', draft),
  update: (id: string, draft: Omit<Draft, 'id' | 'updated'>) => put<Draft>(`/baton/draft/${enc(id)}`, draft),
  remove: (id: string) => del<void>(`/baton/draft/${enc(id)}`),
};

export const dashboard = {
  get: (hours: number) => get<Dashboard>('/baton/dashboard', { hours }),
};
