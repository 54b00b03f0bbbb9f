/**
 * Bytes to text, the way an XML processor does it (XML 1.0, appendix F): a byte order mark wins, then
 * the first bytes' pattern tells UTF-16 without mark, then the XML declaration's `encoding` applies,
 * else UTF-8. Strings are taken as already decoded; only a leading BOM character is dropped.
 *
 * Why not leave it to moddle: moddle-xml only takes strings, and a server upload is bytes. Decoding
 * Latin-1 bytes as UTF-8 leniently would silently turn "klären" into "kl\uFFFDren", so UTF-8 is decoded
 * strictly and an invalid sequence is reported with its position (the GenMyModel exports in the MIWG
 * corpus declare UTF-8 but contain Latin-1 bytes).
 */
import { parseFailure } from './parse-failure.ts';
import { firstInvalidUtf8, utf8Position } from './utf8.ts';

/** Decoded document text and how it was obtained. */
export interface DecodedXml {
  text: string;
  /** WHATWG name of the encoding used, e.g. `utf-8`, `windows-1252` (ISO-8859-1 maps to it). */
  encoding: string;
  /** Inconsistencies that were tolerated, as sentences (become warnings). */
  notes: string[];
}

// The declaration must open the document; only ASCII is needed to read it in any ASCII-compatible encoding.
const DECLARED_ENCODING = /^<\?xml[^>]*?\sencoding\s*=\s*(["'])([A-Za-z][\w.:-]*)\1/;
const DECLARATION_WINDOW = 512;

interface Sniffed {
  encoding: string;
  /** Bytes to skip (byte order mark). */
  start: number;
  declared?: string;
  notes: string[];
}

function startsWith(bytes: Uint8Array, ...prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function declaredEncoding(bytes: Uint8Array, start: number): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(start, start + DECLARATION_WINDOW));
  return DECLARED_ENCODING.exec(head)?.[2];
}

function sniff(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, 0xfe, 0xff)) return { encoding: 'utf-16be', start: 2, notes: [] };
  if (startsWith(bytes, 0xff, 0xfe)) return { encoding: 'utf-16le', start: 2, notes: [] };
  if (startsWith(bytes, 0x00, 0x3c, 0x00, 0x3f)) return { encoding: 'utf-16be', start: 0, notes: [] };
  if (startsWith(bytes, 0x3c, 0x00, 0x3f, 0x00)) return { encoding: 'utf-16le', start: 0, notes: [] };
  const start = startsWith(bytes, 0xef, 0xbb, 0xbf) ? 3 : 0;
  const declared = declaredEncoding(bytes, start);
  const notes: string[] = [];
  if (start === 3 && declared && !/^utf-?8$/i.test(declared)) {
    notes.push(
      `The XML declaration names encoding "${declared}" but the file starts with a UTF-8 byte order mark; it was read as UTF-8.`,
    );
    return { encoding: 'utf-8', start, declared, notes };
  }
  // The declaration itself was readable as single bytes, so a "UTF-16" label cannot be right (some
  // .NET-based exporters write it on UTF-8 files).
  if (declared && /^utf-?16/i.test(declared)) {
    notes.push(
      `The XML declaration names encoding "${declared}" but the bytes are not UTF-16; the file was read as UTF-8.`,
    );
    return { encoding: 'utf-8', start, declared, notes };
  }
  return { encoding: declared ?? 'utf-8', start, declared, notes };
}

function decoderFor(encoding: string): InstanceType<typeof TextDecoder> {
  try {
    return new TextDecoder(encoding, { fatal: true });
  } catch {
    throw parseFailure(
      'encoding',
      `The XML declaration names encoding "${encoding}", which is not supported; save the file as UTF-8`,
      { line: 1, column: 1 },
      { encoding },
    );
  }
}

function invalidUtf8(bytes: Uint8Array, sniffed: Sniffed): Error {
  const offset = firstInvalidUtf8(bytes, sniffed.start);
  const declaration = sniffed.declared
    ? `it declares encoding="${sniffed.declared}"`
    : 'it declares no encoding, so UTF-8 applies';
  if (offset < 0) {
    return parseFailure('encoding', `The file is not valid UTF-8 (${declaration})`, undefined, {
      encoding: 'utf-8',
    });
  }
  const byte = bytes[offset].toString(16).toUpperCase().padStart(2, '0');
  return parseFailure(
    'encoding',
    `Encoding problem: the file is not valid UTF-8 although ${declaration}. Byte 0x${byte} at byte offset ${offset} ` +
      'does not start a valid UTF-8 sequence; the file was probably saved as ISO-8859-1/windows-1252. ' +
      'Save it as UTF-8 or declare its real encoding',
    utf8Position(bytes, offset, sniffed.start),
    { byteOffset: offset, encoding: 'utf-8' },
  );
}

/** Decodes `input` to text; throws a `BPMN_PARSE` BatonError for undecodable bytes or an unknown encoding. */
export function decodeXml(input: string | Uint8Array): DecodedXml {
  if (typeof input === 'string') {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    return { text, encoding: 'utf-16', notes: [] }; // what JavaScript strings hold
  }
  const sniffed = sniff(input);
  const decoder = decoderFor(sniffed.encoding);
  try {
    return {
      text: decoder.decode(input.subarray(sniffed.start)),
      encoding: decoder.encoding,
      notes: sniffed.notes,
    };
  } catch {
    if (decoder.encoding === 'utf-8') throw invalidUtf8(input, sniffed);
    throw parseFailure(
      'encoding',
      `Encoding problem: the file contains bytes that are not valid ${decoder.encoding}, the encoding it declares`,
      undefined,
      { encoding: decoder.encoding },
    );
  }
}
