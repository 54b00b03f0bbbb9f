/**
 * `npm run bench:server [-- --quick] [--json] [--profile] [--only=sqlite|pg] [--scenario=name]`: the durable server
 * over HTTP on loopback, on a fresh sqlite and a fresh PostgreSQL database: straight-through starts,
 * user-task and external-task round trips (rate, p50/p99), and the delay from commit to websocket
 * delivery with 500 connected clients. The server runs in a child process; this process is the
 * load generator. PostgreSQL is skipped (with a note) when none answers at BATON_PG_URL.
 *
 *   --quick    0.5 s warm-up and 2 s per scenario instead of 1 s and 5 s, fewer live commits
 *   --profile  the server process writes `--cpu-prof` profiles to a new directory under the OS temp dir
 *   --scenario=<name>  only this HTTP scenario (e.g. straight-c100), or `live` for the delivery runs
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { postgresAvailable, type Kind } from './server/db.ts';
import { jsonLines, table, targets } from './server/report.ts';
import { runOn, type KindResult, type RunOptions } from './server/run.ts';
import { SCENARIOS } from './server/scenarios.ts';

const args = process.argv.slice(2);
const known = /^(--quick|--json|--profile|--only=(sqlite|pg)|--scenario=[\w-]+)$/;
const unknown = args.filter((a) => !known.test(a));
if (unknown.length > 0) {
  console.error(
    `unknown option ${unknown.join(' ')}; usage: npm run bench:server -- [--quick] [--json] [--profile] [--only=sqlite|pg] [--scenario=name]`,
  );
  process.exit(2);
}
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length) as Kind | undefined;
const progress = (line: string) => process.stderr.write(`${line}\n`);

const options: RunOptions = {
  warmupMs: quick ? 500 : 1000,
  measureMs: quick ? 2000 : 5000,
  liveClients: 500,
  liveRate: 50,
  liveSeconds: quick ? 2 : 5,
  progress,
  scenario: args.find((a) => a.startsWith('--scenario='))?.slice('--scenario='.length),
};
if (args.includes('--profile')) {
  options.profileDir = join(os.tmpdir(), `baton-bench-profiles-${Date.now()}`);
  mkdirSync(options.profileDir, { recursive: true });
  progress(`server CPU profiles go to ${options.profileDir}`);
}

const names = [...SCENARIOS.map((s) => s.name), 'live'];
if (options.scenario !== undefined && !names.includes(options.scenario)) {
  console.error(`unknown scenario ${options.scenario}; one of ${names.join(', ')}`);
  process.exit(2);
}

const kinds: Kind[] = [];
if (only !== 'pg') kinds.push('sqlite');
if (only !== 'sqlite') {
  if (await postgresAvailable()) kinds.push('pg');
  else progress('PostgreSQL does not answer at BATON_PG_URL: skipped');
}

const results: KindResult[] = [];
for (const kind of kinds) results.push(await runOn(kind, options));

if (args.includes('--json')) for (const line of jsonLines(results)) console.log(line);
else {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `node ${process.version}, ${os.availableParallelism()} CPUs (${cpu}); ${quick ? 'quick' : 'standard'} run\n`,
  );
  console.log(table(results));
  console.log(`\n${targets(results).join('\n')}`);
}
