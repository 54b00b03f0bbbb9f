import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptRunner } from '../../engine/src/script/quickjsRunner.ts';
import { toScriptFunction } from '../../engine/src/script/transform.ts';
import type { ScriptRunner } from '../../engine/src/script/types.ts';
import { fakeExecution, runScript, scriptFailure } from './helpers.ts';

let runner: ScriptRunner;
beforeAll(async () => {
  runner = await createScriptRunner();
});
afterAll(() => runner.dispose());

describe('completion value', () => {
  it.each([
    ['the last expression statement', 'var a = 2\na * 21', 42],
    ['an expression before trailing declarations', "'x'; var b = 1; function f() {} let c = 2;", 'x'],
    ['a trailing comment without newline', '1 + 1 // two', 2],
    ['the taken if branch', 'var n = 3; if (n > 2) { "big" } else { "small" }', 'big'],
    ['undefined after an if without value', '1; if (false) {}', null],
    ['the last loop body value', 'var i = 0; while (i < 3) { i++; i * 10 }', 30],
    ['the value before break', 'for (;;) { "stop"; break; }', 'stop'],
    ['labelled loops', 'outer: for (var i = 0; i < 2; i++) { for (;;) { i; continue outer; } }', 1],
    ['try, not finally', 'try { "try" } finally { "finally" }', 'try'],
    ['the catch block', 'try { null.x } catch (e) { e.name }', 'TypeError'],
    ['switch cases', 'switch (2) { case 1: "one"; break; case 2: "two"; break; }', 'two'],
    ['an object literal in parentheses', '({ total: 3, items: [1, 2] })', { total: 3, items: [1, 2] }],
    ['strict scripts', "'use strict'; var s = 'strict'; s", 'strict'],
    ['a script without expressions', 'var x = 1;', null],
    [
      'nested ifs as else branches',
      'var v = 5; if (v < 0) "neg"; else if (v < 10) "small"; else "big"',
      'small',
    ],
  ])('is %s', (_, source, expected) => {
    // given a script
    // when it runs
    const result = runScript(runner, source);
    // then its completion value is what eval would produce (undefined as null)
    expect(result).toEqual(expected);
  });

  it('fails on a non-JSON result only when a resultVariable wants it', () => {
    // given a script whose completion value is a function
    const source = '(function () {})';
    // when it runs without and with a resultVariable
    const lenient = runScript(runner, source);
    const error = scriptFailure(() => runScript(runner, source, fakeExecution().execution, 'result'));
    // then the unused result is null, the wanted one is an error
    expect(lenient).toBeNull();
    expect(error.message).toContain("the script's result: a function cannot be stored");
  });

  it('keeps line numbers and compiles sloppy implicit globals as locals', () => {
    // given a script with an implicit global on line 2
    const source = 'var a = 1\ncount = a + 1\ncount';
    // when transformed
    const fn = toScriptFunction(source, new Set(['JSON']));
    // then no line breaks are added before the script's last line and `count` is declared
    expect(fn.split('\n')).toHaveLength(4);
    expect(fn).toContain('var count;');
  });
});

describe('script errors', () => {
  it('reports a thrown error with its line', () => {
    // given a script throwing on line 3
    const source = "var a = 1;\nfunction f() {\n  throw new Error('boom');\n}\nf();";
    // when it runs
    const error = scriptFailure(() => runScript(runner, source));
    // then the message names the element, the error and the line
    expect(error.message).toBe("Script of element 'scriptTask' failed: Error: boom (line 3)");
    expect(error.details).toMatchObject({ elementId: 'scriptTask', reason: 'error', line: 3 });
  });

  it.each([
    ['a string', "throw 'plain text'", 'failed: plain text'],
    ['an object', 'throw { code: 42 }', 'failed: {"code":42}'],
    ['a TypeError', 'var o = null; o.field', 'failed: TypeError: cannot read property'],
    [
      'a custom error',
      "class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } }\nthrow new MyError('custom')",
      'failed: MyError: custom',
    ],
  ])('reports %s that was thrown', (_, source, message) => {
    // given a script throwing something
    // when it runs
    const error = scriptFailure(() => runScript(runner, source));
    // then the message describes it
    expect(error.message).toContain(message);
  });
});
