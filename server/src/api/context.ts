/** What every route module gets: the durable engine and its services. */
import type { DurableEngine } from '../engine/durableEngine.ts';
import type { ExternalTasks } from '../engine/externalTasks.ts';
import type { JobExecutor } from '../engine/jobExecutor.ts';

export interface ApiContext {
  engine: DurableEngine;
  externalTasks: ExternalTasks;
  executor: JobExecutor;
}
