/**
 * Every MIWG interchange file (other tools' exports) goes through the whole compiler: it either
 * compiles, or each problem is a diagnostic naming the element, its type and what is wrong.
 */
import { describe, expect, it } from 'vitest';
import {
  compileBpmn,
  createExpressionEvaluator,
  isBatonError,
  type Diagnostic,
} from '../../engine/src/index.ts';
import { brokenEncodingFiles, corpusFiles, readCorpusFile } from '../parse/corpus.ts';

const expressions = createExpressionEvaluator();
const files = corpusFiles().filter((f) => f.startsWith('miwg/') && !(f in brokenEncodingFiles));

describe('MIWG corpus through the compiler', () => {
  it.each(files)('%s', async (file) => {
    const compiled = await compileBpmn(readCorpusFile(file), { expressions });
    const check = (d: Diagnostic): void => {
      expect(d.elementId, JSON.stringify(d)).not.toBe('');
      expect(d.elementType, JSON.stringify(d)).toMatch(/^[a-zA-Z0-9]+:[A-Za-z]+$/);
      expect(d.message.length, JSON.stringify(d)).toBeGreaterThan(10);
    };
    compiled.diagnostics.forEach(check);
    for (const process of compiled.processes) expect(JSON.parse(JSON.stringify(process))).toEqual(process);
  });

  it.each(Object.keys(brokenEncodingFiles))(
    '%s is refused with an encoding error naming the line',
    async (file) => {
      const error = await compileBpmn(readCorpusFile(file), { expressions }).catch((e: unknown) => e);
      expect(isBatonError(error, 'BPMN_PARSE')).toBe(true);
      expect((error as Error).message).toMatch(/UTF-8.*line \d+/i);
    },
  );
});
