import { describe, expect, it } from 'vitest';
import { parseBpmn } from '../../engine/src/compile/parse/index.ts';
import { isBatonError } from '../../engine/src/protocol/errors.ts';
import { brokenEncodingFiles, corpusFiles, readCorpusFile } from './corpus.ts';

const files = corpusFiles();
const readable = files.filter((file) => !(file in brokenEncodingFiles));

describe('parseBpmn over the shared BPMN corpus', () => {
  it('finds the whole corpus, broken-encoding files included', () => {
    // given the corpus README: 394 .bpmn + 22 .xml
    // then
    expect(files).toHaveLength(416);
    expect(files).toEqual(expect.arrayContaining(Object.keys(brokenEncodingFiles)));
  });

  it.each(readable)('parses %s', async (file) => {
    // given
    const bytes = readCorpusFile(file);

    // when
    const parsed = await parseBpmn(bytes);

    // then
    expect(parsed.definitions.$type).toBe('bpmn:Definitions');
    expect(parsed.warnings.every((w) => w.severity === 'warning')).toBe(true);
  });

  it.each(Object.entries(brokenEncodingFiles))(
    'rejects %s: declared UTF-8, contains Latin-1',
    async (file, { line, column, byteOffset }) => {
      // given
      const bytes = readCorpusFile(file);

      // when
      const error = await parseBpmn(bytes).catch((e: unknown) => e);

      // then
      expect(isBatonError(error, 'BPMN_PARSE')).toBe(true);
      const { message, details } = error as { message: string; details: unknown };
      expect(message).toMatch(/encoding/i);
      expect(message).toMatch(/not valid UTF-8/);
      expect(message).toContain(`line ${line}, column ${column}`);
      expect(details).toEqual({ reason: 'encoding', line, column, byteOffset, encoding: 'utf-8' });
    },
  );
});
