/**
 * bpmn-engine driven the way its API documentation shows: one `Engine` per process instance,
 * `execute({ variables, services })`, completion awaited through `waitFor('end')`, user tasks
 * signalled with `execution.signal({ id })`, snapshots through `getState()` and
 * `new Engine().recover(state)` + `resume()`.
 *
 * Its fastest documented set-up is used: the XML is parsed once per model and every instance engine
 * gets the result through the documented `sourceContext` option, so no instance re-parses XML;
 * logging goes to a no-op `Logger` (a documented option) instead of the `debug` loggers.
 *
 * bpmn-elements and moddle-context-serializer are bpmn-engine's own dependencies (hoisted).
 */
import { EventEmitter } from 'node:events';
import * as elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import type { BpmnEngineOptions } from 'bpmn-engine';
import { TypeResolver, deserialize } from 'moddle-context-serializer';
import type { SerializableContext } from 'moddle-context-serializer';
import type { Driver, PreparedModel } from './driver.ts';
import { SERVICE_NAME, USER_TASK_ID } from './models.ts';

/** The peer's handle to a waiting instance: the engine that runs it. */
export type PeerWaiting = Engine;

type ServiceCallback = (error: Error | null, ...results: unknown[]) => void;
interface ServiceScope {
  environment: { variables: Record<string, unknown> };
}

const silent = (): void => {};
/** A Logger factory that drops every message (the documented way to replace `debug`). */
const Logger = () => ({ debug: silent, error: silent, warn: silent });

/** The in-process service of the straight model: sets `ok` (the gateway's condition). */
function check(scope: ServiceScope, callback: ServiceCallback): void {
  scope.environment.variables.ok = true;
  callback(null, { ok: true });
}

const services = { [SERVICE_NAME]: check };

/**
 * Parses BPMN once with bpmn-engine itself: the serialized source its `getState()` carries, turned
 * back into a `sourceContext` the way its `recover()` does (moddle-context-serializer).
 */
async function sourceContextOf(xml: string): Promise<SerializableContext> {
  const state = await new Engine({ name: 'parse', source: xml, Logger }).getState();
  const source = state.definitions[0]?.source;
  if (!source) throw new Error('bpmn-engine returned no serialized source');
  return deserialize(JSON.parse(source), TypeResolver({ ...elements }));
}

function options(sourceContext: SerializableContext | undefined, name: string): BpmnEngineOptions {
  const out: BpmnEngineOptions = { name, services, Logger };
  if (sourceContext) out.sourceContext = sourceContext;
  return out;
}

async function ended(engine: Engine, start: () => Promise<unknown> | void): Promise<void> {
  const end = engine.waitFor('end');
  // Awaited below; this keeps a failing start from leaving the rejection unobserved meanwhile.
  end.catch(() => {});
  await start();
  await end;
}

/** bpmn-engine (the peer) behind the benchmark's driver interface. */
export function createPeerDriver(): Driver<PeerWaiting> {
  let counter = 0;
  return {
    name: 'bpmn-engine',
    async compiler() {
      // The peer parses, serializes and builds its definitions per engine: that is its compile.
      return async (xml) => {
        await new Engine({ name: 'compile', source: xml, Logger }).getDefinitions();
      };
    },
    async prepare(xml): Promise<PreparedModel<PeerWaiting>> {
      const sourceContext = await sourceContextOf(xml);
      const newEngine = () => new Engine(options(sourceContext, `instance-${++counter}`));
      return {
        async run() {
          const engine = newEngine();
          await ended(engine, () => engine.execute({ variables: {}, services }));
        },
        async trace() {
          const completed: string[] = [];
          const listener = new EventEmitter();
          listener.on('activity.end', (api: { id: string }) => completed.push(api.id));
          const engine = newEngine();
          await ended(engine, () => engine.execute({ variables: {}, services, listener }));
          return completed;
        },
        async startWaiting() {
          const engine = newEngine();
          await engine.execute({ variables: {}, services });
          if (engine.activityStatus !== 'wait')
            throw new Error(`peer is ${engine.activityStatus}, not waiting`);
          return engine;
        },
        async complete(engine) {
          await ended(engine, () => engine.execution.signal({ id: USER_TASK_ID }));
        },
        async snapshotRestore(engine) {
          const json = JSON.stringify(await engine.getState());
          const restored = new Engine(options(undefined, engine.name)).recover(JSON.parse(json));
          await restored.resume();
          if (restored.activityStatus !== 'wait') throw new Error('restored peer is not waiting');
        },
      };
    },
  };
}
