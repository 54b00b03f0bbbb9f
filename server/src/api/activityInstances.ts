/**
 * Camunda's activity instance tree of a running instance, from the state's element instances
 * and their parent keys. The process instance is the root (activityType `processDefinition`); a
 * multi-instance body is `<activityId>#multiInstanceBody` with its iterations below it; the
 * wrapper of a standard loop is left out (its iteration hangs below the loop's scope).
 */
import type { CompiledProcess, ElementInstance, InstanceState } from '@baton/engine';
import { schema, type Schema } from './schemas.ts';

export interface ActivityInstanceDto {
  id: string;
  parentActivityInstanceId: string | null;
  activityId: string;
  activityType: string;
  activityName: string | null;
  processInstanceId: string;
  processDefinitionId: string;
  childActivityInstances: ActivityInstanceDto[];
  childTransitionInstances: never[];
  executionIds: string[];
  incidentIds: string[];
  incidents: { id: string; activityId: string }[];
}

/** The activity id statistics and the tree use for an element instance; null for none. */
export function activityIdOf(inst: ElementInstance): string | null {
  if (inst.parent === null || inst.body === 'loop') return null;
  return inst.body === 'multiInstance' ? `${inst.elementId}#multiInstanceBody` : inst.elementId;
}

/** Id of an element instance as the REST API and external tasks show it. */
export function activityInstanceId(state: InstanceState, key: string): string {
  return key === state.root ? state.id : `${state.id}:${key}`;
}

/** The tree of a running instance. */
export function activityTree(state: InstanceState, process: CompiledProcess): ActivityInstanceDto {
  const node = (
    key: string,
    activityId: string,
    type: string,
    name: string | undefined,
    parent: string | null,
  ) => {
    const inst = state.elements[key];
    const id = activityInstanceId(state, key);
    const incidentIds = inst?.incident ? [inst.incident] : [];
    const dto: ActivityInstanceDto = {
      id,
      parentActivityInstanceId: parent,
      activityId,
      activityType: type,
      activityName: name ?? null,
      processInstanceId: state.id,
      processDefinitionId: state.definitionId,
      childActivityInstances: [],
      childTransitionInstances: [],
      executionIds: [id],
      incidentIds,
      incidents: incidentIds.map((i) => ({ id: i, activityId: inst?.elementId ?? activityId })),
    };
    return dto;
  };
  const root = node(state.root, state.definitionId, 'processDefinition', process.name, null);
  const nodes = new Map<string, ActivityInstanceDto>([[state.root, root]]);
  const ordered = Object.values(state.elements).sort(
    (a, b) => a.startedAt - b.startedAt || Number(a.key) - Number(b.key) || a.key.localeCompare(b.key),
  );
  // Parents start before their children, so one pass in start order finds every parent node.
  const attach = (inst: ElementInstance): ActivityInstanceDto | undefined => {
    for (let p = inst.parent; p !== null;) {
      const found = nodes.get(p);
      if (found) return found;
      const up: ElementInstance | undefined = state.elements[p];
      if (!up) return undefined;
      p = up.parent;
    }
    return undefined;
  };
  for (const inst of ordered) {
    const activityId = activityIdOf(inst);
    if (activityId === null) continue;
    const parent = attach(inst) ?? root;
    const el = process.elements[inst.elementId];
    const type = inst.body === 'multiInstance' ? 'multiInstanceBody' : (el?.kind ?? 'unknown');
    const dto = node(inst.key, activityId, type, el?.name, parent.id);
    parent.childActivityInstances.push(dto);
    nodes.set(inst.key, dto);
  }
  return root;
}

const activityInstanceFields: Record<string, Schema> = {
  id: { type: 'string' },
  parentActivityInstanceId: { type: 'string', nullable: true },
  activityId: { type: 'string' },
  activityType: { type: 'string', example: 'userTask' },
  activityName: { type: 'string', nullable: true },
  processInstanceId: { type: 'string' },
  processDefinitionId: { type: 'string' },
  childTransitionInstances: { type: 'array', items: { type: 'object' } },
  executionIds: { type: 'array', items: { type: 'string' } },
  incidentIds: { type: 'array', items: { type: 'string' } },
  incidents: {
    type: 'array',
    items: { type: 'object', properties: { id: { type: 'string' }, activityId: { type: 'string' } } },
  },
};

/** The tree's schema (children are described one level deep; they have the same shape). */
export const ActivityInstanceSchema = schema('ActivityInstance', {
  type: 'object',
  properties: {
    ...activityInstanceFields,
    childActivityInstances: { type: 'array', items: { type: 'object', properties: activityInstanceFields } },
  },
});
