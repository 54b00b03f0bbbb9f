/**
 * moddle-xml warnings to Diagnostics. moddle reports three shapes: "unknown attribute <x>" and
 * "unresolved reference <id>" carry the element object (but no position); "unparsable content <tag>
 * detected / line / column / nested error" carries a 0-based position (but no element). Each becomes a
 * warning naming the nearest element with an id, with a 1-based position where one can be found.
 */
import type { Diagnostic } from '../../protocol/diagnostics.ts';
import { localName } from './descriptors.ts';
import { parseUnparsable } from './moddle-messages.ts';
import type { UnparsableContent } from './moddle-messages.ts';
import type { SourceLocator } from './source-locator.ts';
import type { BpmnDefinitionsElement, ModdleElement, ModdleWarning } from './types.ts';

/** What the conversion needs to know about the parse that produced the warnings. */
export interface WarningContext {
  definitions: BpmnDefinitionsElement;
  elementsById: Record<string, ModdleElement>;
  locator: SourceLocator;
  /** Known attributes deliberately left untyped (clash resolution): not "unknown". */
  untypedAttributes: ReadonlySet<string>;
}

const UNKNOWN_ATTRIBUTE = /^unknown attribute <(.+)>$/;
const UNRESOLVED_REFERENCE = /^unresolved reference <(.*)>$/;
// moddle-xml warns about this for strings too, but the parser has already decoded the input.
const ENCODING_FALLBACK = /^unsupported document encoding/;

type Subject = Pick<Diagnostic, 'elementId' | 'elementType' | 'processId'>;

function processIdOf(element: ModdleElement | undefined): string | undefined {
  for (let e = element; e; e = e.$parent) {
    if (e.$type === 'bpmn:Process') return e.id;
  }
  return undefined;
}

function subjectOf(element: ModdleElement | undefined, context: WarningContext): Subject {
  for (let e = element; e; e = e.$parent) {
    if (!e.id) continue;
    const processId = processIdOf(e);
    return processId === undefined
      ? { elementId: e.id, elementType: e.$type }
      : { elementId: e.id, elementType: e.$type, processId };
  }
  return { elementId: context.definitions.id ?? 'definitions', elementType: context.definitions.$type };
}

function nested(error: string, content: string): { code: string; message: string } {
  let match: RegExpExecArray | null;
  if ((match = /^(?:unrecognized element|unknown type) <(.+)>$/.exec(error))) {
    // The tag as written beats moddle's normalised type name (`camunda:NoSuchElement`).
    const tag = content.startsWith('<') ? content : `<${match[1]}>`;
    return { code: 'xml.unknown-element', message: `Unknown element ${tag} is ignored` };
  }
  if ((match = /^duplicate ID <(.+)>$/.exec(error))) {
    return {
      code: 'xml.duplicate-id',
      message: `Id '${match[1]}' is used twice; the second element ${content} is ignored`,
    };
  }
  if ((match = /^illegal ID <(.*)>$/.exec(error))) {
    return {
      code: 'xml.invalid-id',
      message: `Id '${match[1]}' is not a valid XML id; the element ${content} is ignored`,
    };
  }
  if (/attribute|quote|prefix|outside of root/.test(error)) {
    return {
      code: 'xml.syntax',
      message: `XML syntax problem near ${content || 'this point'} was tolerated: ${error}`,
    };
  }
  return {
    code: 'xml.invalid-content',
    message: `Content ${content} could not be read and is ignored: ${error}`,
  };
}

function fromUnparsable(
  { content, position, error }: UnparsableContent,
  context: WarningContext,
): Diagnostic {
  const id = context.locator.idsAround(position).find((candidate) => candidate in context.elementsById);
  const subject = subjectOf(id === undefined ? undefined : context.elementsById[id], context);
  return { severity: 'warning', ...nested(error, content), ...subject, ...position };
}

/** Adds the position of `name="value"` in the source, else of the element the diagnostic names. */
function withPosition(
  diagnostic: Diagnostic,
  context: WarningContext,
  name: string,
  value: unknown,
): Diagnostic {
  const { locator } = context;
  const within = diagnostic.elementId || undefined;
  const position =
    (typeof value === 'string' ? locator.positionOfValue(name, value, within) : undefined) ??
    (within === undefined ? undefined : locator.positionOfId(within));
  return position ? { ...diagnostic, ...position } : diagnostic;
}

function convert(warning: ModdleWarning, context: WarningContext): Diagnostic | undefined {
  const text = warning.message;
  if (ENCODING_FALLBACK.test(text)) return undefined;
  const unparsable = parseUnparsable(text);
  if (unparsable) return fromUnparsable(unparsable, context);
  let match: RegExpExecArray | null;
  const type = warning.element?.$type ?? 'element';
  if ((match = UNKNOWN_ATTRIBUTE.exec(text))) {
    if (context.untypedAttributes.has(match[1])) return undefined;
    const message = `Unknown attribute ${match[1]}="${String(warning.value)}" on <${type}> is kept but not interpreted`;
    return withPosition(
      { severity: 'warning', code: 'xml.unknown-attribute', message, ...subjectOf(warning.element, context) },
      context,
      match[1],
      warning.value,
    );
  }
  if ((match = UNRESOLVED_REFERENCE.exec(text))) {
    const property = localName(warning.property ?? 'reference');
    const message = `${property} of <${type}> refers to id '${match[1]}', which does not exist; the reference is dropped`;
    return withPosition(
      {
        severity: 'warning',
        code: 'xml.unresolved-reference',
        message,
        ...subjectOf(warning.element, context),
      },
      context,
      property,
      match[1],
    );
  }
  return {
    severity: 'warning',
    code: 'xml.warning',
    message: text,
    ...subjectOf(warning.element, context),
  };
}

/** Converts moddle's warnings, dropping those that do not apply to Baton's use (see above). */
export function toDiagnostics(warnings: readonly ModdleWarning[], context: WarningContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const warning of warnings) {
    const diagnostic = convert(warning, context);
    // Messages are plain sentences, like the compiler's diagnostics.
    if (diagnostic) diagnostics.push({ ...diagnostic, message: diagnostic.message.replace(/\.?$/, '.') });
  }
  return diagnostics;
}
