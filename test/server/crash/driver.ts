/**
 * The crash test's parent side: runs the child server, drives load over HTTP (start instances,
 * complete their user tasks) and remembers exactly what was acknowledged with a 2xx.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A running child server. */
export interface Child {
  url: string;
  process: ChildProcess;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
}

/** Starts the child on `databaseUrl` and waits for its `READY <url>` line. */
export async function startChild(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT, // where `tsx` resolves
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before it was ready: ${stderr}`)));
  });
  return {
    url,
    process: child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** What the server acknowledged (HTTP 2xx received). */
export interface Acked {
  /** instance id -> its `orderNo` start variable */
  starts: Map<string, number>;
  /** instance id -> the `approvedBy` variable its task completion set */
  completions: Map<string, string>;
  /** Started instances whose task is not known to be completed. */
  open: string[];
}

async function call(url: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}/engine-rest${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

let orderNo = 0;

/** One client: starts instances and completes open tasks until a request fails to connect. */
export async function drive(url: string, acked: Acked): Promise<void> {
  for (;;) {
    const id = acked.open.length > 3 && Math.random() < 0.6 ? acked.open.shift() : undefined;
    try {
      if (id === undefined) {
        const n = ++orderNo;
        const response = await call(url, 'POST', '/process-definition/key/crash/start', {
          variables: { orderNo: { value: n, type: 'Integer' } },
        });
        if (response.status !== 200)
          throw new Error(`start answered ${response.status}: ${await response.text()}`);
        const instance = (await response.json()) as { id: string };
        acked.starts.set(instance.id, n);
        acked.open.push(instance.id);
        continue;
      }
      const tasks = (await (await call(url, 'GET', `/task?processInstanceId=${id}`)).json()) as {
        id: string;
      }[];
      if (tasks.length === 0) continue; // completed by a request whose answer was lost in a crash
      const by = `worker-${id.slice(0, 8)}`;
      const response = await call(url, 'POST', `/task/${tasks[0].id}/complete`, {
        variables: { approvedBy: { value: by, type: 'String' } },
      });
      if (response.status !== 204)
        throw new Error(`complete answered ${response.status}: ${await response.text()}`);
      acked.completions.set(id, by);
    } catch (error) {
      if (id !== undefined && !acked.completions.has(id)) acked.open.push(id);
      if (error instanceof TypeError) return; // fetch failed: the server is gone
      throw error;
    }
  }
}
