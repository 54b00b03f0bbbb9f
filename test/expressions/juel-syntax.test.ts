import { describe, expect, it } from 'vitest';
import { createExpressionEvaluator, parseJuel } from '../../engine/src/expressions/index.ts';
import { errorOf, evalJuel, juel, scopeOf } from './helpers.ts';

describe('JUEL literals', () => {
  it.each([
    ['${42}', 42],
    ['${3.25}', 3.25],
    ['${1e3}', 1000],
    ['${true}', true],
    ['${false}', false],
    ['${null}', null],
    ["${'single'}", 'single'],
    ['${"double"}', 'double'],
    ["${'it\\'s'}", "it's"],
    ['${"say \\"hi\\""}', 'say "hi"'],
    ["${'back\\\\slash'}", 'back\\slash'],
    ["${'\\n stays'}", '\\n stays'],
    ["${'a}b'}", 'a}b'],
  ])('reads %s', (source, expected) => {
    // given a literal
    // when evaluated
    const result = evalJuel(source);
    // then its value comes back unchanged in type
    expect(result).toBe(expected);
  });
});

describe('JUEL templates', () => {
  it('returns the raw value for a source that is exactly one expression', () => {
    // given sources consisting of one ${...} or #{...} (whitespace around is ignored, as Camunda 7 trims)
    const variables = { amount: 5, approved: true };
    // when evaluated
    // then the value keeps its type
    expect(evalJuel('${amount}', variables)).toBe(5);
    expect(evalJuel('#{approved}', variables)).toBe(true);
    expect(evalJuel('\n  ${approved}\n', variables)).toBe(true);
  });

  it('concatenates composite templates as strings', () => {
    // given text mixed with expressions
    const variables = { name: 'Ann', amount: 12.5, nothing: null, list: [1, 2], map: { a: true } };
    // when evaluated
    const greeting = evalJuel('Hello ${name}, you owe ${amount}', variables);
    const adjacent = evalJuel('${name}${amount}', variables);
    const nulls = evalJuel('[${nothing}]', variables);
    const json = evalJuel('${list} ${map}', variables);
    // then values are converted to text (null as empty, collections as JSON)
    expect(greeting).toBe('Hello Ann, you owe 12.5');
    expect(adjacent).toBe('Ann12.5');
    expect(nulls).toBe('[]');
    expect(json).toBe('[1,2] {"a":true}');
  });

  it('treats \\${ and \\#{ as escaped literal text', () => {
    // given escaped expression markers
    // when evaluated
    const escaped = evalJuel('cost: \\${amount} ${amount}', { amount: 3 });
    const onlyText = evalJuel('\\#{not an expression}');
    // then the escape yields the literal characters
    expect(escaped).toBe('cost: ${amount} 3');
    expect(onlyText).toBe('#{not an expression}');
  });

  it('parses to a JSON-serialisable AST with positions', () => {
    // given a source
    const source = 'Total: ${order.items[0].price * 2}';
    // when parsed
    const template = parseJuel(source);
    // then the AST survives a JSON round trip and nodes carry source offsets
    expect(JSON.parse(JSON.stringify(template))).toEqual(template);
    expect(template).toMatchObject({
      kind: 'composite',
      parts: [
        'Total: ',
        {
          type: 'binary',
          operator: '*',
          pos: source.indexOf('order'),
          left: { type: 'member', name: 'price', pos: source.indexOf('order') },
          right: { type: 'literal', value: 2, pos: source.indexOf('2') },
        },
      ],
    });
  });
});

describe('JUEL syntax errors', () => {
  it.each([
    ['${a = 1}', 4, "assignment '=' is not supported (use '==' or 'eq' to compare)"],
    ['${a; b}', 3, "';' (sequences of expressions) is not supported"],
    [
      '${a += "x"}',
      4,
      "the string concatenation operator '+=' is not supported (write text around ${...} instead)",
    ],
    ['${x -> x + 1}', 4, 'lambda expressions are not supported'],
    ['${(x) -> x}', 6, 'lambda expressions are not supported'],
    ['${{1, 2}}', 2, 'set and map literals are not supported'],
    ['${a & b}', 4, "unexpected '&' (use '&&' or 'and')"],
    ['${a | b}', 4, "unexpected '|' (use '||' or 'or')"],
    ['${a instanceof b}', 4, "'instanceof' is not supported"],
    ['${fn:upper(a)}', 4, "unexpected ':'"],
    ['${1 +}', 5, "unexpected '}', expression incomplete"],
    ['${}', 2, "unexpected '}', expression incomplete"],
    ['${a ? b}', 7, "expected ':' before '}'"],
    ['${(a}', 4, "expected ')' before '}'"],
    ['${a[1}', 5, "expected ']' before '}'"],
    ['${a b}', 4, "unexpected 'b'"],
    ['${a.}', 4, "expected a property name after '.'"],
    ['${a.1}', 3, "unexpected '.1'"],
    ['${f()()}', 5, "only functions and methods can be called with '(...)'"],
    ["${'open}", 2, 'unterminated string literal'],
    ['Hi ${name', 3, "missing '}' to close '${'"],
    ['${a @ b}', 4, "unexpected character '@'"],
    ['${12ab}', 2, "invalid number '12a'"],
    ['#{a} ${b}', 5, "'${...}' and '#{...}' cannot be mixed in one expression"],
  ])('rejects %s at position %i', (source, position, reason) => {
    // given a source outside the subset
    const evaluator = createExpressionEvaluator();
    // when checked and evaluated
    const sentence = evaluator.check(juel(source));
    const error = errorOf(() => evaluator.evaluate(juel(source), scopeOf({})), 'EXPRESSION_SYNTAX');
    // then check() gives the sentence naming the position and evaluate() throws it
    const expected = `Syntax error in expression ${source} at position ${position}: ${reason}`;
    expect(sentence).toBe(expected);
    expect(error.message).toBe(expected);
    expect(error.details).toEqual({ language: 'juel', position });
  });

  it('accepts everything in the subset at check time, without knowing variables', () => {
    // given valid expressions referencing unknown variables
    const evaluator = createExpressionEvaluator();
    const sources = ['${a.b[c](d, 1) ? -e : not empty f}', 'plain text', '${x eq "}"} and ${y}'];
    // when checked
    const results = sources.map((source) => evaluator.check(juel(source)));
    // then no error is reported (unknown identifiers are a run-time matter)
    expect(results).toEqual([null, null, null]);
  });
});
