/** Closed-loop load: N clients each run an operation back to back; rate and latency percentiles. */

/** Outcome of a closed loop. */
export interface LoadResult {
  /** Operations completed in the measured window. */
  ops: number;
  seconds: number;
  perSecond: number;
  /** Latency of one operation, ms. */
  p50: number;
  p99: number;
  errors: number;
  firstError?: string;
}

/** Clients and timing of a closed loop. */
export interface LoadOptions {
  clients: number;
  warmupMs: number;
  measureMs: number;
}

/** Runs `op` in `clients` loops: a warm-up, then a measured window; operations are never cut. */
export async function closedLoop(
  options: LoadOptions,
  op: (client: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.measureMs;
  const loop = async (client: number) => {
    for (let now = performance.now(); now < end; now = performance.now()) {
      try {
        await op(client);
        const done = performance.now();
        if (now >= measureFrom && done <= end) latencies.push(done - now);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
        if (errors > 100) throw new Error(`too many errors, first: ${firstError}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => loop(i)));
  const seconds = options.measureMs / 1000;
  return {
    ops: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    ...percentiles(latencies),
    errors,
    firstError,
  };
}

/** p50 and p99 of a list of durations (ms). */
export function percentiles(values: number[]): { p50: number; p99: number } {
  if (values.length === 0) return { p50: NaN, p99: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99) };
}
