/**
 * Locating invalid UTF-8. `TextDecoder` with `fatal: true` detects it but does not say where; a modeller
 * fixing a file needs the line and column, so on failure the bytes are re-scanned here.
 */
import type { Position } from './line-index.ts';

/** Bytes accepted after a lead byte, per the WHATWG UTF-8 decoder (no overlongs, surrogates, > U+10FFFF). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0; // continuation byte or a byte that never occurs in UTF-8
}

/** Offset of the first byte of the first invalid (or truncated) UTF-8 sequence from `start`, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0): number {
  let i = start;
  while (i < bytes.length) {
    const lead = bytes[i];
    const length = sequenceLength(lead);
    if (length === 0 || i + length > bytes.length) return i;
    if (length > 1) {
      const [low, high] = secondByteRange(lead);
      if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
      for (let k = 2; k < length; k++) {
        if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
      }
    }
    i += length;
  }
  return -1;
}

/**
 * The 1-based position of byte `offset`, counting from `start` (after a byte order mark). The bytes
 * before `offset` must be valid UTF-8, as they are when `offset` comes from {@link firstInvalidUtf8}.
 */
export function utf8Position(bytes: Uint8Array, offset: number, start = 0): Position {
  let line = 1;
  let lineStart = start;
  for (let i = start; i < offset; i++) {
    const byte = bytes[i];
    if (byte === 0x0a || (byte === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length + 1;
  return { line, column };
}
