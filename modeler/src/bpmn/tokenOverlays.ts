/**
 * What the diagram shows of an instance (live or replayed) or of a definition: markers for active,
 * completed and failing elements and taken flows, badges with token, incident and pass counts.
 */
import type { LiveDefinitionSnapshot, LiveInstanceSnapshot } from '@baton/engine/protocol';
import type { Badge } from '../components/DiagramView.vue';

export interface TokenView {
  active: Record<string, number>;
  completed: Record<string, number>;
  flows: Record<string, number>;
  /** Open incidents per element id. */
  incidents: Record<string, number>;
}

export interface Overlay {
  markers: Record<string, string[]>;
  badges: Record<string, Badge[]>;
}

function add<T>(map: Record<string, T[]>, id: string, value: T) {
  (map[id] ??= []).push(value);
}

export function fromInstanceSnapshot(s: LiveInstanceSnapshot): TokenView {
  const incidents: Record<string, number> = {};
  for (const incident of Object.values(s.incidents))
    incidents[incident.elementId] = (incidents[incident.elementId] ?? 0) + 1;
  return { active: s.active, completed: s.completed, flows: s.flows, incidents };
}

/** `processIds` are left out of the active badges (the process itself is "active" too). */
export function instanceOverlay(view: TokenView, processIds: string[] = []): Overlay {
  const markers: Record<string, string[]> = {};
  const badges: Record<string, Badge[]> = {};
  for (const [id, n] of Object.entries(view.completed)) {
    add(markers, id, 'baton-completed');
    if (n > 1) add(badges, id, { text: `×${n}`, kind: 'count', title: `Ran ${n} times` });
  }
  for (const id of Object.keys(view.flows)) add(markers, id, 'baton-taken');
  for (const [id, n] of Object.entries(view.active)) {
    if (processIds.includes(id)) continue;
    add(markers, id, 'baton-active');
    add(badges, id, { text: String(n), kind: 'active', title: `${n} active token${n === 1 ? '' : 's'}` });
  }
  for (const [id, n] of Object.entries(view.incidents)) {
    add(markers, id, 'baton-incident');
    add(badges, id, {
      text: n > 1 ? `! ${n}` : '!',
      kind: 'incident',
      title: `${n} open incident${n === 1 ? '' : 's'}`,
    });
  }
  return { markers, badges };
}

export function definitionOverlay(s: LiveDefinitionSnapshot, processIds: string[] = []): Overlay {
  const markers: Record<string, string[]> = {};
  const badges: Record<string, Badge[]> = {};
  for (const [id, n] of Object.entries(s.active)) {
    if (processIds.includes(id) || n <= 0) continue;
    add(markers, id, 'baton-active');
    add(badges, id, { text: String(n), kind: 'active', title: `${n} active token${n === 1 ? '' : 's'}` });
  }
  for (const [id, n] of Object.entries(s.incidents)) {
    if (n <= 0) continue;
    add(markers, id, 'baton-incident');
    add(badges, id, { text: String(n), kind: 'incident', title: `${n} open incident${n === 1 ? '' : 's'}` });
  }
  return { markers, badges };
}
