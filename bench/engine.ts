/**
 * `npm run bench:engine [-- --json] [--quick] [--full]`: Baton's in-memory engine and bpmn-engine
 * side by side in one process, on the same BPMN XML (bench/models.ts), through the same loops
 * (bench/scenarios.ts). Prints a table, or with `--json` one JSON line per scenario:
 * `{"scenario","unit","baton","peer","ratio"}` where ratio is Baton's advantage (higher is better).
 *
 *   --quick  a tenth of the work and a 3 s cap per measured loop (a smoke run, noisier numbers)
 *   --full   no time cap: bpmn-engine runs every instance too (takes several minutes)
 *
 * The heap is measured after forced collections, so the script re-runs itself under
 * `node --expose-gc` when started without it (as `tsx bench/engine.ts` is).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createBatonDriver } from './baton.ts';
import { QUICK, STANDARD } from './measure.ts';
import type { Sizes } from './measure.ts';
import { createPeerDriver } from './peer.ts';
import { jsonLine, table, targetSummary } from './report.ts';
import type { RowResult } from './report.ts';
import { describe, progress, runScenario } from './runner.ts';
import { SCENARIOS } from './scenarios.ts';

const FLAGS = new Set(['--json', '--quick', '--full']);
const args = process.argv.slice(2);
const unknown = args.filter((a) => !FLAGS.has(a));
if (unknown.length > 0) {
  console.error(
    `unknown option ${unknown.join(' ')}; usage: npm run bench:engine -- [--json] [--quick] [--full]`,
  );
  process.exit(2);
}

if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  if (process.env.BATON_BENCH_CHILD) throw new Error('--expose-gc did not expose gc()');
  // Same loader flags (tsx) plus gc() and room for bpmn-engine's waiting instances.
  const flags = [...process.execArgv, '--expose-gc', '--max-old-space-size=8192'];
  const child = spawnSync(process.execPath, [...flags, process.argv[1], ...args], {
    stdio: 'inherit',
    env: { ...process.env, BATON_BENCH_CHILD: '1' },
  });
  process.exit(child.status ?? 1);
}

const json = args.includes('--json');
const quick = args.includes('--quick');
const sizes: Sizes = { ...(quick ? QUICK : STANDARD) };
if (args.includes('--full')) sizes.budgetMs = 0;
const mode = `${quick ? 'quick' : 'standard'} run, ${sizes.budgetMs ? `loops capped at ${sizes.budgetMs / 1000} s` : 'no time cap'}`;

// A peer that fails half-way may leave a rejected promise nobody awaits: note it, keep going.
process.on('unhandledRejection', (error) => progress(`\n  (unhandled rejection: ${describe(error)})\n`));

function machine(): string {
  const file = new URL('../node_modules/bpmn-engine/package.json', import.meta.url);
  const peerVersion = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `node ${process.version}, ${os.availableParallelism()} CPUs (${cpu}), bpmn-engine ${peerVersion}`;
}

const baton = createBatonDriver();
const peer = createPeerDriver();
const rows: RowResult[] = [];
progress(`engine benchmark (${mode}), ${machine()}\n`);
const started = performance.now();
for (const scenario of SCENARIOS) {
  progress(`${scenario.rows.map((r) => r.scenario).join(' + ')} `);
  const results = await runScenario(scenario, baton, peer, sizes);
  progress('\n');
  for (const row of results) {
    rows.push(row);
    if (json) console.log(jsonLine(row));
  }
}
progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
if (!json) console.log(`\n${machine()}\n\n${table(rows)}\n\n${targetSummary(rows)}`);
