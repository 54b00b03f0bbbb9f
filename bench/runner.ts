/**
 * Runs one scenario for both engines: warms each up, then measures their rounds alternately and
 * reduces each engine's rounds to one result per row (the median).
 */
import type { Driver } from './driver.ts';
import { collectGarbage, median } from './measure.ts';
import type { Sizes } from './measure.ts';
import type { RowResult } from './report.ts';
import type { Measurement, Scenario, Session } from './scenarios.ts';

/** Progress goes to stderr, so stdout holds only the table or the JSON lines. */
export const progress = (text: string): void => {
  process.stderr.write(text);
};

/** An error as one short line: `Class: message`. */
export function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0].slice(0, 80);
}

/** One engine in one scenario: its session while it works, then its rounds or why it failed. */
interface Runner {
  driver: Driver<unknown>;
  session?: Session;
  rounds: Measurement[][];
  error?: string;
}

/** Runs `fn` unless the engine already failed; a failure is recorded, never thrown. */
async function guard(runner: Runner, fn: () => Promise<void>): Promise<void> {
  if (runner.error) return;
  try {
    await fn();
  } catch (error) {
    runner.error = describe(error);
    runner.session = undefined;
    progress(` (${runner.driver.name} failed: ${runner.error})`);
  }
}

/** Row `i` of an engine: the median of its rounds, with the instances of all of them. */
function summary(runner: Runner, i: number): Measurement | null {
  if (runner.error || runner.rounds.length === 0) return null;
  const values = runner.rounds.map((round) => round[i]);
  return { value: median(values.map((m) => m.value)), n: values.reduce((sum, m) => sum + m.n, 0) };
}

/** Warms both engines up, then measures their rounds alternately; one result per scenario row. */
export async function runScenario(
  scenario: Scenario,
  baton: Driver<unknown>,
  peer: Driver<unknown>,
  sizes: Sizes,
): Promise<RowResult[]> {
  const runners: Runner[] = [baton, peer].map((driver) => ({ driver, rounds: [] }));
  for (const runner of runners)
    await guard(runner, async () => {
      runner.session = await scenario.start(runner.driver, sizes);
    });
  for (let round = 0; round < scenario.rounds(sizes); round++) {
    for (const runner of runners) {
      // No forced collection between rounds: right after one, V8 runs with a shrunken young
      // generation for a while, which would dominate the fast engine's short rounds.
      await guard(runner, async () => {
        if (runner.session) runner.rounds.push(await runner.session());
      });
    }
    progress('.');
  }
  for (const runner of runners) runner.session = undefined;
  collectGarbage();

  const [b, p] = runners;
  return scenario.rows.map((spec, i) => {
    const row: RowResult = { ...spec, baton: summary(b, i), peer: summary(p, i) };
    if (b.error) row.batonError = b.error;
    if (p.error) row.peerError = p.error;
    return row;
  });
}
