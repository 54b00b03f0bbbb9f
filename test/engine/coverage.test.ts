import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COVERAGE_DOC, formattedCoverage } from '../../scripts/docs-coverage.ts';

describe('docs/bpmn-coverage.md', () => {
  it('matches what the compiler executes and rejects (regenerate with npm run docs:coverage)', async () => {
    expect(readFileSync(COVERAGE_DOC, 'utf8')).toBe(await formattedCoverage());
  });
});
