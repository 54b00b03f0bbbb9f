import { describe, expect, it } from 'vitest';
import { createExpressionEvaluator } from '../../engine/src/expressions/index.ts';
import { errorOf, evalFeel, feel, scopeOf } from './helpers.ts';

describe('FEEL values', () => {
  it.each([
    ['1 + 2 * 3', {}, 7],
    ['amount / 4', { amount: 10 }, 2.5],
    ['decimal(1 / 3, 2)', {}, 0.33],
    ['"a" + "b"', {}, 'ab'],
    ['upper case(name)', { name: 'ann' }, 'ANN'],
    ['string length("héllo")', {}, 5],
    ['amount > 1000', { amount: 1500 }, true],
    ['approved and amount < 10', { approved: true, amount: 5 }, true],
    ['if vip then "gold" else "std"', { vip: false }, 'std'],
    ['nothing', { nothing: null }, null],
    ['10 / 0', {}, null],
  ])('evaluates %s', (source, variables, expected) => {
    // given numbers, strings and booleans
    // when evaluated
    const result = evalFeel(source, variables);
    // then the plain value comes back
    expect(result).toBe(expected);
  });

  it('returns lists and contexts as plain arrays and objects', () => {
    // given list and context expressions over JSON variables
    const variables = { items: [{ price: 2 }, { price: 5 }], order: { id: 'o-1', lines: [1, 2] } };
    // when evaluated
    const list = evalFeel('for i in items return i.price * 2', variables);
    const filtered = evalFeel('items[price > 3]', variables);
    const context = evalFeel('{id: order.id, count: count(order.lines), nested: {ok: true}}', variables);
    const sum = evalFeel('sum(items.price)', variables);
    // then they are plain JSON values
    expect(list).toEqual([4, 10]);
    expect(filtered).toEqual([{ price: 5 }]);
    expect(context).toEqual({ id: 'o-1', count: 2, nested: { ok: true } });
    expect(Object.getPrototypeOf(context)).toBe(Object.prototype);
    expect(sum).toBe(7);
  });

  it.each([
    ['date("2024-02-28") + duration("P1D")', '2024-02-29'],
    ['date and time("2024-01-01T10:00:00Z")', '2024-01-01T10:00:00Z'],
    ['date and time("2024-01-01T10:00:00+02:00")', '2024-01-01T10:00:00+02:00'],
    ['date and time("2024-01-01T10:00:00@Europe/Berlin")', '2024-01-01T10:00:00+01:00'],
    ['date and time("2024-01-01T10:00:00")', '2024-01-01T10:00:00'],
    ['time("10:30:00")', '10:30:00'],
    ['time("10:30:00+02:00")', '10:30:00+02:00'],
    ['duration("P1DT2H")', 'P1DT2H'],
    ['duration("P1Y2M")', 'P1Y2M'],
    ['date and time("2024-01-01T10:00:00Z") - date and time("2024-01-01T08:30:00Z")', 'PT1H30M'],
    ['date and time("2024-01-01T08:00:00Z") - date and time("2024-01-02T10:00:00Z")', '-P1DT2H'],
    ['years and months duration(date("2020-01-01"), date("2021-03-01"))', 'P1Y2M'],
    ['[date("2024-01-01")]', ['2024-01-01']],
    ['{due: date(start) + duration("P7D")}', { due: '2024-01-08' }],
  ])('converts temporal values to ISO strings: %s', (source, expected) => {
    // given an expression producing luxon values inside feelin
    // when evaluated
    const result = evalFeel(source, { start: '2024-01-01' });
    // then the result is ISO 8601 text
    expect(result).toEqual(expected);
  });

  it('compares date strings from variables after conversion', () => {
    // given a date variable stored as text
    // when compared in FEEL
    const result = evalFeel('date(due) < date("2025-01-01")', { due: '2024-12-31' });
    // then FEEL date semantics apply
    expect(result).toBe(true);
  });

  it('refuses results that cannot be stored as variables', () => {
    // given expressions producing a range and a function
    // when evaluated
    const range = errorOf(() => evalFeel('[1..3]'), 'EXPRESSION_EVAL');
    const fn = errorOf(() => evalFeel('function(a) a + 1'), 'EXPRESSION_EVAL');
    // then the result type is named
    expect(range.message).toBe("Cannot evaluate FEEL expression '[1..3]': the result is a range");
    expect(fn.message).toBe("Cannot evaluate FEEL expression 'function(a) a + 1': the result is a function");
  });
});

describe('FEEL warnings', () => {
  it.each([
    ['x > 5', {}, "Variable 'x' not found (NO_VARIABLE_FOUND at position 0)"],
    ['x', {}, "Variable 'x' not found (NO_VARIABLE_FOUND at position 0)"],
    [
      'order.total > 5',
      { order: {} },
      "Key 'total' not found in '{...}' (NO_CONTEXT_ENTRY_FOUND at position 6)",
    ],
    ['name.first', { name: 'Ann' }, 'NO_PROPERTY_FOUND at position 5'],
    ['1 + "a"', {}, 'INVALID_TYPE'],
    ['foo(1)', {}, "Variable 'foo' not found"],
    ['status != "done"', {}, "Variable 'status' not found"],
    ['[1, 2][item > limit]', {}, "Variable 'limit' not found"],
  ])('turns the warnings of %s into an error', (source, variables, fragment) => {
    // given an expression that reads something missing or mistyped
    // when evaluated
    const error = errorOf(() => evalFeel(source, variables), 'EXPRESSION_EVAL');
    // then the error names the expression and the warning
    expect(error.message).toMatch(new RegExp(`^Cannot evaluate FEEL expression '${escape(source)}': `));
    expect(error.message).toContain(fragment);
  });

  it.each([
    ['x = null', {}, true],
    ['x != null', {}, false],
    ['null = x', {}, true],
    ['x = null or x > 5', {}, true],
    ['x != null and x > 5', {}, false],
    ['if x = null then "none" else x', {}, 'none'],
    ['order.discount = null', { order: {} }, true],
    ['order.customer.vip = null', { order: {} }, true],
    ['x instance of string', {}, false],
    ['true or x', {}, true],
    ['false and x > 1', {}, false],
    ['approved or amount > 1000', { approved: true }, true],
  ])('treats warnings as benign in %s', (source, variables, expected) => {
    // given an expression that checks for absence, or whose logic does not depend on the missing part
    // when evaluated
    const result = evalFeel(source, variables);
    // then it evaluates like Camunda 8 instead of failing
    expect(result).toBe(expected);
  });

  it('still fails when an and/or result is null because of the missing part', () => {
    // given a conjunction that needs the missing variable
    // when evaluated
    const error = errorOf(() => evalFeel('true and x'), 'EXPRESSION_EVAL');
    // then the warning is reported
    expect(error.message).toContain("Variable 'x' not found");
  });

  it('carries all warnings in the error details', () => {
    // given an expression producing two warnings
    // when evaluated
    const error = errorOf(() => evalFeel('x.y > 1'), 'EXPRESSION_EVAL');
    // then both are listed
    expect(error.details).toEqual({
      warnings: [
        expect.objectContaining({ type: 'NO_VARIABLE_FOUND' }),
        expect.objectContaining({ type: 'NO_PROPERTY_FOUND' }),
      ],
    });
  });
});

describe('FEEL syntax', () => {
  it.each([
    ['1 +', 3, 'the expression is incomplete'],
    ['(a', 2, 'the expression is incomplete'],
    ['1 2', 2, "unexpected '2'"],
    ['a ! b', 2, "unexpected '!'"],
  ])('reports %s with its position', (source, position, reason) => {
    // given a source that does not parse
    const evaluator = createExpressionEvaluator();
    // when checked and evaluated
    const sentence = evaluator.check(feel(source));
    const error = errorOf(() => evaluator.evaluate(feel(source), scopeOf({})), 'EXPRESSION_SYNTAX');
    // then both give the same sentence with the position
    const expected = `Syntax error in FEEL expression '${source}' at position ${position}: ${reason}`;
    expect(sentence).toBe(expected);
    expect(error.message).toBe(expected);
    expect(error.details).toEqual({ language: 'feel', position });
  });

  it('accepts valid sources at check time, without knowing variables', () => {
    // given valid expressions referencing unknown variables, names with spaces included
    const evaluator = createExpressionEvaluator();
    const sources = [
      'order total > 5',
      'for x in items return x.price',
      '{a: 1}.a',
      'some x in [1] satisfies x > 0',
    ];
    // when checked
    const results = sources.map((source) => evaluator.check(feel(source)));
    // then nothing is reported
    expect(results).toEqual([null, null, null, null]);
  });

  it('resolves variable names with spaces at evaluation time', () => {
    // given a variable whose name contains a space
    // when referenced
    const result = evalFeel('order total * 2', { 'order total': 21 });
    // then it resolves
    expect(result).toBe(42);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
