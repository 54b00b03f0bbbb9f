/**
 * Scenario harness for engine tests: a fake clock, deterministic ids, a compact event trace, and
 * `replay` mode, which moves every instance into a fresh engine (snapshot -> JSON -> restore) at
 * each wait point, so each scenario also proves that restoring continues identically.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import {
  apply,
  Engine,
  type EngineEvent,
  type EngineEventsSnapshot,
  type InstanceState,
  type JobHandler,
} from '../../engine/src/index.ts';

export const START_TIME = Date.parse('2026-01-05T09:00:00.000Z');

export function fixture(name: string, dir = new URL('../engine/fixtures/', import.meta.url)): string {
  return readFileSync(new URL(name, dir), 'utf8');
}

export type Mode = 'live' | 'replay';

export class Harness {
  engine!: Engine;
  time = START_TIME;
  private ids = 0;
  /** Every event, across engine swaps, in order. */
  readonly events: EngineEvent[] = [];
  private readonly handlers = new Map<string, JobHandler>();

  private constructor(readonly mode: Mode) {}

  static async create(mode: Mode = 'live'): Promise<Harness> {
    const h = new Harness(mode);
    h.engine = await h.newEngine();
    return h;
  }

  private async newEngine(): Promise<Engine> {
    const engine = await Engine.create({
      now: () => this.time,
      newId: () => `id${++this.ids}`,
      scriptTimeLimitMs: 200,
    });
    engine.subscribe((events) => this.events.push(...events));
    return engine;
  }

  async deploy(...files: string[]): Promise<void> {
    for (const file of files)
      await this.engine.deploy(file.trimStart().startsWith('<') ? file : fixture(file));
  }

  handle(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
    this.engine.registerHandler(type, handler);
  }

  /**
   * A wait point: in replay mode every instance continues in a new engine from a JSON snapshot,
   * and the re-folded events of each instance must equal its live state.
   */
  async waitPoint(): Promise<void> {
    for (const info of this.engine.listInstances())
      expect(refold(this.events, info.id)).toEqual(this.engine.state(info.id));
    if (this.mode !== 'replay') return;
    const old = this.engine;
    const fresh = await this.newEngine();
    for (const def of old.repository.list()) fresh.adoptDefinition(def);
    fresh.events.restoreSnapshot(JSON.parse(JSON.stringify(old.events.snapshot())) as EngineEventsSnapshot);
    for (const info of old.listInstances())
      fresh.restore(JSON.parse(JSON.stringify(old.snapshot(info.id))) as InstanceState);
    for (const [type, handler] of this.handlers) fresh.registerHandler(type, handler);
    this.engine = fresh;
  }

  /** Compact trace of one instance: `activated:task1`, `flow:f2`, `waiting:task1`, ... */
  trace(instanceId?: string): string[] {
    return this.events.filter((e) => instanceId === undefined || e.instanceId === instanceId).map(describe);
  }

  /** Element ids in activation order (the path tokens took). */
  path(instanceId: string): string[] {
    return this.events
      .filter(
        (e): e is Extract<EngineEvent, { type: 'element.activated' }> =>
          e.type === 'element.activated' && e.instanceId === instanceId,
      )
      .map((e) => e.elementId);
  }

  /** Element ids of instances currently active in the instance. */
  active(instanceId: string): string[] {
    return Object.values(this.engine.state(instanceId).elements)
      .filter((e) => e.key !== this.engine.state(instanceId).root)
      .map((e) => e.elementId)
      .sort();
  }

  taskId(instanceId: string, elementId: string): string {
    const task = this.engine.tasks.list({ processInstanceId: instanceId, taskDefinitionKey: elementId });
    expect(task, `one open task ${elementId}`).toHaveLength(1);
    return task[0].id;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

/** Folds an instance's events from nothing: must reproduce its state exactly. */
export function refold(events: readonly EngineEvent[], instanceId: string): InstanceState {
  let state: InstanceState | undefined;
  for (const event of events)
    if (event.instanceId === instanceId) state = apply(state, structuredClone(event));
  return state!;
}

function describe(e: EngineEvent): string {
  switch (e.type) {
    case 'element.activated':
      return `activated:${e.elementId}${e.body ? '(body)' : ''}`;
    case 'element.completed':
      return `completed:${e.elementId}`;
    case 'element.terminated':
      return `terminated:${e.elementId}`;
    case 'element.waiting':
      return `waiting:${e.elementId}:${e.wait.kind}`;
    case 'flow.taken':
      return `flow:${e.flowId}`;
    case 'join.arrived':
      return `arrived:${e.gatewayId}:${e.flowId}`;
    case 'join.consumed':
      return `joined:${e.gatewayId}`;
    case 'variable.set':
      return `var:${e.name}=${JSON.stringify(e.value)}`;
    case 'variable.deleted':
      return `deleted:${e.name}`;
    case 'incident.raised':
      return `incident:${e.incident.elementId}`;
    case 'incident.resolved':
      return `resolved:${e.key}`;
    default:
      return e.type;
  }
}

/** Runs `scenario` live and in replay mode; both must produce the same trace. */
export async function bothModes(scenario: (h: Harness) => Promise<void>): Promise<Harness> {
  const live = await Harness.create('live');
  await scenario(live);
  const replay = await Harness.create('replay');
  await scenario(replay);
  expect(replay.trace()).toEqual(live.trace());
  return live;
}
