import { QuickJSContext } from 'quickjs-emscripten';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isBatonError } from '../../engine/src/protocol/errors.ts';
import { createScriptRunner } from '../../engine/src/script/quickjsRunner.ts';
import type { ScriptRunner } from '../../engine/src/script/types.ts';
import { fakeExecution } from './helpers.ts';

let runner: ScriptRunner;
beforeAll(async () => {
  runner = await createScriptRunner();
});
afterAll(() => runner.dispose());

describe('check', () => {
  it('returns null for a script that compiles', () => {
    // given a valid script
    // when checked
    const result = runner.check({ format: 'javascript', source: "execution.setVariable('a', 1)" });
    // then there is nothing to report
    expect(result).toBeNull();
  });

  it('explains a syntax error with line and column', () => {
    // given a script with an error on line 2
    const source = 'var a = 1;\nvar b = a +;\n';
    // when checked
    const result = runner.check({ format: 'javascript', source });
    // then the sentence says what and where
    expect(result).toBe('Unexpected token at line 2, column 12');
  });

  it('refuses top-level return and await, which scripts cannot use', () => {
    // given scripts only valid inside functions or modules
    // when checked
    // then both are syntax errors
    expect(runner.check({ format: 'javascript', source: 'return 1' })).toMatch(
      /'return' outside of function/,
    );
    expect(runner.check({ format: 'javascript', source: 'await null' })).not.toBeNull();
  });

  it('leaves FEEL scripts to the expression evaluator', () => {
    // given a FEEL script
    // when checked
    // then the runner has no opinion
    expect(runner.check({ format: 'feel', source: 'a +' })).toBeNull();
  });
});

describe('prepare', () => {
  it('surfaces a syntax error at prepare, not at run', () => {
    // given a definition with a broken script
    const scripts = { broken: { format: 'javascript' as const, source: 'if (' } };
    // when it is prepared
    let error: unknown;
    try {
      runner.prepare('broken-definition', scripts);
    } catch (e) {
      error = e;
    }
    // then prepare fails naming the element, and nothing of the definition is runnable
    expect(isBatonError(error, 'BPMN_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(
      /^Script of element 'broken' does not compile: Unexpected token/,
    );
    expect(() => runner.run('broken-definition', 'broken', fakeExecution().execution)).toThrow(
      /No prepared script/,
    );
  });

  it('compiles once: runs neither parse nor evaluate source', () => {
    // given a prepared script
    runner.prepare('once', { task: { format: 'javascript', source: 'var n = 1; n + 1' } });
    const evalCode = vi.spyOn(QuickJSContext.prototype, 'evalCode');
    try {
      // when it runs many times
      for (let i = 0; i < 100; i++) runner.run('once', 'task', fakeExecution().execution);
      // then QuickJS never compiled anything
      expect(evalCode).not.toHaveBeenCalled();
    } finally {
      evalCode.mockRestore();
    }
  });

  it('is idempotent per definition', () => {
    // given a prepared definition
    runner.prepare('same', { task: { format: 'javascript', source: "'first'" } });
    // when it is prepared again
    runner.prepare('same', { task: { format: 'javascript', source: "'second'" } });
    // then the first compilation stays
    expect(runner.run('same', 'task', fakeExecution().execution)).toBe('first');
  });

  it('keeps definitions side by side, even with equal element ids', () => {
    // given two definitions with a script task of the same id
    runner.prepare('v1', { task: { format: 'javascript', source: "'version 1'" } });
    runner.prepare('v2', { task: { format: 'javascript', source: "'version 2'" } });
    // when both run
    // then each runs its own script
    expect(runner.run('v1', 'task', fakeExecution().execution)).toBe('version 1');
    expect(runner.run('v2', 'task', fakeExecution().execution)).toBe('version 2');
  });

  it('skips FEEL scripts', () => {
    // given a definition with a FEEL script
    runner.prepare('feel', { task: { format: 'feel', source: 'a + 1' } });
    // when the runner is asked to run it
    // then it knows no such JavaScript script
    expect(() => runner.run('feel', 'task', fakeExecution().execution)).toThrow(/No prepared script/);
  });
});

describe('performance', () => {
  it('runs a trivial script in microseconds', () => {
    // given a prepared get/set script
    runner.prepare('fast', {
      task: { format: 'javascript', source: "execution.setVariable('b', execution.getVariable('a') + 1)" },
    });
    const { execution } = fakeExecution({ a: 1 });
    for (let i = 0; i < 2000; i++) runner.run('fast', 'task', execution); // warm up
    // when it runs many times
    const runs = 20_000;
    const started = performance.now();
    for (let i = 0; i < runs; i++) runner.run('fast', 'task', execution);
    const microseconds = ((performance.now() - started) * 1000) / runs;
    // then a run costs well under 50 µs (the bound is loose for slow CI machines)
    console.info(`script run: ${microseconds.toFixed(1)} µs`);
    expect(microseconds).toBeLessThan(100);
  });
});
