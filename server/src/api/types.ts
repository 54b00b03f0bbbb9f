/**
 * The REST resources' TypeScript shapes, inferred from the same schemas that validate requests and
 * build openapi.json, for clients in this repository (the web app imports them type-only).
 */
import type { Infer } from './validate.ts';
import type { ActivityInstanceSchema } from './activityInstances.ts';
import type { DeploymentSchema, ProcessDefinitionSchema, ProcessInstanceSchema } from './dto.ts';
import type { ExternalTaskSchema } from './externalTaskQuery.ts';
import type { HistoricActivityInstanceSchema } from './historyActivity.ts';
import type { HistoricProcessInstanceSchema } from './historyProcessInstance.ts';
import type { HistoricTaskSchema } from './historyTask.ts';
import type { HistoricVariableInstanceSchema } from './historyVariable.ts';
import type { HistoricIncidentSchema, IncidentSchema } from './incident.ts';
import type { JobSchema } from './job.ts';
import type { CorrelationResultSchema } from './messageEndpoints.ts';
import type { CountSchema, ErrorSchema, VariableValueSchema, VariablesSchema } from './schemas.ts';
import type { ActivityStatistics } from './statistics.ts';
import type { TaskSchema } from './taskQuery.ts';

export type ProcessDefinitionDto = Infer<typeof ProcessDefinitionSchema>;
export type ProcessInstanceDto = Infer<typeof ProcessInstanceSchema>;
export type DeploymentDto = Infer<typeof DeploymentSchema>;
export type ActivityInstanceDto = Infer<typeof ActivityInstanceSchema>;
export type ActivityStatisticsDto = Infer<typeof ActivityStatistics>;
export type TaskDto = Infer<typeof TaskSchema>;
export type ExternalTaskDto = Infer<typeof ExternalTaskSchema>;
export type IncidentDto = Infer<typeof IncidentSchema>;
export type HistoricIncidentDto = Infer<typeof HistoricIncidentSchema>;
export type JobDto = Infer<typeof JobSchema>;
export type HistoricProcessInstanceDto = Infer<typeof HistoricProcessInstanceSchema>;
export type HistoricActivityInstanceDto = Infer<typeof HistoricActivityInstanceSchema>;
export type HistoricTaskDto = Infer<typeof HistoricTaskSchema>;
export type HistoricVariableInstanceDto = Infer<typeof HistoricVariableInstanceSchema>;
export type CorrelationResultDto = Infer<typeof CorrelationResultSchema>;
export type VariableValueDto = Infer<typeof VariableValueSchema>;
export type VariablesDto = Infer<typeof VariablesSchema>;
export type CountDto = Infer<typeof CountSchema>;
export type ErrorDto = Infer<typeof ErrorSchema>;
