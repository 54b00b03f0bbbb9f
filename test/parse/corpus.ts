/**
 * The shared BPMN corpus (../shared/bpmn-corpus next to the repository), listed for tests and timing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the corpus root. */
export const corpusRoot = fileURLToPath(new URL('../../../shared/bpmn-corpus/', import.meta.url));

/**
 * The four GenMyModel exports that declare UTF-8 but contain Latin-1 bytes (MIWG MANIFEST.md), with the
 * position of their first invalid byte (checked independently with Python's UTF-8 decoder).
 */
export const brokenEncodingFiles: Record<string, { line: number; column: number; byteOffset: number }> = {
  'miwg/tools/GenMyModel-0.47/C.1.0-export.bpmn': { line: 97, column: 67, byteOffset: 7289 },
  'miwg/tools/GenMyModel-0.47/C.1.0-roundtrip.bpmn': { line: 125, column: 57, byteOffset: 10632 },
  'miwg/tools/GenMyModel-0.47/C.1.1-export.bpmn': { line: 26, column: 63, byteOffset: 1844 },
  'miwg/tools/GenMyModel-0.47/C.1.1-roundtrip.bpmn': { line: 59, column: 57, byteOffset: 4742 },
};

/** Every `.bpmn` and `.xml` file of the corpus, relative to its root, sorted. */
export function corpusFiles(): string[] {
  const found = readdirSync(corpusRoot, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.(bpmn|xml)$/i.test(path))
    .map((path) => relative(corpusRoot, join(corpusRoot, path)));
  return found.sort();
}

/** The bytes of a corpus file, as a server upload would receive them. */
export function readCorpusFile(path: string): Buffer {
  return readFileSync(join(corpusRoot, path));
}
