import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScriptRunner } from '../../engine/src/script/quickjsRunner.ts';
import type { ScriptRunner } from '../../engine/src/script/types.ts';
import { fakeExecution, runScript, scriptFailure } from './helpers.ts';

let runner: ScriptRunner;
beforeAll(async () => {
  runner = await createScriptRunner();
});
afterAll(() => runner.dispose());

describe('execution variables', () => {
  it('runs the Camunda example: reads, writes and returns the completion value', () => {
    // given a script task reading `amount`
    const { execution, process } = fakeExecution({ amount: 1500 });
    const source = [
      "var amount = execution.getVariable('amount');",
      "execution.setVariable('risk', amount > 1000 ? 'high' : 'low');",
      'amount * 2   // completion value -> camunda:resultVariable',
    ].join('\n');
    // when it runs
    const result = runScript(runner, source, execution, 'doubled');
    // then the variable is written and the last expression is the result
    expect(process.get('risk')).toBe('high');
    expect(result).toBe(3000);
  });

  it('marshals JSON values both ways', () => {
    // given variables of every JSON type
    const order = { id: 7, lines: [{ sku: 'A', qty: 2 }], note: null, paid: true };
    const { execution, process } = fakeExecution({ order, tags: ['x', 'y'], name: 'Zoë 🚀' });
    // when a script reads, changes and writes them back
    const result = runScript(
      runner,
      `var order = execution.getVariable('order');
       order.lines.push({ sku: 'B', qty: 1 });
       execution.setVariable('order', order);
       execution.setVariable('tags', execution.getVariable('tags').concat('z'));
       execution.setVariable('greeting', 'Hallo ' + execution.getVariable('name'));
       [typeof order.id, order.paid, order.note, execution.getVariable('missing')]`,
      execution,
    );
    // then values keep their types, and a missing variable reads as null (as in Camunda)
    expect(result).toEqual(['number', true, null, null]);
    expect(process.get('order')).toEqual({ ...order, lines: [...order.lines, { sku: 'B', qty: 1 }] });
    expect(process.get('tags')).toEqual(['x', 'y', 'z']);
    expect(process.get('greeting')).toBe('Hallo Zoë 🚀');
  });

  it('stores dates as ISO strings and follows JSON.stringify for nested values', () => {
    // given a script writing values JSON has no type for
    const { execution, process } = fakeExecution();
    // when it runs
    runScript(
      runner,
      `execution.setVariable('due', new Date(Date.UTC(2024, 0, 31, 12)));
       execution.setVariable('nothing', undefined);
       execution.setVariable('nan', NaN);
       execution.setVariable('mixed', { keep: 1, drop: undefined, fn: function () {}, list: [undefined] });`,
      execution,
    );
    // then dates become strings, top-level undefined and NaN become null, nested ones follow JSON
    expect(process.get('due')).toBe('2024-01-31T12:00:00.000Z');
    expect(process.get('nothing')).toBeNull();
    expect(process.get('nan')).toBeNull();
    expect(process.get('mixed')).toEqual({ keep: 1, list: [null] });
  });

  it.each([
    ['a function', "execution.setVariable('v', function () {})", "execution.setVariable('v'): a function"],
    ['a symbol', "execution.setVariable('v', Symbol('s'))", "execution.setVariable('v'): a symbol"],
    ['a BigInt', "execution.setVariable('v', 10n)", 'BigInt'],
    ['a cycle', "var o = {}; o.self = o; execution.setVariable('v', o)", 'circular'],
  ])('refuses to store %s', (_, source, message) => {
    // given a script storing a value that is no JSON value
    const { execution, process } = fakeExecution();
    // when it runs
    const error = scriptFailure(() => runScript(runner, source, execution));
    // then it fails clearly and stores nothing
    expect(error.message).toContain(message);
    expect(process.has('v')).toBe(false);
  });

  it('sets local variables with setVariableLocal and lists all with getVariables', () => {
    // given a process variable
    const { execution, process, local } = fakeExecution({ a: 1 });
    // when a script sets a local and a process variable, then lists the variables
    const result = runScript(
      runner,
      `execution.setVariableLocal('tmp', 'mine');
       execution.setVariable('b', 2);
       execution.getVariables()`,
      execution,
    );
    // then each lands in its scope, and getVariables already sees the script's own writes
    expect(local.get('tmp')).toBe('mine');
    expect(process.get('b')).toBe(2);
    expect(process.has('tmp')).toBe(false);
    expect(result).toEqual({ a: 1, tmp: 'mine', b: 2 });
  });

  it('reads its own writes before they reach the engine', () => {
    // given a variable the script overwrites
    const { execution } = fakeExecution({ n: 1 });
    // when it reads it back
    const result = runScript(
      runner,
      "execution.setVariable('n', 2); execution.getVariable('n') + 1",
      execution,
    );
    // then it sees its write
    expect(result).toBe(3);
  });

  it('applies no writes when the script fails later', () => {
    // given a script that writes and then throws
    const { execution, process } = fakeExecution();
    // when it runs
    scriptFailure(() =>
      runScript(runner, "execution.setVariable('half', 1); throw new Error('no')", execution),
    );
    // then nothing was written, like a rolled-back transaction
    expect(process.has('half')).toBe(false);
  });

  it('exposes the ids of the execution', () => {
    // given an execution with ids
    const { execution } = fakeExecution();
    // when a script reads them as properties and Camunda-style getters
    const result = runScript(
      runner,
      `[execution.processInstanceId, execution.activityId, execution.businessKey,
        execution.getProcessInstanceId(), execution.getCurrentActivityId(), execution.getProcessBusinessKey()]`,
      execution,
    );
    // then they are the execution's
    expect(result).toEqual(['instance-1', 'scriptTask', 'order-42', 'instance-1', 'scriptTask', 'order-42']);
  });

  it('runs promise callbacks before the run ends', () => {
    // given a script using async code
    const { execution, process } = fakeExecution({ n: 20 });
    // when it runs
    runScript(
      runner,
      `async function later() { await null; execution.setVariable('answer', execution.getVariable('n') + 22); }
       later();`,
      execution,
    );
    // then the callback's write is applied
    expect(process.get('answer')).toBe(42);
  });

  it('keeps lone surrogates and unicode intact across the boundary', () => {
    // given strings JSON and UTF-8 treat specially
    const { execution, process } = fakeExecution({ odd: '\ud800x', emoji: '👍\u2028' });
    // when a script copies them
    runScript(
      runner,
      "execution.setVariable('copy', [execution.getVariable('odd'), execution.getVariable('emoji')])",
      execution,
    );
    // then they arrive unchanged
    expect(process.get('copy')).toEqual(['\ud800x', '👍\u2028']);
  });
});
