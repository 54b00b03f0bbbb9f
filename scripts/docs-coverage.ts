/** Regenerates docs/bpmn-coverage.md from the compiler's tables, formatted as prettier would. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { coverageMarkdown } from '../engine/src/compile/coverage.ts';

export const COVERAGE_DOC = fileURLToPath(new URL('../docs/bpmn-coverage.md', import.meta.url));

/** The document exactly as it should be on disk. */
export async function formattedCoverage(): Promise<string> {
  const options = (await resolveConfig(COVERAGE_DOC)) ?? {};
  return format(coverageMarkdown(), { ...options, parser: 'markdown' });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(COVERAGE_DOC, await formattedCoverage());
  console.log('docs/bpmn-coverage.md written');
}
