/** Runs the server benchmark on one database: a child server process, the scenarios, the live delay. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freshDatabase, type Kind } from './db.ts';
import { HttpClient } from './http.ts';
import { fanOut, ownInstance, type DeliveryResult } from './live.ts';
import type { LoadResult } from './load.ts';
import { SCENARIOS } from './scenarios.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How long and how hard to run. */
export interface RunOptions {
  warmupMs: number;
  measureMs: number;
  liveClients: number;
  liveRate: number;
  liveSeconds: number;
  /** Directory for `node --cpu-prof` profiles of the server process, if profiling. */
  profileDir?: string;
  progress(line: string): void;
  /** Only this HTTP scenario, or `live` for only the delivery runs. */
  scenario?: string;
}

/** Everything measured on one database. */
export interface KindResult {
  kind: Kind;
  scenarios: { name: string; unit: string; clients: number; result: LoadResult }[];
  live: DeliveryResult[];
}

/** Starts a server on a fresh database of the kind and runs every scenario against it. */
export async function runOn(kind: Kind, options: RunOptions): Promise<KindResult> {
  const database = await freshDatabase(kind);
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /READY (\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready`)));
    });
    const http = new HttpClient(url);
    const result: KindResult = { kind, scenarios: [], live: [] };
    for (const scenario of SCENARIOS.filter(
      (s) => options.scenario === undefined || s.name === options.scenario,
    )) {
      options.progress(`${kind}: ${scenario.name} ...`);
      const r = await scenario.run(http, {
        clients: scenario.clients,
        warmupMs: options.warmupMs,
        measureMs: options.measureMs,
      });
      result.scenarios.push({
        name: scenario.name,
        unit: scenario.unit,
        clients: scenario.clients,
        result: r,
      });
    }
    if (options.scenario === undefined || options.scenario === 'live') {
      options.progress(`${kind}: live delivery, ${options.liveClients} clients ...`);
      result.live.push(await fanOut(url, http, options.liveClients, options.liveRate, options.liveSeconds));
      result.live.push(await ownInstance(url, http, options.liveClients, options.liveRate * 2));
    }
    http.close();
    return result;
  } finally {
    child.kill('SIGTERM');
    await exited;
    await database.drop();
  }
}
