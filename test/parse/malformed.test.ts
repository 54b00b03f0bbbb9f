import { describe, expect, it } from 'vitest';
import { parseBpmn } from '../../engine/src/compile/parse/index.ts';
import type { ParseErrorDetails } from '../../engine/src/compile/parse/index.ts';
import { BatonError } from '../../engine/src/protocol/errors.ts';

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">\n';

/** The BatonError `parseBpmn` rejects with (fails the test if it resolves or throws anything else). */
async function parseError(xml: string | Uint8Array): Promise<BatonError & { details: ParseErrorDetails }> {
  const error = await parseBpmn(xml).then(
    () => expect.fail('expected parseBpmn to reject'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BatonError);
  expect((error as BatonError).code).toBe('BPMN_PARSE');
  expect((error as Error).stack ?? '').not.toContain('saxen');
  return error as BatonError & { details: ParseErrorDetails };
}

describe('not well-formed XML', () => {
  it('reports an element left open at the end of the document, naming it', async () => {
    // given: <bpmn:process> on line 3 is never closed
    const xml = HEAD + '  <bpmn:process id="p">\n    <bpmn:task id="t"/>\n';

    // when
    const error = await parseError(xml);

    // then
    expect(error.message).toBe(
      'The XML is not well-formed: the document ends before element <bpmn:process> opened at line 3, column 3 ' +
        'is closed (line 5, column 1).',
    );
    expect(error.details).toEqual({ reason: 'not-well-formed', line: 5, column: 1 });
  });

  it('reports an unclosed element at the end tag that does not match it', async () => {
    // given: <bpmn:task> (line 4) is not closed before </bpmn:process> (line 5)
    const xml =
      HEAD + '  <bpmn:process id="p">\n    <bpmn:task id="t">\n  </bpmn:process>\n</bpmn:definitions>\n';

    // when
    const error = await parseError(xml);

    // then
    expect(error.message).toContain(
      'the end tag </bpmn:process> does not match the open element <bpmn:task>',
    );
    expect(error.message).toContain('opened at line 4, column 5');
    expect(error.details).toEqual({ reason: 'not-well-formed', line: 5, column: 3 });
  });

  it('reports a start tag without its ">"', async () => {
    // given
    const xml = HEAD + '  <bpmn:process id="p">\n    <bpmn:task id="t"\n';

    // when
    const error = await parseError(xml);

    // then
    expect(error.message).toBe(
      'The XML is not well-formed: the start tag <bpmn:task> is not closed with ">" (line 4, column 5).',
    );
    expect(error.details).toMatchObject({ line: 4, column: 5 });
  });

  it('reports a misspelt end tag', async () => {
    // given
    const xml = HEAD + '  <bpmn:process id="p">\n  </bpmn:proces>\n</bpmn:definitions>\n';

    // when
    const error = await parseError(xml);

    // then
    expect(error.message).toContain(
      'the end tag </bpmn:proces> does not match the open element <bpmn:process>',
    );
    expect(error.details).toEqual({ reason: 'not-well-formed', line: 4, column: 3 });
  });

  it('reports an unclosed comment', async () => {
    // given
    const xml = HEAD + '  <!-- open comment\n</bpmn:definitions>\n';

    // when
    const error = await parseError(xml);

    // then
    expect(error.message).toBe(
      'The XML is not well-formed: a comment is not closed with "-->" (line 3, column 3).',
    );
  });

  it('reports an undeclared namespace prefix', async () => {
    // given
    const xml = HEAD + '  <foo:bar/>\n</bpmn:definitions>\n';

    // when
    const error = await parseError(xml);

    // then
    expect(error.message).toContain('element <foo:bar> uses a namespace prefix that is not declared');
    expect(error.details).toMatchObject({ line: 3, column: 3 });
  });

  it('reports text without any element', async () => {
    // when
    const error = await parseError('just some text');

    // then
    expect(error.message).toContain('the document contains no element');
    expect(error.details.reason).toBe('not-well-formed');
  });

  it('counts lines ended by CRLF once', async () => {
    // given
    const xml =
      HEAD.replace(/\n/g, '\r\n') + '  <bpmn:process id="p">\r\n  </bpmn:proces>\r\n</bpmn:definitions>\r\n';

    // when
    const error = await parseError(xml);

    // then
    expect(error.details).toMatchObject({ line: 4, column: 3 });
  });
});

describe('empty input', () => {
  it.each([
    ['an empty string', ''],
    ['empty bytes', new Uint8Array()],
    ['whitespace only', ' \n\t '],
    ['a byte order mark only', new Uint8Array([0xef, 0xbb, 0xbf])],
  ])('rejects %s', async (_name, input) => {
    // when
    const error = await parseError(input);

    // then
    expect(error.message).toMatch(/^The BPMN file (is empty|contains only whitespace)\.$/);
    expect(error.details.reason).toBe('empty');
  });

  it('rejects a document with only an XML declaration', async () => {
    // when
    const error = await parseError('<?xml version="1.0" encoding="UTF-8"?>\n');

    // then
    expect(error.message).toContain('contains no element');
  });
});

describe('a root that is not BPMN', () => {
  it('rejects an HTML page', async () => {
    // given
    const html = '<!DOCTYPE html>\n<html lang="en"><body><p>Not found</p></body></html>';

    // when
    const error = await parseError(html);

    // then
    expect(error.message).toBe(
      'This is not a BPMN 2.0 file: the root element is <html> in no namespace, expected <definitions> in ' +
        'namespace http://www.omg.org/spec/BPMN/20100524/MODEL (line 2, column 1).',
    );
    expect(error.details).toEqual({ reason: 'not-bpmn', line: 2, column: 1 });
  });

  it('rejects <definitions> in another namespace', async () => {
    // given: a DMN file
    const dmn =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="dish" name="Dish"/>';

    // when
    const error = await parseError(dmn);

    // then
    expect(error.message).toContain(
      'the root element is <definitions> in namespace https://www.omg.org/spec/DMN/20191111/MODEL/',
    );
    expect(error.details).toEqual({ reason: 'not-bpmn', line: 2, column: 1 });
  });

  it('rejects a BPMN element other than <definitions> as root', async () => {
    // given
    const xml = '<bpmn:process xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="p"/>';

    // when
    const error = await parseError(xml);

    // then
    expect(error.message).toContain('the root element is <bpmn:process>');
    expect(error.details.reason).toBe('not-bpmn');
  });

  it('rejects a <definitions> root with an invalid id, whose content moddle would silently skip', async () => {
    // given
    const xml = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="1 2"/>';

    // when
    const error = await parseError(xml);

    // then
    expect(error.message).toBe(
      'The root <definitions> element could not be read: illegal ID <1 2> (line 1, column 1).',
    );
  });
});
