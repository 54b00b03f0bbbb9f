/**
 * moddle-xml rejections to `BPMN_PARSE` errors with a sentence and a position.
 *
 * moddle rejects in two ways: the tokenizer (saxen) finds the XML not well-formed and moddle throws
 * "unparsable content ... line ... column ... nested error: <saxen message>"; or the root element could
 * not be read ("failed to parse document as <bpmn:Definitions>"), the reason being in the first warning
 * (a non-BPMN root gives "unexpected element <html>").
 */
import type { BatonError } from '../../protocol/errors.ts';
import { formatPosition } from './line-index.ts';
import type { Position } from './line-index.ts';
import { BPMN_MODEL_NS } from './namespaces.ts';
import { parseFailure } from './parse-failure.ts';
import type { SourceLocator } from './source-locator.ts';
import { rootNamespace, tagAt } from './tag-scan.ts';
import { parseUnparsable } from './moddle-messages.ts';
import type { UnparsableContent } from './moddle-messages.ts';
import type { ModdleParseError } from './moddle-instances.ts';
import type { ModdleWarning } from './types.ts';

function openTagAt(locator: SourceLocator, position: Position): string {
  const index = tagAt(locator.scan, locator.lines.offsetAt(position) - 1);
  if (index < 0) return '';
  const tag = locator.scan.tags[index];
  return ` <${tag.name}> opened at ${formatPosition(locator.lines.positionAt(tag.start))}`;
}

function notWellFormed({ content, position, error }: UnparsableContent, locator: SourceLocator): BatonError {
  const fail = (explanation: string, at: Position | undefined = position): BatonError =>
    parseFailure('not-well-formed', `The XML is not well-formed: ${explanation}`, at);
  switch (error) {
    case 'unexpected end of file': {
      // saxen has no position at the end of input; name the innermost element left open instead.
      const innermost = locator.scan.tags[locator.scan.unclosed.at(-1) ?? -1];
      const which = innermost
        ? `element <${innermost.name}> opened at ${formatPosition(locator.lines.positionAt(innermost.start))}`
        : 'an element';
      return fail(`the document ends before ${which} is closed`, locator.lines.end());
    }
    case 'missing start tag':
      return fail('the document contains no element', locator.lines.end());
    case 'unclosed tag':
      return fail(`the start tag ${content} is not closed with ">"`);
    case 'unclosed comment':
      return fail('a comment is not closed with "-->"');
    case 'unclosed cdata':
      return fail('a CDATA section is not closed with "]]>"');
    case 'unclosed question':
      return fail('a processing instruction is not closed with "?>"');
    case 'missing open tag':
      return fail(`the end tag ${content} has no matching start tag`);
    case 'closing tag mismatch':
      return fail(`the end tag ${content} does not match the open element${openTagAt(locator, position)}`);
  }
  const prefix = /^missing namespace on <(.+)>$/.exec(error);
  if (prefix) return fail(`element <${prefix[1]}> uses a namespace prefix that is not declared`);
  return fail(`${error}${content ? ` at ${content}` : ''}`);
}

function rootNotRead(warnings: readonly ModdleWarning[], locator: SourceLocator): BatonError {
  const first = warnings.map((w) => parseUnparsable(w.message)).find((u) => u !== undefined);
  const root = locator.scan.tags[0];
  if (!root) {
    return parseFailure('not-well-formed', 'The XML is not well-formed: the document contains no element');
  }
  if (first && /^unexpected element </.test(first.error)) {
    const namespace = rootNamespace(root);
    const actual = namespace ? `in namespace ${namespace}` : 'in no namespace';
    return parseFailure(
      'not-bpmn',
      `This is not a BPMN 2.0 file: the root element is <${root.name}> ${actual}, ` +
        `expected <definitions> in namespace ${BPMN_MODEL_NS}`,
      first.position,
    );
  }
  if (first) {
    return parseFailure(
      'unreadable',
      `The root <definitions> element could not be read: ${first.error}`,
      first.position,
    );
  }
  return parseFailure('unreadable', 'The file contains no BPMN <definitions> element');
}

/**
 * A root element moddle created but could not register (an invalid id) comes back without any of its
 * content, with only a warning: that is a failed parse, not a warning.
 */
export function rootElementFailure(
  warnings: readonly ModdleWarning[],
  locator: SourceLocator,
): BatonError | undefined {
  const idError = warnings
    .map((w) => parseUnparsable(w.message))
    .find((u) => u && /^illegal ID </.test(u.error));
  const root = idError && locator.scan.tags[0];
  if (!idError || !root || locator.lines.offsetAt(idError.position) !== root.start) return undefined;
  return parseFailure(
    'unreadable',
    `The root <definitions> element could not be read: ${idError.error}`,
    idError.position,
  );
}

/** Turns whatever moddle's `fromXML` rejected with into a `BPMN_PARSE` BatonError. */
export function fromModdleRejection(error: unknown, locator: SourceLocator): BatonError {
  const message = error instanceof Error ? error.message : String(error);
  const fatal = parseUnparsable(message);
  if (fatal) return notWellFormed(fatal, locator);
  if (/^failed to parse document as/.test(message)) {
    const warnings = (error as ModdleParseError).warnings ?? [];
    return rootNotRead(warnings, locator);
  }
  return parseFailure('unreadable', `The BPMN file could not be read: ${message}`);
}
