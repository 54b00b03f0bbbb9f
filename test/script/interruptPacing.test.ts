import { RELEASE_SYNC, newQuickJSWASMModule } from 'quickjs-emscripten';
import { describe, expect, it } from 'vitest';
import { InterruptPacer } from '../../engine/src/script/interruptPacing.ts';

describe('InterruptPacer', () => {
  it('finds the interrupt countdown of the installed QuickJS', async () => {
    // given a fresh QuickJS context
    const module = await newQuickJSWASMModule(RELEASE_SYNC);
    const runtime = module.newRuntime();
    const context = runtime.newContext();
    try {
      // when the pacer calibrates
      const pacer = InterruptPacer.calibrate(module, runtime, context);
      // then it found and confirmed the countdown; if a QuickJS upgrade breaks this, the time
      // limit falls back to QuickJS's own cadence (see interruptPacing.ts) and this test says so
      expect(pacer).toBeInstanceOf(InterruptPacer);
    } finally {
      context.dispose();
      runtime.dispose();
    }
  });

  it('checks a loop of expensive built-ins about every millisecond', async () => {
    // given a paced context running a loop whose ticks each cost milliseconds
    const module = await newQuickJSWASMModule(RELEASE_SYNC);
    const runtime = module.newRuntime();
    const context = runtime.newContext();
    const pacer = InterruptPacer.calibrate(module, runtime, context);
    // 300 ms: long enough for several checks even on a loaded machine
    const deadline = performance.now() + 300;
    let checks = 0;
    runtime.setInterruptHandler(() => {
      const now = performance.now();
      checks++;
      pacer?.check(now);
      return now > deadline;
    });
    pacer?.start(performance.now());
    // when it runs into its deadline
    const started = performance.now();
    const result = context.evalCode("var s = 'a'.repeat(5e4); while (true) s.split('').join('-')", 'loop', {
      type: 'global',
    });
    const elapsed = performance.now() - started;
    result.dispose();
    context.dispose();
    runtime.dispose();
    // then it is interrupted soon after the deadline (QuickJS alone checks every 10,000 ticks:
    // after seconds here)
    expect(elapsed).toBeLessThan(2000);
    expect(checks).toBeGreaterThan(1);
  });
});
