/**
 * The first stage of the compiler: BPMN 2.0 XML (bytes or text) to the bpmn-moddle object tree.
 */
import type { Diagnostic } from '../../protocol/diagnostics.ts';
import { decodeXml } from './decode.ts';
import { descriptorSetFor, moddleReader } from './moddle-instances.ts';
import type { ModdleParseResult } from './moddle-instances.ts';
import { fromModdleRejection, rootElementFailure } from './moddle-errors.ts';
import { declaredNamespaces, detectDialects } from './namespaces.ts';
import { parseFailure } from './parse-failure.ts';
import { resolveQNameReferences } from './qname-references.ts';
import { SourceLocator } from './source-locator.ts';
import type { BpmnDefinitionsElement, ParsedDefinitions } from './types.ts';
import { toDiagnostics } from './warnings.ts';

function noteWarnings(notes: readonly string[], definitions: BpmnDefinitionsElement): Diagnostic[] {
  return notes.map((message) => ({
    severity: 'warning',
    code: 'xml.encoding-mismatch',
    elementId: definitions.id ?? 'definitions',
    elementType: definitions.$type,
    message,
    line: 1,
    column: 1,
  }));
}

/**
 * Parses BPMN 2.0 XML into the bpmn-moddle object tree.
 *
 * - `xml` as bytes (an upload) is decoded per its byte order mark or XML declaration, UTF-8 strictly;
 *   as a string it is taken as already decoded.
 * - Camunda 7 (`camunda:`, also the legacy Activiti namespace) and Camunda 8 (`zeebe:`) extensions are
 *   typed; a file declaring both keeps both (the clashing `modelerTemplate*` attributes as `$attrs`,
 *   readable with `element.get('zeebe:modelerTemplate')`).
 * - References written as QNames (`messageRef="tns:newInvoice"`) are resolved when the prefix names
 *   this document; see qname-references.ts.
 * - Anything moddle tolerates but does not understand is returned as a warning, never thrown.
 *
 * @throws BatonError with code `BPMN_PARSE` (details: {@link ParseErrorDetails}) for empty input,
 *   undecodable bytes, XML that is not well-formed, or a root that is not BPMN `<definitions>`; the
 *   message is a sentence with the line and column when known.
 */
export async function parseBpmn(xml: string | Uint8Array): Promise<ParsedDefinitions> {
  if (xml.length === 0) throw parseFailure('empty', 'The BPMN file is empty');
  const decoded = decodeXml(xml);
  if (decoded.text.trim() === '') throw parseFailure('empty', 'The BPMN file contains only whitespace');

  const dialects = detectDialects(declaredNamespaces(decoded.text));
  const reader = moddleReader(descriptorSetFor(dialects));
  const locator = new SourceLocator(decoded.text);

  let result: ModdleParseResult;
  try {
    result = await reader.moddle.fromXML(decoded.text);
  } catch (error) {
    throw fromModdleRejection(error, locator);
  }
  const { rootElement: definitions, elementsById } = result;
  if (!definitions) throw parseFailure('unreadable', 'The file contains no BPMN <definitions> element');
  const rootFailure = rootElementFailure(result.warnings, locator);
  if (rootFailure) throw rootFailure;

  const warnings = [
    ...noteWarnings(decoded.notes, definitions),
    ...toDiagnostics(resolveQNameReferences(result.warnings, elementsById, definitions), {
      definitions,
      elementsById,
      locator,
      untypedAttributes: reader.untypedAttributes,
    }),
  ];
  return { definitions, elementsById, warnings, dialects };
}
