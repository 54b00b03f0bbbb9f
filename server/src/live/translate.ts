/**
 * Engine events -> live events. Which element completions end a user task and on which element an
 * incident sat are not in the engine event itself; each feed answers them from what it tracks.
 */
import type { EngineEvent, LiveEvent } from '@baton/engine';

/** What a feed knows about the open tasks and incidents it follows. */
export interface TranslateContext {
  isOpenTask(taskId: string): boolean;
  incidentElement(incidentId: string): string | undefined;
}

/** The live event for an engine event, or none; user task completions add a task event first. */
export function toLiveEvents(event: EngineEvent, ctx: TranslateContext): LiveEvent[] {
  const { seq, time } = event;
  switch (event.type) {
    case 'element.activated':
      return [
        {
          type: event.type,
          seq,
          time,
          key: event.key,
          elementId: event.elementId,
          elementType: event.elementType,
          parent: event.parent,
        },
      ];
    case 'element.completed':
    case 'element.terminated': {
      const out: LiveEvent[] = [];
      const taskId = `${event.instanceId}:${event.key}`;
      if (ctx.isOpenTask(taskId)) {
        const type = event.type === 'element.completed' ? 'task.completed' : 'task.canceled';
        out.push({ type, seq, time, taskId, key: event.key, elementId: event.elementId });
      }
      out.push({ type: event.type, seq, time, key: event.key, elementId: event.elementId });
      return out;
    }
    case 'element.waiting': {
      if (event.wait.kind !== 'task') return [];
      const t = event.wait.task;
      const task = { id: t.id, key: event.key, elementId: event.elementId, created: t.created };
      if (t.name !== undefined) Object.assign(task, { name: t.name });
      if (t.assignee !== undefined) Object.assign(task, { assignee: t.assignee });
      return [{ type: 'task.created', seq, time, task }];
    }
    case 'flow.taken':
      return [
        { type: event.type, seq, time, flowId: event.flowId, source: event.source, target: event.target },
      ];
    case 'instance.completed':
    case 'instance.terminated':
      return [
        {
          type: 'instance.ended',
          seq,
          time,
          status: event.type === 'instance.completed' ? 'completed' : 'terminated',
        },
      ];
    case 'incident.raised': {
      const i = event.incident;
      const incident = {
        id: i.id,
        key: i.key,
        elementId: i.elementId,
        type: i.type,
        message: i.message,
        created: i.created,
      };
      return [{ type: event.type, seq, time, incident }];
    }
    case 'incident.resolved':
      return [
        {
          type: event.type,
          seq,
          time,
          incidentId: event.incidentId,
          key: event.key,
          elementId: ctx.incidentElement(event.incidentId) ?? '',
        },
      ];
    default:
      return [];
  }
}
