/**
 * Baton's in-memory engine behind the benchmark's driver interface, used through its public API:
 * `deploy` once, `start` + `whenEnded` per instance, the service task run by an in-process handler,
 * user tasks completed through `engine.tasks`, snapshots through `snapshot` / `restore`.
 */
import { Engine } from '../engine/src/index.ts';
import type { Driver, PreparedModel } from './driver.ts';
import { SERVICE_NAME } from './models.ts';

/** Baton's handle to a waiting instance: the id of its open user task (`instanceId:key`). */
export type BatonWaiting = string;

/** The instance a user task id belongs to (task ids are `instance id + ':' + element key`). */
function instanceOf(taskId: string): string {
  return taskId.slice(0, taskId.lastIndexOf(':'));
}

/** A fresh engine with the in-process handler of the straight model's service task. */
async function newEngine(): Promise<Engine> {
  const engine = await Engine.create();
  engine.registerHandler(SERVICE_NAME, () => ({ variables: { ok: true } }));
  return engine;
}

/** Baton behind the benchmark's driver interface. */
export function createBatonDriver(): Driver<BatonWaiting> {
  return {
    name: 'baton',
    async compiler() {
      const engine = await Engine.create();
      return async (xml) => {
        await engine.deploy(xml);
      };
    },
    async prepare(xml, processId): Promise<PreparedModel<BatonWaiting>> {
      const engine = await newEngine();
      await engine.deploy(xml);
      // Snapshots are restored into another engine that only knows the definitions.
      const target = await newEngine();
      for (const def of engine.repository.list()) target.adoptDefinition(def);

      const run = async () => {
        const info = engine.start(processId);
        await engine.whenEnded(info.id);
      };
      return {
        run,
        async trace() {
          const completed: string[] = [];
          const stop = engine.subscribe((events) => {
            for (const e of events) if (e.type === 'element.completed') completed.push(e.elementId);
          });
          try {
            await run();
          } finally {
            stop();
          }
          return completed;
        },
        async startWaiting() {
          const { id } = engine.start(processId);
          for (const inst of Object.values(engine.state(id).elements))
            if (inst.wait?.kind === 'task') return inst.wait.task.id;
          throw new Error(`instance ${id} of ${processId} is not waiting in a user task`);
        },
        async complete(taskId) {
          engine.tasks.complete(taskId);
          await engine.whenEnded(instanceOf(taskId));
        },
        async snapshotRestore(taskId) {
          const json = JSON.stringify(engine.snapshot(instanceOf(taskId)));
          const info = target.restore(JSON.parse(json));
          if (info.status !== 'active' || target.tasks.size === 0)
            throw new Error('restored Baton is not waiting');
        },
      };
    },
  };
}
