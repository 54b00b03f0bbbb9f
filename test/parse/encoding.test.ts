import { describe, expect, it } from 'vitest';
import { parseBpmn } from '../../engine/src/compile/parse/index.ts';
import { firstInvalidUtf8 } from '../../engine/src/compile/parse/utf8.ts';
import { isBatonError } from '../../engine/src/protocol/errors.ts';

/** A BPMN document whose process is named `name`, with the given XML declaration. */
function document(name: string, declaration = '<?xml version="1.0" encoding="UTF-8"?>'): string {
  return (
    `${declaration}\n` +
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">\n' +
    `  <bpmn:process id="p" name="${name}"/>\n` +
    '</bpmn:definitions>\n'
  );
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Encodes code points < 256 one byte each, as ISO-8859-1 does. */
function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

function utf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const units = (bom ? '\uFEFF' : '') + text;
  const bytes = new Uint8Array(units.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < units.length; i++) view.setUint16(i * 2, units.charCodeAt(i), littleEndian);
  return bytes;
}

async function processName(input: string | Uint8Array): Promise<unknown> {
  const { elementsById } = await parseBpmn(input);
  return elementsById.p.name;
}

describe('decoding bytes', () => {
  it('reads UTF-8 bytes', async () => {
    expect(await processName(utf8(document('Rechnung klären ✓')))).toBe('Rechnung klären ✓');
  });

  it('drops a UTF-8 byte order mark', async () => {
    // given
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(document('klären'))]);

    // when / then
    expect(await processName(bytes)).toBe('klären');
  });

  it('drops a byte order mark at the start of a string', async () => {
    expect(await processName(`\uFEFF${document('klären')}`)).toBe('klären');
  });

  it.each(['ISO-8859-1', 'iso-8859-1', 'latin1', 'windows-1252'])(
    'decodes bytes declared encoding="%s" accordingly, without warning',
    async (encoding) => {
      // given
      const bytes = latin1(document('Rechnung klären', `<?xml version="1.0" encoding="${encoding}"?>`));

      // when
      const { elementsById, warnings } = await parseBpmn(bytes);

      // then
      expect(elementsById.p.name).toBe('Rechnung klären');
      expect(warnings).toEqual([]);
    },
  );

  it('takes a string as decoded, whatever its declaration says', async () => {
    // when
    const { elementsById, warnings } = await parseBpmn(
      document('klären', '<?xml version="1.0" encoding="ISO-8859-1"?>'),
    );

    // then
    expect(elementsById.p.name).toBe('klären');
    expect(warnings).toEqual([]);
  });

  it.each([
    ['little-endian with BOM', true, true],
    ['big-endian with BOM', false, true],
    ['little-endian without BOM', true, false],
  ])('reads UTF-16 %s', async (_name, littleEndian, bom) => {
    // given
    const bytes = utf16(document('klären', '<?xml version="1.0" encoding="UTF-16"?>'), littleEndian, bom);

    // when / then
    expect(await processName(bytes)).toBe('klären');
  });

  it('reads a UTF-8 file that wrongly declares UTF-16, with a warning', async () => {
    // when
    const { elementsById, warnings } = await parseBpmn(
      utf8(document('klären', '<?xml version="1.0" encoding="utf-16"?>')),
    );

    // then
    expect(elementsById.p.name).toBe('klären');
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'xml.encoding-mismatch', elementId: 'd', line: 1 }),
    ]);
  });
});

describe('invalid UTF-8', () => {
  it('is reported with its byte offset, line and column', async () => {
    // given: "klären" in Latin-1 (0xE4) in a file declaring UTF-8
    const bytes = latin1(document('Rechnung klären'));
    const offset = bytes.indexOf(0xe4);

    // when
    const error = await parseBpmn(bytes).catch((e: unknown) => e);

    // then: line 3 is '  <bpmn:process id="p" name="Rechnung klären"/>', where 'ä' is the 41st character
    expect(isBatonError(error, 'BPMN_PARSE')).toBe(true);
    const { message, details } = error as { message: string; details: unknown };
    expect(message).toContain(
      'Encoding problem: the file is not valid UTF-8 although it declares encoding="UTF-8"',
    );
    expect(message).toContain(`Byte 0xE4 at byte offset ${offset}`);
    expect(message).toContain('(line 3, column 41)');
    expect(details).toEqual({
      reason: 'encoding',
      line: 3,
      column: 41,
      byteOffset: offset,
      encoding: 'utf-8',
    });
  });

  it('counts columns in characters after valid multi-byte characters', async () => {
    // given: 'é' (2 bytes) before the invalid byte on the same line
    const bytes = utf8(document('é?'));
    bytes[bytes.lastIndexOf(0x3f)] = 0xff;

    // when
    const error = await parseBpmn(bytes).catch((e: unknown) => e);

    // then: '  <bpmn:process id="p" name="' is 29 characters, 'é' the 30th, the invalid byte the 31st
    expect((error as { details: unknown }).details).toMatchObject({ line: 3, column: 31 });
  });

  it('is reported when no encoding is declared (UTF-8 applies)', async () => {
    // when
    const error = await parseBpmn(latin1(document('klären', ''))).catch((e: unknown) => e);

    // then
    expect((error as Error).message).toContain('it declares no encoding, so UTF-8 applies');
  });

  it('finds the same sequences invalid as TextDecoder', () => {
    // given: valid, overlong, surrogate, out of range, truncated and stray continuation sequences
    const samples = [
      [0x61, 0xc3, 0xa4],
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf0, 0x9f, 0x98, 0x80],
      [0x61, 0xe2, 0x82],
      [0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xef, 0xbf, 0xbf],
    ].map((bytes) => Uint8Array.from(bytes));
    const strict = new TextDecoder('utf-8', { fatal: true });

    // when / then
    for (const bytes of samples) {
      let valid = true;
      try {
        strict.decode(bytes);
      } catch {
        valid = false;
      }
      expect({ bytes: [...bytes], valid: firstInvalidUtf8(bytes) < 0 }).toEqual({ bytes: [...bytes], valid });
    }
  });
});

describe('unsupported encodings', () => {
  it('names the declared encoding', async () => {
    // when
    const error = await parseBpmn(utf8(document('x', '<?xml version="1.0" encoding="x-klingon"?>'))).catch(
      (e: unknown) => e,
    );

    // then
    expect(isBatonError(error, 'BPMN_PARSE')).toBe(true);
    expect((error as Error).message).toContain('encoding "x-klingon", which is not supported');
  });
});
