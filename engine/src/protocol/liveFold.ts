/**
 * The fold of live batches into live snapshots, shared by the server (which builds its snapshots
 * with it) and the web app (which keeps its view with it). Pure functions, no dependencies.
 */
import type {
  LiveBatch,
  LiveDefinitionSnapshot,
  LiveEvent,
  LiveInstanceSnapshot,
  LiveSnapshot,
} from './live.ts';

/** What `applyLiveBatch` did with a batch. */
export type LiveApplyResult = 'applied' | 'duplicate' | 'gap';

/** The snapshot of an instance before its first event (`seq` 0). */
export function emptyInstanceSnapshot(instanceId: string, definitionId: string): LiveInstanceSnapshot {
  return {
    kind: 'instance',
    instanceId,
    definitionId,
    status: 'active',
    seq: 0,
    active: {},
    completed: {},
    terminated: {},
    flows: {},
    incidents: {},
    tasks: {},
  };
}

/** The snapshot of a definition with no instance (`seq` 0). */
export function emptyDefinitionSnapshot(definitionId: string): LiveDefinitionSnapshot {
  return { kind: 'definition', definitionId, seq: 0, active: {}, incidents: {}, tasks: {} };
}

/** Applies a batch to a snapshot (in place) if it is the next one; see the module comment. */
export function applyLiveBatch(snapshot: LiveSnapshot, batch: LiveBatch): LiveApplyResult {
  if (batch.seq <= snapshot.seq) return 'duplicate';
  if (batch.from !== snapshot.seq + 1) return 'gap';
  for (const event of batch.events) applyLiveEvent(snapshot, event);
  snapshot.seq = batch.seq;
  return 'applied';
}

/** Folds one event into a snapshot (in place); `seq` is left to `applyLiveBatch`. */
export function applyLiveEvent(snapshot: LiveSnapshot, event: LiveEvent): void {
  if (snapshot.kind === 'instance') applyToInstance(snapshot, event);
  else applyToDefinition(snapshot, event);
}

function applyToInstance(s: LiveInstanceSnapshot, event: LiveEvent): void {
  switch (event.type) {
    case 'element.activated':
      count(s.active, event.elementId, 1);
      break;
    case 'element.completed':
    case 'element.terminated':
      count(s.active, event.elementId, -1);
      count(event.type === 'element.completed' ? s.completed : s.terminated, event.elementId, 1);
      break;
    case 'flow.taken':
      count(s.flows, event.flowId, 1);
      break;
    case 'instance.ended':
      s.status = event.status;
      break;
    case 'incident.raised':
      s.incidents[event.incident.id] = event.incident;
      break;
    case 'incident.resolved':
      delete s.incidents[event.incidentId];
      break;
    case 'task.created':
      s.tasks[event.task.id] = event.task;
      break;
    case 'task.completed':
    case 'task.canceled':
      delete s.tasks[event.taskId];
      break;
  }
}

function applyToDefinition(s: LiveDefinitionSnapshot, event: LiveEvent): void {
  switch (event.type) {
    case 'element.activated':
      count(s.active, event.elementId, 1);
      break;
    case 'element.completed':
    case 'element.terminated':
      count(s.active, event.elementId, -1);
      break;
    case 'incident.raised':
      count(s.incidents, event.incident.elementId, 1);
      break;
    case 'incident.resolved':
      count(s.incidents, event.elementId, -1);
      break;
    case 'task.created':
      count(s.tasks, event.task.elementId, 1);
      break;
    case 'task.completed':
    case 'task.canceled':
      count(s.tasks, event.elementId, -1);
      break;
  }
}

/** Adds `delta` to `counts[id]`, dropping ids that reach zero (so equal states compare equal). */
function count(counts: Record<string, number>, id: string, delta: number): void {
  const next = (counts[id] ?? 0) + delta;
  if (next === 0) delete counts[id];
  else counts[id] = next;
}
