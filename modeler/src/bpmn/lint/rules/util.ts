/** Reading moddle elements in lint rules, whichever extension (camunda: or zeebe:) is loaded. */
export interface LintNode {
  $type: string;
  id?: string;
  $attrs?: Record<string, string>;
  get?(name: string): unknown;
  [key: string]: unknown;
}

/** An attribute such as `camunda:topic`, known to the moddle or kept as a foreign attribute. */
export function attr(node: LintNode, name: string): string | undefined {
  let value: unknown;
  try {
    value = node.get?.(name);
  } catch {
    value = undefined; // the prefix is not registered in this modeler: read it as a foreign attribute
  }
  if (value === undefined || value === null || value === '') value = node.$attrs?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Extension elements of a type, e.g. `zeebe:TaskDefinition`. */
export function extensions(node: LintNode, type: string): LintNode[] {
  const ext = node.extensionElements as { values?: LintNode[] } | undefined;
  return (ext?.values ?? []).filter((v) => v.$type === type);
}

export function eventDefinitions(node: LintNode): LintNode[] {
  return (node.eventDefinitions as LintNode[] | undefined) ?? [];
}
