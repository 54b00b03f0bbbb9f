/**
 * Resolves references written as QNames, which moddle leaves unresolved.
 *
 * In the BPMN 2.0 schema, references such as `messageRef`, `attachedToRef` or `bpmnElement` are
 * `xsd:QName`s: `tns:newInvoice` names the element with id `newInvoice` in the namespace bound to `tns`.
 * bpmn-moddle treats them as plain IDREFs, so `tns:newInvoice` matches no id, moddle drops the reference
 * and warns. Camunda's own tests (`messageRef="tns:newInvoice"`), IBM, GenMyModel and Trisotech exports
 * all write such QNames. A QName is resolved here when its prefix is bound to the document's
 * `targetNamespace` (the spec's meaning) or to the BPMN model namespace (what several exporters write),
 * and the local part is the id of an element of the property's type. A prefix bound to another
 * namespace names an element of an imported document: that reference stays unresolved, with its warning.
 */
import { BPMN_MODEL_NS } from './namespaces.ts';
import type { BpmnDefinitionsElement, ModdleElement, ModdleWarning } from './types.ts';

interface ReferenceProperty {
  name: string;
  /** Qualified type, e.g. `bpmn:Message`. */
  type: string;
  isMany?: boolean;
}

/** The moddle element API needed to set a reference (moddle elements all have it). */
interface ReferencingElement extends ModdleElement {
  $descriptor: { propertiesByName: Record<string, ReferenceProperty | undefined> };
  get(name: string): unknown;
  set(name: string, value: unknown): void;
}

interface ReferencedElement extends ModdleElement {
  $instanceOf(type: string): boolean;
}

const UNRESOLVED_REFERENCE = /^unresolved reference </;

/** The URI bound to `prefix` in the scope of `element` (declarations live in `$attrs`). */
function namespaceOf(prefix: string, element: ModdleElement | undefined): string | undefined {
  for (let e = element; e; e = e.$parent) {
    const uri = e.$attrs?.[`xmlns:${prefix}`];
    if (uri !== undefined) return uri;
  }
  return undefined;
}

function resolve(
  warning: ModdleWarning,
  elementsById: Record<string, ModdleElement>,
  targetNamespace?: string,
) {
  const { element, property, value } = warning;
  if (!element || !property || typeof value !== 'string') return false;
  const colon = value.indexOf(':');
  if (colon < 0) return false;
  const target = elementsById[value.slice(colon + 1)] as ReferencedElement | undefined;
  const uri = namespaceOf(value.slice(0, colon), element);
  if (!target || uri === undefined || (uri !== targetNamespace && uri !== BPMN_MODEL_NS)) return false;
  const referencing = element as ReferencingElement;
  const descriptor = referencing.$descriptor.propertiesByName[property];
  if (!descriptor || !target.$instanceOf(descriptor.type)) return false;
  if (descriptor.isMany) (referencing.get(descriptor.name) as unknown[]).push(target);
  else referencing.set(descriptor.name, target);
  return true;
}

/**
 * Sets every unresolved reference of `warnings` that is a resolvable QName (see above) and returns the
 * warnings still standing.
 */
export function resolveQNameReferences(
  warnings: readonly ModdleWarning[],
  elementsById: Record<string, ModdleElement>,
  definitions: BpmnDefinitionsElement,
): ModdleWarning[] {
  return warnings.filter(
    (warning) =>
      !UNRESOLVED_REFERENCE.test(warning.message) ||
      !resolve(warning, elementsById, definitions.targetNamespace),
  );
}
