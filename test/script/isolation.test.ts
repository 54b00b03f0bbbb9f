import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptRunner } from '../../engine/src/script/quickjsRunner.ts';
import type { ScriptRunner } from '../../engine/src/script/types.ts';
import { fakeExecution, runScript, scriptFailure } from './helpers.ts';

let runner: ScriptRunner;
beforeAll(async () => {
  runner = await createScriptRunner();
});
afterAll(() => runner.dispose());

describe('no Node inside the sandbox', () => {
  it.each([
    'require',
    'process',
    'module',
    'Buffer',
    'fetch',
    'setTimeout',
    'setInterval',
    'queueMicrotask',
    'console',
    'FinalizationRegistry',
  ])('has no %s', (name) => {
    // given a script probing for a host API
    // when it runs
    const result = runScript(runner, `typeof ${name}`);
    // then the API does not exist
    expect(result).toBe('undefined');
  });

  it('has the standard built-ins', () => {
    // given a script using JSON, Math, Date, RegExp, Map and Array methods
    const source = `var m = new Map([['a', 1]]);
      [JSON.stringify({ x: Math.max(1, 2) }), new Date(0).toISOString(), /b+/.test('abb'), m.get('a'),
       [3, 1, 2].sort().join('')]`;
    // when it runs
    const result = runScript(runner, source);
    // then they behave as usual
    expect(result).toEqual(['{"x":2}', '1970-01-01T00:00:00.000Z', true, 1, '123']);
  });

  it('does not reach Node through constructors', () => {
    // given scripts climbing to the Function constructor from sandbox and bridge functions
    const source = `[Function('return typeof process')(),
      execution.getVariable.constructor('return typeof require')(),
      Function('return this')() === globalThis]`;
    // when they run
    const result = runScript(runner, source);
    // then they only find the sandbox's own global
    expect(result).toEqual(['undefined', 'undefined', true]);
  });

  it('refuses eval', () => {
    // given a script using (indirect) eval, which could declare global bindings
    // when it runs
    const error = scriptFailure(() => runScript(runner, "(0, eval)('let leaked = 1')"));
    // then it fails clearly
    expect(error.message).toContain('EvalError: eval is not available in scripts');
  });
});

describe('no state shared between runs', () => {
  it('keeps sloppy implicit globals inside their run', () => {
    // given a script assigning undeclared variables, as sloppy Camunda scripts do
    const first = runScript(runner, 'x = 5; for (i = 0; i < 3; i++) {} [x, i]');
    // when another script looks for them
    const second = runScript(runner, '[typeof x, typeof i]');
    // then they worked in their run and are gone in the next
    expect(first).toEqual([5, 3]);
    expect(second).toEqual(['undefined', 'undefined']);
  });

  it('prevents globals set through globalThis and this', () => {
    // given a script writing to the global object
    const first = runScript(runner, 'globalThis.y = 1; this.z = 2; [typeof y, typeof z]');
    // when another script looks for them
    const second = runScript(runner, '[typeof y, typeof z]');
    // then the writes never happened
    expect(first).toEqual(['undefined', 'undefined']);
    expect(second).toEqual(['undefined', 'undefined']);
  });

  it('prevents changes to built-ins, the execution object and the compiled script', () => {
    // given a script polluting everything shared it can reach
    const source = `Array.prototype.polluted = 1; Object.prototype.polluted = 2; JSON.parse = null;
      Math.PI = 3; execution.extra = 1; execution.getVariable = null; arguments.callee.extra = 1;
      Object.getPrototypeOf([][Symbol.iterator]()).next = null;`;
    runScript(runner, source);
    // when another script inspects them
    const result = runScript(
      runner,
      `[[].polluted, ({}).polluted, typeof JSON.parse, Math.PI === 3, execution.extra,
        typeof execution.getVariable, [1, 2].map(function (v) { return v; }).length]`,
      fakeExecution().execution,
    );
    // then nothing changed
    expect(result).toEqual([null, null, 'function', false, null, 'function', 2]);
  });

  it('still lets scripts shadow inherited properties on their own objects', () => {
    // given the usual patterns that assign properties built-in prototypes define
    const source = `var e = new Error('m'); e.name = 'Custom';
      function Point() {} Point.prototype.toString = function () { return 'point'; };
      var o = {}; o.constructor = 'mine'; o.hasOwnProperty = 1;
      [String(e), String(new Point()), o.constructor, o.hasOwnProperty, ({}).constructor === Object]`;
    // when it runs
    const result = runScript(runner, source);
    // then the own properties win, and the built-ins are untouched
    expect(result).toEqual(['Custom: m', 'point', 'mine', 1, true]);
  });
});
