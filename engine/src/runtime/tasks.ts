/** The user task list of the in-memory engine: an index over waiting user tasks, kept from events. */
import { BatonError } from '../protocol/errors.ts';
import type { EngineEvent } from '../protocol/events.ts';
import type { Engine } from './engine.ts';
import { toInput } from './variables.ts';
import type { TaskFilter, TaskInfo, VariablesArg } from './types.ts';

export class TaskService {
  /** Task id -> [instance id, element instance key]. */
  private readonly open = new Map<string, [string, string]>();

  constructor(private readonly engine: Engine) {}

  /** Keeps the index in step with an instance's events. */
  index(events: readonly EngineEvent[]): void {
    for (const event of events) {
      if (event.type === 'element.waiting' && event.wait.kind === 'task') {
        this.track(event.instanceId, event.key);
      } else if (
        event.type === 'element.completed' ||
        event.type === 'element.terminated' ||
        // A completed user task with asyncAfter waits again, no longer as a task.
        event.type === 'element.waiting'
      ) {
        if (this.open.size > 0) this.open.delete(`${event.instanceId}:${event.key}`);
      }
    }
  }

  track(instanceId: string, key: string): void {
    this.open.set(`${instanceId}:${key}`, [instanceId, key]);
  }

  get(taskId: string): TaskInfo {
    const where = this.open.get(taskId);
    if (!where) throw new BatonError('NOT_FOUND', `No open user task '${taskId}'`);
    return this.describe(where[0], where[1]);
  }

  list(filter: TaskFilter & { groups?: string[] } = {}): TaskInfo[] {
    const out: TaskInfo[] = [];
    for (const [instanceId, key] of this.open.values()) {
      const task = this.describe(instanceId, key);
      if (matches(task, filter)) out.push(task);
    }
    return out.sort((a, b) => a.created - b.created);
  }

  get size(): number {
    return this.open.size;
  }

  claim(taskId: string, userId: string): void {
    const task = this.get(taskId);
    if (task.assignee !== undefined && task.assignee !== userId) {
      throw new BatonError('CONFLICT', `Task '${taskId}' is already claimed by '${task.assignee}'`);
    }
    this.update(taskId, { assignee: userId });
  }

  unclaim(taskId: string): void {
    this.update(taskId, { assignee: null });
  }

  setAssignee(taskId: string, userId: string | null): void {
    this.update(taskId, { assignee: userId });
  }

  update(
    taskId: string,
    changes: {
      assignee?: string | null;
      candidateUsers?: string[];
      candidateGroups?: string[];
      dueDate?: string | null;
      priority?: number;
    },
  ): void {
    const [instanceId, key] = this.where(taskId);
    this.engine.dispatch(instanceId, { type: 'task.update', key, ...changes });
  }

  complete(taskId: string, args: VariablesArg = {}): void {
    const [instanceId, key] = this.where(taskId);
    this.engine.dispatch(instanceId, { type: 'task.complete', key, variables: toInput(args) });
  }

  private where(taskId: string): [string, string] {
    const where = this.open.get(taskId);
    if (!where) throw new BatonError('NOT_FOUND', `No open user task '${taskId}'`);
    return where;
  }

  private describe(instanceId: string, key: string): TaskInfo {
    const state = this.engine.state(instanceId);
    const inst = state.elements[key];
    if (inst?.wait?.kind !== 'task')
      throw new BatonError('NOT_FOUND', `No open user task '${instanceId}:${key}'`);
    const { candidateUsers, candidateGroups, ...data } = inst.wait.task;
    const task: TaskInfo = {
      ...data,
      taskDefinitionKey: inst.elementId,
      processInstanceId: instanceId,
      processDefinitionId: state.definitionId,
      candidateUsers: candidateUsers ?? [],
      candidateGroups: candidateGroups ?? [],
    };
    if (state.businessKey !== undefined) task.businessKey = state.businessKey;
    return task;
  }
}

function matches(task: TaskInfo, f: TaskFilter & { groups?: string[] }): boolean {
  if (f.processInstanceId !== undefined && task.processInstanceId !== f.processInstanceId) return false;
  if (f.taskDefinitionKey !== undefined && task.taskDefinitionKey !== f.taskDefinitionKey) return false;
  if (f.assignee !== undefined && task.assignee !== f.assignee) return false;
  if (f.unassigned && task.assignee !== undefined) return false;
  if (f.candidateGroup !== undefined && !task.candidateGroups.includes(f.candidateGroup)) return false;
  if (f.candidateUser !== undefined) {
    const groups = f.groups ?? [];
    const candidate =
      task.candidateUsers.includes(f.candidateUser) || task.candidateGroups.some((g) => groups.includes(g));
    if (!candidate) return false;
  }
  return true;
}
