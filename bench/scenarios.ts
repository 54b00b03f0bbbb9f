/**
 * The benchmark's scenarios. Both engines go through the same driver interface and the same loops
 * on the same XML. A scenario first warms each engine up on the scenario's own model, then measures
 * in rounds that alternate between the engines (baton, peer, baton, peer, ...), so a busy moment of
 * the machine hits both alike; the runner reports each engine's median round. Every round deploys
 * the model afresh (untimed) and drops it afterwards, so no engine's leftovers (Baton keeps ended
 * instances in memory) burden the other engine's garbage collector.
 */
import type { Driver, PreparedModel } from './driver.ts';
import { loop, perSecond, settledHeap, warmUp } from './measure.ts';
import type { Sizes } from './measure.ts';
import {
  chainModel,
  parallelModel,
  PROCESS,
  STRAIGHT_OK_END,
  straightModel,
  userTaskModel,
} from './models.ts';

/** What one engine scored on one row. */
export interface Measurement {
  value: number;
  /** Instances or operations measured (summed over rounds by the runner). */
  n: number;
}

/** A row of the results: its name, its unit and which direction is better. */
export interface RowSpec {
  scenario: string;
  unit: string;
  /** True for rates; false for bytes and milliseconds (then ratio = peer / baton). */
  higherIsBetter: boolean;
}

/** One engine warmed up for a scenario: each call measures one round (one value per row). */
export type Session = () => Promise<Measurement[]>;

/** A scenario: its rows, its number of rounds, and how it warms an engine up. */
export interface Scenario {
  rows: RowSpec[];
  rounds(sizes: Sizes): number;
  start<W>(driver: Driver<W>, sizes: Sizes): Promise<Session>;
}

const rate = (scenario: string, unit = 'instances/s'): RowSpec => ({ scenario, unit, higherIsBetter: true });
const cost = (scenario: string, unit: string): RowSpec => ({ scenario, unit, higherIsBetter: false });

/** Prepares a model and checks one traced run completed the `expected` elements. */
async function prepareChecked<W>(
  driver: Driver<W>,
  xml: string,
  processId: string,
  expected: string[],
): Promise<PreparedModel<W>> {
  const model = await driver.prepare(xml, processId);
  const completed = new Set(await model.trace());
  const missing = expected.filter((id) => !completed.has(id));
  if (missing.length > 0) throw new Error(`${driver.name} did not complete ${missing.join(', ')}`);
  return model;
}

/**
 * Warms `driver` up on a model of its own (its own function scope, so the sessions' closures never
 * keep it, nor the instances it ran, alive).
 */
async function warmUpOn<W>(
  driver: Driver<W>,
  sizes: Sizes,
  model: { xml: string; processId: string; expected?: string[] },
  step: (model: PreparedModel<W>) => Promise<unknown>,
): Promise<void> {
  const warm = model.expected
    ? await prepareChecked(driver, model.xml, model.processId, model.expected)
    : await driver.prepare(model.xml, model.processId);
  await warmUp(sizes, () => step(warm));
}

/** Wall time of one call, in ms. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** How a throughput scenario runs: its model, what a run must complete, how many, how many at once. */
interface ThroughputSpec {
  xml: string;
  processId: string;
  expected: string[];
  /** Instances over all rounds. */
  count: (sizes: Sizes) => number;
  /** Instances started together (then all awaited) per step; 1 = one after another. */
  batch?: number;
}

/** Instances per second, `batch` at a time, in `sizes.rounds` rounds. */
function throughput(row: RowSpec, spec: ThroughputSpec): Scenario {
  const batch = spec.batch ?? 1;
  return {
    rows: [row],
    rounds: (sizes) => sizes.rounds,
    async start(driver, sizes) {
      await warmUpOn(driver, sizes, spec, (warm) => warm.run());
      const steps = Math.ceil(spec.count(sizes) / batch / sizes.rounds);
      return async () => {
        const model = await driver.prepare(spec.xml, spec.processId);
        const step = () =>
          batch === 1 ? model.run() : Promise.all(Array.from({ length: batch }, () => model.run()));
        const result = await loop(steps, sizes.budgetMs / sizes.rounds, step);
        const done = { done: result.done * batch, ms: result.ms };
        return [{ value: perSecond(done), n: done.done }];
      };
    },
  };
}

const userTask = { xml: userTaskModel(), processId: PROCESS.userTask };
const straight = {
  xml: straightModel(),
  processId: PROCESS.straight,
  expected: ['checkTask', STRAIGHT_OK_END],
};

/** straight-seq, straight-c100, parallel-10, usertask-memory + usertask-complete, snapshot-restore, compile-1000, run-1000. */
export const SCENARIOS: Scenario[] = [
  throughput(rate('straight-seq'), { ...straight, count: (s) => s.instances }),
  throughput(rate('straight-c100'), { ...straight, count: (s) => s.instances, batch: 100 }),
  throughput(rate('parallel-10'), {
    xml: parallelModel(10),
    processId: PROCESS.parallel,
    expected: [...Array.from({ length: 10 }, (_, i) => `branch${i + 1}`), 'join', 'end'],
    count: (s) => s.parallel,
  }),
  {
    // One round: start every instance (heap measured around it), then complete them all.
    rows: [cost('usertask-memory', 'bytes/instance'), rate('usertask-complete')],
    rounds: () => 1,
    async start(driver, sizes) {
      await warmUpOn(driver, sizes, userTask, async (warm) => warm.complete(await warm.startWaiting()));
      return async () => {
        const model = await driver.prepare(userTask.xml, userTask.processId);
        const waiting = new Array<Awaited<ReturnType<typeof model.startWaiting>>>();
        const before = settledHeap();
        const started = await loop(sizes.instances, sizes.budgetMs, async () => {
          waiting.push(await model.startWaiting());
        });
        const bytes = (settledHeap() - before) / started.done;
        const completed = await loop(waiting.length, sizes.budgetMs, (i) => model.complete(waiting[i]));
        return [
          { value: bytes, n: started.done },
          { value: perSecond(completed), n: completed.done },
        ];
      };
    },
  },
  {
    rows: [rate('snapshot-restore', 'ops/s')],
    rounds: (sizes) => sizes.rounds,
    async start(driver, sizes) {
      await warmUpOn(driver, sizes, userTask, async (warm) => {
        const waiting = await warm.startWaiting();
        await warm.snapshotRestore(waiting);
        await warm.complete(waiting);
      });
      const ops = Math.ceil(sizes.snapshots / sizes.rounds);
      return async () => {
        const model = await driver.prepare(userTask.xml, userTask.processId);
        const waiting = await model.startWaiting();
        const result = await loop(ops, sizes.budgetMs / sizes.rounds, () => model.snapshotRestore(waiting));
        return [{ value: perSecond(result), n: result.done }];
      };
    },
  },
  {
    rows: [cost('compile-1000', 'ms')],
    rounds: (sizes) => sizes.repeats,
    async start(driver, sizes) {
      const compile = await driver.compiler();
      const xml = chainModel(1000);
      await warmUp(sizes, () => compile(xml), 20);
      return async () => [{ value: await timed(() => compile(xml)), n: 1 }];
    },
  },
  {
    rows: [cost('run-1000', 'ms')],
    rounds: (sizes) => sizes.repeats,
    async start(driver, sizes) {
      const model = await prepareChecked(driver, chainModel(1000), PROCESS.chain, ['t1', 't1000', 'end']);
      await warmUp(sizes, () => model.run(), 20);
      return async () => [{ value: await timed(() => model.run()), n: 1 }];
    },
  },
];
