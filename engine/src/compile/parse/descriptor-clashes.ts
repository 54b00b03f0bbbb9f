/**
 * Detects and removes property clashes between moddle extension packages.
 *
 * Why: moddle merges the properties of every type that `extends` a BPMN type into that type, keyed by
 * local name, and refuses two properties with the same local name ("property <modelerTemplate> already
 * defined ... not allowed without redefines"). camunda-bpmn-moddle and zeebe-bpmn-moddle both add
 * `modelerTemplate` and `modelerTemplateVersion` to `bpmn:FlowElement`, `bpmn:Process` and
 * `bpmn:Collaboration`, so one moddle instance with both packages cannot read any of those elements.
 * The two attributes also cannot share one typed slot (`element.modelerTemplate`) without one value
 * overwriting the other. So for a combined instance the clashing properties are removed from every
 * extension package that defines them: moddle then keeps those attributes verbatim in `$attrs` under
 * their qualified names (`camunda:modelerTemplate`, `zeebe:modelerTemplate`), both values survive, and
 * `element.get('zeebe:modelerTemplate')` reads either form.
 *
 * The clash set is computed from the descriptors (emulating moddle's type traversal) rather than
 * hard-coded, so a future descriptor version that adds another clash is handled the same way.
 */
import { localName, qualify } from './descriptors.ts';
import type { PackageDescriptor, TypeDescriptor } from './descriptors.ts';

/** One clash: several extension types add a property with the same local name to a BPMN type. */
export interface PropertyClash {
  /** The BPMN type where the properties meet, e.g. `bpmn:Task`. */
  bpmnType: string;
  /** The shared local name, e.g. `modelerTemplate`. */
  property: string;
  /** Qualified names of the types defining it, e.g. `camunda:TemplateSupported`. */
  definedBy: string[];
}

interface RegisteredType {
  name: string;
  prefix: string;
  descriptor: TypeDescriptor;
  /** Types extending this one (moddle calls them traits). */
  traits: string[];
}

function register(packages: readonly PackageDescriptor[]): Map<string, RegisteredType> {
  const types = new Map<string, RegisteredType>();
  for (const pkg of packages) {
    for (const descriptor of pkg.types) {
      const name = qualify(descriptor.name, pkg.prefix);
      types.set(name, { name, prefix: pkg.prefix, descriptor, traits: [] });
    }
  }
  for (const type of types.values()) {
    for (const extended of type.descriptor.extends ?? []) {
      types.get(qualify(extended, type.prefix))?.traits.push(type.name);
    }
  }
  return types;
}

/** Same order and de-duplication as moddle's `Registry#mapTypes` + `DescriptorBuilder#addTrait`. */
function contributingTypes(
  name: string,
  types: Map<string, RegisteredType>,
  seen = new Map<string, RegisteredType>(),
): Map<string, RegisteredType> {
  const type = types.get(name);
  if (!type) return seen; // built-ins (String, Element, ...) carry no properties
  for (const superClass of type.descriptor.superClass ?? []) {
    contributingTypes(qualify(superClass, type.prefix), types, seen);
  }
  if (!seen.has(name)) seen.set(name, type);
  for (const trait of type.traits) contributingTypes(trait, types, seen);
  return seen;
}

/**
 * Every clash a moddle instance loading `bpmn` plus `extensions` would hit, per BPMN type.
 * Properties that declare `redefines`/`replaces` are deliberate overrides and never clash.
 */
export function findPropertyClashes(
  bpmn: PackageDescriptor,
  extensions: readonly PackageDescriptor[],
): PropertyClash[] {
  const types = register([bpmn, ...extensions]);
  const clashes: PropertyClash[] = [];
  for (const bpmnType of bpmn.types) {
    const name = qualify(bpmnType.name, bpmn.prefix);
    const definers = new Map<string, string[]>();
    for (const type of contributingTypes(name, types).values()) {
      for (const property of type.descriptor.properties ?? []) {
        if (property.redefines || property.replaces) continue;
        const key = localName(property.name);
        definers.set(key, [...(definers.get(key) ?? []), type.name]);
      }
    }
    for (const [property, definedBy] of definers) {
      if (definedBy.length > 1) clashes.push({ bpmnType: name, property, definedBy });
    }
  }
  return clashes;
}

/**
 * A deep copy of `pkg` without the properties it contributes to `clashes`. The BPMN package itself is
 * never changed: only extension packages lose their clashing properties.
 */
export function withoutClashingProperties(
  pkg: PackageDescriptor,
  clashes: readonly PropertyClash[],
): PackageDescriptor {
  const copy = structuredClone(pkg);
  for (const type of copy.types) {
    const typeName = qualify(type.name, pkg.prefix);
    const removed = new Set(clashes.filter((c) => c.definedBy.includes(typeName)).map((c) => c.property));
    if (removed.size > 0 && type.properties) {
      type.properties = type.properties.filter((p) => !removed.has(localName(p.name)));
    }
  }
  return copy;
}

/** The qualified attribute names (`zeebe:modelerTemplate`) that `clashes` demote from `pkg` to `$attrs`. */
export function demotedAttributeNames(pkg: PackageDescriptor, clashes: readonly PropertyClash[]): string[] {
  const names = new Set<string>();
  for (const clash of clashes) {
    if (clash.definedBy.some((type) => type.startsWith(`${pkg.prefix}:`))) {
      names.add(`${pkg.prefix}:${clash.property}`);
    }
  }
  return [...names];
}
