/**
 * The moddle package descriptors (JSON meta-models) the parser loads, with the few fields Baton reads.
 */
import bpmnJson from 'bpmn-moddle/resources/bpmn/json/bpmn.json' with { type: 'json' };
import camundaJson from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import zeebeJson from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

/** One property of a moddle type descriptor. */
export interface PropertyDescriptor {
  /** Local or prefixed (`camunda:errorMessage`) name; the local part is also the XML attribute name. */
  name: string;
  type?: string;
  isAttr?: boolean;
  isMany?: boolean;
  /** `pkg:Type#property` this property overrides on purpose; such overrides are not clashes. */
  redefines?: string;
  replaces?: string;
}

/** One type of a moddle package descriptor. */
export interface TypeDescriptor {
  name: string;
  superClass?: string[];
  /** Types this (abstract) type adds its properties to, as moddle "traits". */
  extends?: string[];
  properties?: PropertyDescriptor[];
}

/** A moddle package descriptor (the JSON files shipped by bpmn-moddle, camunda- and zeebe-bpmn-moddle). */
export interface PackageDescriptor {
  name: string;
  prefix: string;
  uri: string;
  types: TypeDescriptor[];
  [key: string]: unknown;
}

/** The BPMN 2.0 semantic package, only read to know the BPMN type hierarchy (bpmn-moddle loads it itself). */
export const bpmnPackage: PackageDescriptor = bpmnJson;
/** Camunda 7 extensions. */
export const camundaPackage: PackageDescriptor = camundaJson;
/** Camunda 8 (Zeebe) extensions. */
export const zeebePackage: PackageDescriptor = zeebeJson;

/** The local part of a possibly prefixed name: `camunda:errorMessage` gives `errorMessage`. */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** A type name qualified with its package prefix unless it already is: `Task` in `bpmn` gives `bpmn:Task`. */
export function qualify(name: string, prefix: string): string {
  return name.includes(':') ? name : `${prefix}:${name}`;
}
