/**
 * Makes QuickJS check the time limit at least every 64 ticks, and about once per millisecond
 * when ticks are expensive, instead of once per 10,000 ticks.
 *
 * QuickJS calls the interrupt handler when a per-context countdown, decremented on loop
 * back-edges and calls (built-in calls included), reaches zero, then resets it to 10,000. That is
 * ~1 ms of plain JavaScript, but a loop around expensive built-ins (`s.split('').join('-')` on a
 * large string costs milliseconds per tick) runs for minutes between two checks: measured, 33 s
 * for a 100 ms limit (0.1 s with the pacer). QuickJS has no API for the countdown, so the pacer
 * finds it in the context's WebAssembly memory and, at every check, sets the next countdown from
 * the ticks per millisecond it observed. What no pacing can bound is one long built-in call (a
 * default-comparator sort of 10^5 numbers takes ~140 ms): only a thread that can be killed can.
 *
 * Writing into QuickJS's memory needs care: the countdown is located by observation (the only
 * word of the context that equals the reset value at every check and counts down in between), and
 * confirmed by writing to it and seeing checks come more often. If any step disagrees, e.g. after
 * a QuickJS upgrade changes the layout, there is no pacer and QuickJS's own cadence applies.
 */
import type { QuickJSContext, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';

/** How often (ms) a paced script is checked; bounds how far it overruns its time limit. */
const TARGET_INTERVAL_MS = 1;
/**
 * The longest countdown. A loop that turns from cheap to expensive ticks is only re-paced at the
 * next check, so this bounds that delay in ticks. Measured cost: a check takes ~0.1 µs, which
 * makes tight loops ~10-15% slower than QuickJS's 10,000-tick cadence (256: ~5%, 16: ~40%).
 */
const MAX_TICKS = 64;
/** The first countdown of a run: small, so that even a built-in-heavy script is paced at once. */
const START_TICKS = 16;
/** How many 32-bit words of the JSContext struct to search. */
const SEARCH_WORDS = 256;

type WasmMemory = ReturnType<QuickJSWASMModule['getWasmMemory']>;

export class InterruptPacer {
  private view: Int32Array;
  private ticks: number;
  private lastCheck = 0;

  private constructor(
    private readonly memory: WasmMemory,
    private readonly index: number,
    private readonly reset: number,
  ) {
    this.view = new Int32Array(memory.buffer);
    this.ticks = reset;
  }

  /** Locates and confirms the countdown of `context`; undefined when that fails. */
  static calibrate(
    module: QuickJSWASMModule,
    runtime: QuickJSRuntime,
    context: QuickJSContext,
  ): InterruptPacer | undefined {
    let memory: WasmMemory;
    try {
      memory = module.getWasmMemory();
    } catch {
      return undefined; // a variant that does not expose its memory
    }
    // The JSContext pointer has no public accessor.
    const address = (context as unknown as { ctx?: { value?: unknown } }).ctx?.value;
    if (typeof address !== 'number' || !Number.isInteger(address) || address % 4 !== 0) return undefined;
    const words = () => Array.from(new Int32Array(memory.buffer, address, SEARCH_WORDS));
    const atChecks: number[][] = [];
    const between: number[][] = [];
    runLoop(
      runtime,
      context,
      () => void atChecks.push(words()),
      () => void between.push(words()),
    );
    const found: number[] = [];
    for (let word = 0; word < SEARCH_WORDS && atChecks.length >= 3; word++) {
      const reset = atChecks[0][word];
      const counts = between.map((snapshot) => snapshot[word]);
      if (
        reset > 1 &&
        atChecks.every((snapshot) => snapshot[word] === reset) &&
        counts.every((count) => count > 0 && count < reset) &&
        new Set(counts).size > counts.length / 2
      ) {
        found.push(word);
      }
    }
    if (found.length !== 1) return undefined;
    const pacer = new InterruptPacer(memory, address / 4 + found[0], atChecks[0][found[0]]);
    let checks = 0;
    runLoop(runtime, context, () => {
      checks++;
      pacer.write(10);
    });
    pacer.write(pacer.reset);
    // The loop takes ~120,000 ticks: about 12 checks at QuickJS's pace, thousands at 10 ticks.
    return checks > 1000 ? pacer : undefined;
  }

  /** Call when a run starts. */
  start(now: number): void {
    this.lastCheck = now;
    this.ticks = START_TICKS;
    this.write(START_TICKS);
  }

  /**
   * Call from the interrupt handler: picks the next countdown from the pace since the last check.
   * Ticks differ wildly in cost (a loop jump next to a call that splits a megabyte), so the
   * countdown drops at once but at most doubles per check.
   */
  check(now: number): void {
    const paced = Math.floor((this.ticks / Math.max(now - this.lastCheck, 0.001)) * TARGET_INTERVAL_MS);
    this.ticks = Math.min(MAX_TICKS, 2 * this.ticks, Math.max(1, paced));
    this.lastCheck = now;
    this.write(this.ticks);
  }

  private write(ticks: number): void {
    const buffer = this.memory.buffer;
    if (this.view.buffer !== buffer) this.view = new Int32Array(buffer); // the memory grew
    this.view[this.index] = ticks;
  }
}

/** Runs a loop of ~120,000 ticks, calling `onCheck` at each interrupt check and `probe` every 997 rounds. */
function runLoop(
  runtime: QuickJSRuntime,
  context: QuickJSContext,
  onCheck: () => void,
  probe: () => void = () => undefined,
): void {
  const host = context.newFunction('probe', probe);
  runtime.setInterruptHandler(() => {
    onCheck();
    return false;
  });
  const source = '(function (probe) { for (var i = 0; i < 40000; i++) if (i % 997 === 0) probe(); })';
  const loop = context.evalCode(source, 'baton-calibration', { type: 'global' });
  try {
    context.unwrapResult(context.callFunction(context.unwrapResult(loop), context.undefined, host)).dispose();
  } finally {
    loop.dispose();
    host.dispose();
    runtime.removeInterruptHandler();
  }
}
