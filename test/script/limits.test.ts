import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptRunner } from '../../engine/src/script/quickjsRunner.ts';
import type { ScriptRunner } from '../../engine/src/script/types.ts';
import { runScript, scriptFailure } from './helpers.ts';

let runner: ScriptRunner;
beforeAll(async () => {
  runner = await createScriptRunner({ timeLimitMs: 100, memoryLimitBytes: 8 * 1024 * 1024 });
});
afterAll(() => runner.dispose());

/** After every failure the same runner must still run scripts. */
function expectUsable(): void {
  expect(runScript(runner, 'var o = { n: 20 }; o.n + 22')).toBe(42);
}

describe('time limit', () => {
  it.each([
    ['an infinite loop', 'while (true) {}'],
    [
      'a loop that catches everything',
      'for (;;) { try { while (true) {} } catch (e) {} finally { continue; } }',
    ],
    ['an endless promise chain', 'function again() { return Promise.resolve().then(again); } again(); 1'],
    ['a loop after await', 'async function spin() { await null; while (true) {} } spin(); 1'],
    ['a loop of expensive built-in calls', "var s = 'a'.repeat(2e4); while (true) s.split('').join('-')"],
  ])('interrupts %s after the limit', (_, source) => {
    // given a script that never ends
    const started = Date.now();
    // when it runs with a 100 ms limit
    const error = scriptFailure(() => runScript(runner, source));
    // then it is interrupted soon after the limit, and the runner stays usable
    const elapsed = Date.now() - started;
    expect(error.message).toBe("Script of element 'scriptTask' exceeded its time limit of 100 ms");
    expect(error.details).toMatchObject({ reason: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(100);
    expect(elapsed).toBeLessThan(1000);
    expectUsable();
  });
});

describe('memory limit', () => {
  // A time limit that leaves room to run out of memory first.
  let roomy: ScriptRunner;
  beforeAll(async () => {
    roomy = await createScriptRunner({ timeLimitMs: 5000, memoryLimitBytes: 8 * 1024 * 1024 });
  });
  afterAll(() => roomy.dispose());

  it('stops a memory bomb', () => {
    // given a script allocating without end
    // when it runs
    const error = scriptFailure(() => runScript(roomy, 'var a = []; while (true) a.push(new Array(1e6))'));
    // then it fails on memory and the runner stays usable
    expect(error.message).toBe("Script of element 'scriptTask' exceeded its memory limit of 8 MiB");
    expect(error.details).toMatchObject({ reason: 'memory' });
    expect(runScript(roomy, '[1, 2, 3].length')).toBe(3);
  });

  it('lets a script survive an allocation failure it catches', () => {
    // given a script catching its own out-of-memory error
    const source = `var a = [];
      try { while (true) a.push(new Array(1e6)); } catch (e) { a = null; String(e) }`;
    // when it runs
    const result = runScript(roomy, source);
    // then it goes on and the runner stays usable
    expect(result).toBe('InternalError: out of memory');
    expect(runScript(roomy, '[1, 2, 3].length')).toBe(3);
  });
});

describe('stack limit', () => {
  it('stops infinite recursion', () => {
    // given a script recursing without end
    // when it runs
    const error = scriptFailure(() =>
      runScript(runner, 'function down(n) { return down(n + 1) + 1; }\ndown(0)'),
    );
    // then QuickJS reports the overflow and the runner stays usable
    expect(error.message).toMatch(/^Script of element 'scriptTask' failed: InternalError: stack overflow/);
    expectUsable();
  });

  it('still allows ordinary recursion', () => {
    // given a recursive script of moderate depth
    // when it runs
    const result = runScript(
      runner,
      'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); } fib(20)',
    );
    // then it completes
    expect(result).toBe(6765);
  });

  it('replaces a sandbox that overflowed the host stack', async () => {
    // given a runner without QuickJS's stack check, where recursion overflows Node's own stack
    const unguarded = await createScriptRunner({ maxStackBytes: 0 });
    try {
      unguarded.prepare('d', {
        loop: { format: 'javascript', source: 'function r() { return r() + 1; } r()' },
      });
      // when the script crashes the sandbox
      const error = scriptFailure(() => unguarded.run('d', 'loop', { ...noExecution }));
      // then the run fails, and the next run gets a fresh sandbox with the definitions recompiled
      expect(error.details).toMatchObject({ reason: 'crash' });
      expect(runScript(unguarded, '6 * 7')).toBe(42);
      await new Promise((resolve) => setTimeout(resolve, 100)); // a new spare loads in the background
      scriptFailure(() => unguarded.run('d', 'loop', { ...noExecution }));
      expect(runScript(unguarded, '6 * 7')).toBe(42);
    } finally {
      unguarded.dispose();
    }
  });
});

describe('dispose', () => {
  it('frees a runner after timeouts, memory failures and thrown errors', async () => {
    // given a runner that went through every kind of failure
    const used = await createScriptRunner({ timeLimitMs: 50, memoryLimitBytes: 4 * 1024 * 1024 });
    scriptFailure(() => runScript(used, 'while (true) {}'));
    scriptFailure(() => runScript(used, 'var a = []; while (true) a.push([1, 2, 3])'));
    scriptFailure(() => runScript(used, "throw new Error('x')"));
    scriptFailure(() => runScript(used, 'function r() { r(); } r()'));
    // when it is disposed
    // then QuickJS finds no leaked handle, and the runner refuses further work
    expect(() => used.dispose()).not.toThrow();
    expect(() => runScript(used, '1')).toThrow(/disposed/);
  });
});

const noExecution = {
  getVariable: () => undefined,
  setVariable: () => undefined,
  setVariableLocal: () => undefined,
  getVariables: () => ({}),
  processInstanceId: 'p',
  activityId: 'loop',
  businessKey: undefined,
};
