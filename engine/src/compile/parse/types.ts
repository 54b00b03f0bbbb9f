/**
 * Types of the parse stage's result and of the moddle objects it hands on.
 */
import type { BpmnModdleTypeMap } from 'bpmn-moddle/types';
import type { Diagnostic } from '../../protocol/diagnostics.ts';
import type { Dialect } from './namespaces.ts';

/** The `bpmn:Definitions` root element as bpmn-moddle types it (typed `rootElements`, `get(...)`, ...). */
export type BpmnDefinitionsElement = BpmnModdleTypeMap['bpmn:Definitions'];

/**
 * The minimal view of any moddle element, BPMN or extension. Moddle objects are loosely typed (extension
 * elements, `$attrs` of foreign namespaces), so code narrows on `$type` before reading fields.
 */
export interface ModdleElement {
  readonly $type: string;
  id?: string;
  /** Attributes no descriptor defines, by qualified name (`zeebe:modelerTemplate`, `xmlns:foo`). */
  $attrs?: Record<string, string>;
  $parent?: ModdleElement;
  /** Reads a typed property or, for qualified names no descriptor types, the raw `$attrs` value. */
  get?(name: string): unknown;
  [key: string]: unknown;
}

/** A warning as moddle-xml reports it. */
export interface ModdleWarning {
  message: string;
  /** The element concerned (unknown attribute, unresolved reference). */
  element?: ModdleElement;
  /** Qualified property or attribute name. */
  property?: string;
  value?: unknown;
  /** The underlying error of an "unparsable content" warning. */
  error?: Error;
}

/** The result of {@link parseBpmn}. */
export interface ParsedDefinitions {
  /** The bpmn-moddle root element. */
  definitions: BpmnDefinitionsElement;
  /** Every element with an id, by id, as moddle collected them while reading. */
  elementsById: Record<string, ModdleElement>;
  /**
   * What moddle tolerated but did not understand: unknown elements and attributes in known namespaces,
   * unresolved references, duplicate or malformed ids (the element is dropped), recoverable XML syntax
   * slips. Always severity `warning`; `line`/`column` (1-based) where the position is known.
   */
  warnings: Diagnostic[];
  /** Extension dialects the file declares: `camunda7` (Camunda or legacy Activiti), `camunda8` (Zeebe). */
  dialects: Dialect[];
}

/** Why a parse failed; the `details` of a `BatonError` with code `BPMN_PARSE`. */
export interface ParseErrorDetails {
  reason: 'empty' | 'encoding' | 'not-well-formed' | 'not-bpmn' | 'unreadable';
  /** 1-based position of the problem when known. */
  line?: number;
  column?: number;
  /** Byte offset of an invalid byte sequence (`reason: 'encoding'`). */
  byteOffset?: number;
  /** The encoding the input was decoded with or declared. */
  encoding?: string;
}
