/**
 * The HTTP scenarios of the server benchmark. Each operation is a complete round trip of real
 * REST calls; an instance counts once its start call answered (the transaction committed).
 */
import type { HttpClient } from './http.ts';
import { closedLoop, type LoadOptions, type LoadResult } from './load.ts';

/** One row of the benchmark: a scenario on one database. */
export interface Scenario {
  name: string;
  /** What one operation is. */
  unit: string;
  clients: number;
  run(http: HttpClient, options: LoadOptions): Promise<LoadResult>;
}

interface Instance {
  id: string;
  ended: boolean;
}

async function start(http: HttpClient, key: string): Promise<Instance> {
  return (await http.call<Instance>('POST', `/process-definition/key/${key}/start`, {})).body;
}

function straight(key: string, clients: number): Scenario {
  return {
    name: `${key}-c${clients}`,
    unit: 'instances/s',
    clients,
    run: (http, options) =>
      closedLoop(options, async () => {
        const instance = await start(http, key);
        if (!instance.ended) throw new Error(`instance ${instance.id} of ${key} did not end`);
      }),
  };
}

function userTask(clients: number): Scenario {
  return {
    name: `usertask-c${clients}`,
    unit: 'round trips/s',
    clients,
    run: (http, options) =>
      closedLoop(options, async () => {
        const instance = await start(http, 'usertask');
        const tasks = (await http.call<{ id: string }[]>('GET', `/task?processInstanceId=${instance.id}`))
          .body;
        if (tasks.length !== 1) throw new Error(`expected one task in ${instance.id}, got ${tasks.length}`);
        await http.call('POST', `/task/${tasks[0].id}/complete`, {});
      }),
  };
}

function externalTask(clients: number): Scenario {
  return {
    name: `external-c${clients}`,
    unit: 'round trips/s',
    clients,
    run: (http, options) =>
      closedLoop(options, async (client) => {
        await start(http, 'external');
        const workerId = `worker-${client}`;
        // Any open task of the topic: each client locks one for each one it started.
        for (let attempt = 0; attempt < 50; attempt++) {
          const locked = (
            await http.call<{ id: string }[]>('POST', '/external-task/fetchAndLock', {
              workerId,
              maxTasks: 1,
              topics: [{ topicName: 'bench', lockDuration: 60_000 }],
            })
          ).body;
          if (locked.length === 1) {
            await http.call('POST', `/external-task/${locked[0].id}/complete`, { workerId });
            return;
          }
        }
        throw new Error('fetchAndLock found no task 50 times');
      }),
  };
}

/** Every HTTP scenario, in the order they run. */
export const SCENARIOS: Scenario[] = [
  straight('straight', 100),
  straight('straight', 10),
  straight('script', 100),
  userTask(100),
  userTask(10),
  externalTask(100),
];
