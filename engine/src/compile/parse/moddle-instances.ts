/**
 * The bpmn-moddle instances the parser reads with: built once per descriptor set, on first use, and
 * reused for every later parse (building one resolves hundreds of type descriptors; per-file creation
 * would dominate parse time over a corpus).
 *
 * Three sets, chosen by the namespaces a file declares:
 * - `camunda7`: BPMN + Camunda 7 descriptors, complete.
 * - `camunda8`: BPMN + Zeebe descriptors, complete.
 * - `combined`: BPMN + both, with the clashing properties removed from both (see descriptor-clashes.ts);
 *   used for files declaring both namespaces and for files declaring neither (nothing to lose there).
 * A single-dialect file thus keeps every extension attribute typed; only a mixed file sees the clashing
 * ones (`modelerTemplate`, `modelerTemplateVersion`) as raw `$attrs`.
 *
 * The legacy Activiti namespace is mapped onto Camunda's through moddle-xml's `nsMap` reader option
 * (`{ uri: prefix }`): the XML tokenizer then reports `activiti.org/bpmn` names under the `camunda`
 * prefix, so the Camunda descriptor types them. This is an alias at tokenizer level: it needs no rewrite
 * of the input (positions in warnings stay exact) and works whatever prefix the file binds to the URI.
 */
// @ts-expect-error -- bpmn-moddle ships types only for 'bpmn-moddle/types', not for its main entry.
import { BpmnModdle as UntypedBpmnModdle } from 'bpmn-moddle';
import { bpmnPackage, camundaPackage, zeebePackage } from './descriptors.ts';
import type { PackageDescriptor } from './descriptors.ts';
import {
  demotedAttributeNames,
  findPropertyClashes,
  withoutClashingProperties,
} from './descriptor-clashes.ts';
import { ACTIVITI_NS } from './namespaces.ts';
import type { Dialect } from './namespaces.ts';
import type { BpmnDefinitionsElement, ModdleElement, ModdleWarning } from './types.ts';

/** What `BpmnModdle#fromXML` resolves with. */
export interface ModdleParseResult {
  rootElement: BpmnDefinitionsElement | undefined;
  elementsById: Record<string, ModdleElement>;
  warnings: ModdleWarning[];
}

/** What `BpmnModdle#fromXML` rejects with: an Error carrying the warnings collected so far. */
export interface ModdleParseError extends Error {
  warnings?: ModdleWarning[];
}

/** The slice of a bpmn-moddle instance the parser uses. */
export interface BpmnModdleInstance {
  fromXML(xml: string): Promise<ModdleParseResult>;
  /** Resolves a type's effective descriptor; throws when its packages clash. */
  getType(name: string): unknown;
}

interface BpmnModdleConstructor {
  new (
    packages: Record<string, PackageDescriptor>,
    options?: { nsMap?: Record<string, string> },
  ): BpmnModdleInstance;
}

const BpmnModdle: BpmnModdleConstructor = UntypedBpmnModdle;

/**
 * A new bpmn-moddle instance with `packages` next to the BPMN ones; `nsMap` ({ uri: prefix }) reads a
 * namespace as another. Prefer {@link moddleReader}, which caches.
 */
export function createBpmnModdle(
  packages: Record<string, PackageDescriptor>,
  nsMap?: Record<string, string>,
): BpmnModdleInstance {
  return new BpmnModdle(packages, nsMap ? { nsMap } : undefined);
}

/** Which descriptor set read a file. */
export type DescriptorSet = 'camunda7' | 'camunda8' | 'combined';

/** A cached moddle instance and what the parser must know about it. */
export interface ModdleReader {
  descriptorSet: DescriptorSet;
  moddle: BpmnModdleInstance;
  /** Known attributes this set deliberately leaves untyped: not to be reported as unknown. */
  untypedAttributes: ReadonlySet<string>;
}

const activitiAlias = (): Record<string, string> => ({ [ACTIVITI_NS]: camundaPackage.prefix });

// moddle's registry rewrites the property objects of the descriptors it is given (qualified names and
// types), so every instance gets its own copy and the shared descriptors stay as published.
function build(descriptorSet: DescriptorSet): ModdleReader {
  if (descriptorSet === 'camunda7') {
    const moddle = createBpmnModdle({ camunda: structuredClone(camundaPackage) }, activitiAlias());
    return { descriptorSet, moddle, untypedAttributes: new Set() };
  }
  if (descriptorSet === 'camunda8') {
    const moddle = createBpmnModdle({ zeebe: structuredClone(zeebePackage) });
    return { descriptorSet, moddle, untypedAttributes: new Set() };
  }
  const clashes = findPropertyClashes(bpmnPackage, [camundaPackage, zeebePackage]);
  const moddle = createBpmnModdle(
    {
      camunda: withoutClashingProperties(camundaPackage, clashes),
      zeebe: withoutClashingProperties(zeebePackage, clashes),
    },
    activitiAlias(),
  );
  const untypedAttributes = new Set([
    ...demotedAttributeNames(camundaPackage, clashes),
    ...demotedAttributeNames(zeebePackage, clashes),
  ]);
  return { descriptorSet, moddle, untypedAttributes };
}

const readers = new Map<DescriptorSet, ModdleReader>();

/** The descriptor set that reads a file declaring `dialects` with every attribute it can keep typed. */
export function descriptorSetFor(dialects: readonly Dialect[]): DescriptorSet {
  return dialects.length === 1 ? dialects[0] : 'combined';
}

/** The shared reader for `descriptorSet`, created on first use. */
export function moddleReader(descriptorSet: DescriptorSet): ModdleReader {
  let reader = readers.get(descriptorSet);
  if (!reader) {
    reader = build(descriptorSet);
    readers.set(descriptorSet, reader);
  }
  return reader;
}
