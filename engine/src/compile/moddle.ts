/** Small typed accessors over loosely typed moddle objects. */
import type { ModdleElement } from './parse/types.ts';

export type { ModdleElement } from './parse/types.ts';

/** A property or qualified extension attribute (`camunda:assignee`), or undefined. */
export function attr(el: ModdleElement | undefined, name: string): unknown {
  if (!el) return undefined;
  const value = typeof el.get === 'function' ? el.get(name) : el[name];
  if (value !== undefined && value !== null) return value;
  return el.$attrs?.[name];
}

export function str(el: ModdleElement | undefined, name: string): string | undefined {
  const value = attr(el, name);
  return value === undefined || value === null ? undefined : String(value);
}

export function bool(el: ModdleElement | undefined, name: string): boolean | undefined {
  const value = attr(el, name);
  if (value === undefined || value === null) return undefined;
  return value === true || value === 'true';
}

export function list(el: ModdleElement | undefined, name: string): ModdleElement[] {
  const value = el?.[name];
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

export function child(el: ModdleElement | undefined, name: string): ModdleElement | undefined {
  const value = el?.[name];
  return value && typeof value === 'object' ? (value as ModdleElement) : undefined;
}

/** The extension elements of `el` with the given `$type` (e.g. `zeebe:TaskDefinition`). */
export function extensions(el: ModdleElement, type: string): ModdleElement[] {
  return list(child(el, 'extensionElements'), 'values').filter((v) => v.$type === type);
}

export function extension(el: ModdleElement, type: string): ModdleElement | undefined {
  return extensions(el, type)[0];
}

/** Body text of a `tFormalExpression` (or of a plain string property). */
export function body(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  const text = (value as ModdleElement).body;
  return typeof text === 'string' ? text : undefined;
}

/** `bpmn:UserTask` -> `UserTask`. */
export function localType(el: ModdleElement): string {
  const i = el.$type.indexOf(':');
  return i < 0 ? el.$type : el.$type.slice(i + 1);
}
