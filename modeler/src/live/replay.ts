/**
 * Replay: folds an instance's recorded engine events up to a point into what the diagram and the
 * variables looked like at that moment. Pure, so the slider can scrub back and forth freely.
 */
import type { EngineEvent, JsonValue } from '@baton/engine/protocol';

export interface ReplayFrame {
  /** Events folded (0 = nothing yet). */
  position: number;
  time: number | undefined;
  active: Record<string, number>;
  completed: Record<string, number>;
  flows: Record<string, number>;
  incidents: Record<string, number>;
  /** The process-level variables at that moment. */
  variables: Record<string, JsonValue>;
  status: 'active' | 'completed' | 'terminated';
}

function count(map: Record<string, number>, id: string, delta: number) {
  const next = (map[id] ?? 0) + delta;
  if (next > 0) map[id] = next;
  else delete map[id];
}

export function replay(events: readonly EngineEvent[], position: number): ReplayFrame {
  const frame: ReplayFrame = {
    position,
    time: undefined,
    active: {},
    completed: {},
    flows: {},
    incidents: {},
    variables: {},
    status: 'active',
  };
  let root: string | undefined;
  const incidentAt = new Map<string, string>();
  for (const event of events.slice(0, position)) {
    frame.time = event.time;
    switch (event.type) {
      case 'instance.created':
        root = event.root;
        break;
      case 'element.activated':
        count(frame.active, event.elementId, 1);
        break;
      case 'element.completed':
        count(frame.active, event.elementId, -1);
        count(frame.completed, event.elementId, 1);
        break;
      case 'element.terminated':
        count(frame.active, event.elementId, -1);
        break;
      case 'flow.taken':
        count(frame.flows, event.flowId, 1);
        break;
      case 'variable.set':
        if (event.scope === root) frame.variables[event.name] = event.value;
        break;
      case 'variable.deleted':
        if (event.scope === root) delete frame.variables[event.name];
        break;
      case 'incident.raised': {
        incidentAt.set(event.incident.id, event.incident.elementId);
        count(frame.incidents, event.incident.elementId, 1);
        break;
      }
      case 'incident.resolved': {
        const elementId = incidentAt.get(event.incidentId);
        if (elementId) count(frame.incidents, elementId, -1);
        break;
      }
      case 'instance.completed':
        frame.status = 'completed';
        break;
      case 'instance.terminated':
        frame.status = 'terminated';
        break;
    }
  }
  return frame;
}
