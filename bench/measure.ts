/** Timing and heap helpers of the engine benchmark. */

/** How much work a scenario does: instance counts, repetitions and the per-loop time cap. */
export interface Sizes {
  /** Instances of straight-seq, straight-c100, usertask-memory and usertask-complete. */
  instances: number;
  /** Instances of parallel-10. */
  parallel: number;
  /** Operations of snapshot-restore. */
  snapshots: number;
  /** Rounds each engine's throughput and snapshot loops are split into (alternating engines). */
  rounds: number;
  /** Timed repetitions (rounds) of compile-1000 and run-1000. */
  repeats: number;
  /**
   * Warm-up before measuring, per scenario and engine: iterations (instances, operations) until
   * `warmup` are done or `warmupMs` have passed, so each engine warms for about the same time.
   */
  warmup: number;
  warmupMs: number;
  /**
   * The measured loops of one scenario and engine stop early once they have run this long in all
   * (ms, split evenly over the rounds) and report the rate over what they did; only the slower
   * engine ever reaches it. 0 = no cap.
   */
  budgetMs: number;
}

/** The default run: about two minutes on a 2-core machine. */
export const STANDARD: Sizes = {
  instances: 10_000,
  parallel: 5000,
  snapshots: 2000,
  rounds: 5,
  repeats: 7,
  budgetMs: 20_000,
  warmup: 20_000,
  warmupMs: 2000,
};

/** `--quick`: a tenth of the work, a smoke run with noisier numbers. */
export const QUICK: Sizes = {
  instances: 1000,
  parallel: 500,
  snapshots: 200,
  rounds: 3,
  repeats: 3,
  budgetMs: 3000,
  warmup: 5000,
  warmupMs: 500,
};

/** Result of a measured loop. */
export interface LoopResult {
  /** Iterations done (fewer than asked when the time budget ran out). */
  done: number;
  ms: number;
}

/** The garbage collector (node runs with --expose-gc: see engine.ts). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run node with --expose-gc');
  // Several passes: finalizers and weak references free more on the next pass.
  for (let i = 0; i < 4; i++) gc();
}

/** The used V8 heap after a full collection, in bytes. */
export function settledHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Runs `step(i)` `count` times in sequence (awaiting each), stopping early when the budget is spent. */
export async function loop(
  count: number,
  budgetMs: number,
  step: (i: number) => Promise<unknown>,
): Promise<LoopResult> {
  const start = performance.now();
  let done = 0;
  while (done < count) {
    await step(done);
    done++;
    if (budgetMs > 0 && performance.now() - start > budgetMs) break;
  }
  return { done, ms: performance.now() - start };
}

/** Runs `step` as warm-up: `sizes.warmup` times at most, for `sizes.warmupMs` at most. */
export async function warmUp(sizes: Sizes, step: () => Promise<unknown>, max = sizes.warmup): Promise<void> {
  await loop(max, sizes.warmupMs, step);
}

/** Events (instances, operations) per second. */
export function perSecond({ done, ms }: LoopResult): number {
  return (done * 1000) / ms;
}

/** The median of `values` (not empty). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Rounds for display: integers from 100 up, else three significant digits. */
export function round(n: number): number {
  if (!Number.isFinite(n)) return n;
  return Math.abs(n) >= 100 ? Math.round(n) : Number(n.toPrecision(3));
}
