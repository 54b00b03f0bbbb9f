/**
 * Parse timing and warning counts over the shared BPMN corpus: `npx tsx test/parse/corpus-report.ts`.
 * Not a test; numbers for the parse stage's README/report.
 */
import { parseBpmn } from '../../engine/src/compile/parse/index.ts';
import { corpusFiles, readCorpusFile } from './corpus.ts';

const BIGGEST_REFERENCE = 'miwg/reference/C.8.0.bpmn';
const ROUNDS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeParse(bytes: Buffer): Promise<number> {
  const start = performance.now();
  await parseBpmn(bytes).catch(() => undefined);
  return performance.now() - start;
}

const files = corpusFiles();
const contents = files.map((file) => ({ file, bytes: readCorpusFile(file) }));

const first = await timeParse(readCorpusFile(BIGGEST_REFERENCE)); // includes building the moddle instance
const reference = readCorpusFile(BIGGEST_REFERENCE);
const referenceTimes: number[] = [];
for (let i = 0; i < 20; i++) referenceTimes.push(await timeParse(reference));

const corpusTimes: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const start = performance.now();
  for (const { bytes } of contents) await parseBpmn(bytes).catch(() => undefined);
  corpusTimes.push(performance.now() - start);
}

const byCode = new Map<string, { warnings: number; files: Set<string> }>();
const failures: string[] = [];
for (const { file, bytes } of contents) {
  try {
    for (const warning of (await parseBpmn(bytes)).warnings) {
      const entry = byCode.get(warning.code) ?? { warnings: 0, files: new Set<string>() };
      entry.warnings++;
      entry.files.add(file);
      byCode.set(warning.code, entry);
    }
  } catch (error) {
    failures.push(`${file}: ${(error as Error).message}`);
  }
}

const totalBytes = contents.reduce((sum, { bytes }) => sum + bytes.length, 0);
console.log(`${BIGGEST_REFERENCE} (${reference.length} bytes): first parse ${first.toFixed(1)} ms, `);
console.log(`  then median ${median(referenceTimes).toFixed(1)} ms over ${referenceTimes.length} parses`);
console.log(
  `corpus: ${files.length} files, ${(totalBytes / 1e6).toFixed(1)} MB, median ${median(corpusTimes).toFixed(0)} ms per pass`,
);
const withWarnings = new Set([...byCode.values()].flatMap((entry) => [...entry.files]));
console.log(`files with warnings: ${withWarnings.size}`);
for (const [code, { warnings, files: inFiles }] of [...byCode].sort()) {
  console.log(`  ${code}: ${warnings} warnings in ${inFiles.size} files`);
}
console.log(`rejected (${failures.length}):`);
for (const failure of failures) console.log(`  ${failure}`);
