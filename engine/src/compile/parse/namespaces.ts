/**
 * XML namespaces the parser cares about, and detection of the extension dialects a file declares.
 */

/** The BPMN 2.0 semantic model namespace: the root `<definitions>` must live in it. */
export const BPMN_MODEL_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
/** Camunda 7 extensions (`camunda:` prefix, camunda-bpmn-moddle). */
export const CAMUNDA_NS = 'http://camunda.org/schema/1.0/bpmn';
/**
 * Legacy Activiti namespace. Camunda 7 grew out of Activiti and still reads it as its own; Camunda's own
 * test files and old modeler exports bind the `camunda:` (or `activiti:`) prefix to it.
 */
export const ACTIVITI_NS = 'http://activiti.org/bpmn';
/** Camunda 8 (Zeebe) extensions (`zeebe:` prefix, zeebe-bpmn-moddle). */
export const ZEEBE_NS = 'http://camunda.org/schema/zeebe/1.0';

/** An engine extension dialect a BPMN file can be written for. */
export type Dialect = 'camunda7' | 'camunda8';

// Matches `xmlns="uri"` and `xmlns:prefix='uri'` anywhere in the document: declarations may sit on nested
// elements, not only on the root. A plain substring test would not do: Camunda exports often reuse the
// Camunda URI as `targetNamespace` without binding any prefix to it.
const XMLNS_DECLARATION = /\sxmlns(?::[^\s=]+)?\s*=\s*(["'])(.*?)\1/g;

/** Every namespace URI declared by an `xmlns` attribute in the document, in first-seen order. */
export function declaredNamespaces(xml: string): Set<string> {
  const uris = new Set<string>();
  for (const match of xml.matchAll(XMLNS_DECLARATION)) {
    uris.add(match[2].trim());
  }
  return uris;
}

/**
 * The dialects a document declares: `camunda7` for the Camunda or the legacy Activiti namespace,
 * `camunda8` for the Zeebe namespace. A namespace can only be used once declared, so declarations cover
 * use as well. Sorted, so equal inputs give equal arrays.
 */
export function detectDialects(namespaces: ReadonlySet<string>): Dialect[] {
  const dialects: Dialect[] = [];
  if (namespaces.has(CAMUNDA_NS) || namespaces.has(ACTIVITI_NS)) dialects.push('camunda7');
  if (namespaces.has(ZEEBE_NS)) dialects.push('camunda8');
  return dialects;
}
