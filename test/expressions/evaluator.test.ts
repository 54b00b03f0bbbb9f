import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../engine/src/expressions/cache.ts';
import {
  classifyExpression,
  createExpressionEvaluator,
  isTruthyCondition,
} from '../../engine/src/expressions/index.ts';
import type { Expression } from '../../engine/src/protocol/definition.ts';
import { errorOf, feel, juel, scopeOf } from './helpers.ts';

describe('classifyExpression', () => {
  it.each([
    ['=x > 5', { expression: { language: 'feel', source: 'x > 5' } }],
    ['  = a + 1', { expression: { language: 'feel', source: ' a + 1' } }],
    ['${approved}', { expression: { language: 'juel', source: '${approved}' } }],
    ['Hello #{name}', { expression: { language: 'juel', source: 'Hello #{name}' } }],
    ['  ${a} ', { expression: { language: 'juel', source: '  ${a} ' } }],
    ['plain text', { literal: 'plain text' }],
    ['costs $5 {net}', { literal: 'costs $5 {net}' }],
    ['a = b', { literal: 'a = b' }],
    ['', { literal: '' }],
  ])('classifies %j', (text, expected) => {
    // given attribute text from a BPMN file
    // when classified
    const result = classifyExpression(text);
    // then `=` means FEEL, `${`/`#{` means JUEL, anything else is literal
    expect(result).toEqual(expected);
  });
});

describe('isTruthyCondition', () => {
  it('passes booleans through for both languages', () => {
    // given boolean results
    // when used as conditions
    // then they are the answer
    expect(isTruthyCondition(true, juel('${a}'))).toBe(true);
    expect(isTruthyCondition(false, feel('a'))).toBe(false);
  });

  it('treats FEEL null as false', () => {
    // given a FEEL condition that produced null (e.g. `x > 5` with x = null)
    // when used as a condition
    const result = isTruthyCondition(null, feel('x > 5'));
    // then the flow is not taken
    expect(result).toBe(false);
  });

  it('coerces the JUEL strings "true" and "false" like EL', () => {
    // given string results of a JUEL composite
    // when used as conditions
    // then "true"/"false" in any case count
    expect(isTruthyCondition('true', juel('${a}'))).toBe(true);
    expect(isTruthyCondition('FALSE', juel('${a}'))).toBe(false);
  });

  it.each([
    [null, juel('${x}'), 'Condition ${x} must evaluate to a boolean, but returned null'],
    [5, juel('${amount}'), 'Condition ${amount} must evaluate to a boolean, but returned number 5'],
    ['yes', juel('${s}'), 'Condition ${s} must evaluate to a boolean, but returned string "yes"'],
    ['true', feel('s'), `Condition 's' must evaluate to a boolean, but returned string "true"`],
    [[1], feel('l'), `Condition 'l' must evaluate to a boolean, but returned list [1]`],
  ] as [unknown, Expression, string][])('fails for non-boolean %j', (value, expr, message) => {
    // given a non-boolean condition result
    // when used as a condition
    const error = errorOf(() => isTruthyCondition(value, expr), 'EXPRESSION_EVAL');
    // then the error names the condition and the value type
    expect(error.message).toBe(message);
  });
});

describe('createExpressionEvaluator', () => {
  it('dispatches on the language', () => {
    // given the same text in both languages
    const evaluator = createExpressionEvaluator();
    const scope = scopeOf({ a: 2 });
    // when evaluated
    const fromJuel = evaluator.evaluate(juel('${a * 2}'), scope);
    const fromFeel = evaluator.evaluate(feel('a * 2'), scope);
    // then each language evaluates it
    expect([fromJuel, fromFeel]).toEqual([4, 4]);
  });

  it('refuses an unknown language', () => {
    // given an expression with a language from a corrupted definition
    const evaluator = createExpressionEvaluator();
    const expr = { language: 'groovy', source: 'x' } as unknown as Expression;
    // when checked and evaluated
    const sentence = evaluator.check(expr);
    const error = errorOf(() => evaluator.evaluate(expr, scopeOf()), 'INVALID_ARGUMENT');
    // then both say so
    expect(sentence).toBe("Unknown expression language 'groovy'");
    expect(error.message).toBe(sentence);
  });

  it('evaluates a cached expression against different scopes', () => {
    // given one expression evaluated repeatedly
    const evaluator = createExpressionEvaluator({ cacheSize: 2 });
    const expr = juel('${amount > 1000}');
    // when evaluated with different variables, and after other sources evicted it
    const first = evaluator.evaluate(expr, scopeOf({ amount: 5 }));
    evaluator.evaluate(juel('${1}'), scopeOf());
    evaluator.evaluate(juel('${2}'), scopeOf());
    const second = evaluator.evaluate(expr, scopeOf({ amount: 5000 }));
    // then each evaluation sees its own scope
    expect([first, second]).toEqual([false, true]);
  });

  it('reports a broken expression the same way every time', () => {
    // given a syntax error that is cached after the first parse
    const evaluator = createExpressionEvaluator();
    const expr = juel('${a = 1}');
    // when checked and evaluated twice
    const messages = [evaluator.check(expr), evaluator.check(expr)];
    const errors = [1, 2].map(() => errorOf(() => evaluator.evaluate(expr, scopeOf()), 'EXPRESSION_SYNTAX'));
    // then the sentence is stable and each throw is a fresh error
    expect(new Set([...messages, ...errors.map((e) => e.message)]).size).toBe(1);
    expect(errors[0]).not.toBe(errors[1]);
  });
});

describe('BoundedCache', () => {
  it('evicts the oldest entry beyond its capacity', () => {
    // given a cache of two
    const cache = new BoundedCache<number>(2);
    // when a third key is added
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    cache.set('c', 3);
    // then the first inserted key is gone and the size stays bounded
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([undefined, 2, 3, 2]);
  });
});
