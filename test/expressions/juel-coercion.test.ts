import { describe, expect, it } from 'vitest';
import { errorOf, evalJuel } from './helpers.ts';

describe('JUEL coercion (EL spec 1.18)', () => {
  it.each([
    ["${'1' + 2}", 3],
    ["${'1.5' * '2'}", 3],
    ['${null + null}', 0],
    ['${null + 1}', 1],
    ["${'' + 1}", 1],
    ['${-s}', -10],
    ['${-nothing}', 0],
  ])('coerces operands of arithmetic to numbers: %s', (source, expected) => {
    // given numeric strings and nulls in arithmetic
    const variables = { s: '10', nothing: null };
    // when evaluated
    const result = evalJuel(source, variables);
    // then they count as numbers (null and '' as 0)
    expect(result).toBe(expected);
  });

  it.each([
    ["${'a' + 1}", "cannot coerce 'a' to a number"],
    ['${true + 1}', 'cannot coerce boolean to a number'],
    ['${list * 2}', 'cannot coerce list to a number'],
  ])('refuses arithmetic on non-numbers: %s', (source, reason) => {
    // given an operand that is not numeric; `+` is not string concatenation in JUEL
    // when evaluated
    const error = errorOf(() => evalJuel(source, { list: [1] }), 'EXPRESSION_EVAL');
    // then the coercion failure is named
    expect(error.message).toBe(`Cannot evaluate expression ${source}: ${reason}`);
  });

  it.each([
    ['${s == 10}', true],
    ["${10 == '10.0'}", true],
    ["${n != '5'}", false],
    ["${flag == 'true'}", true],
    ["${flag == 'yes'}", false],
    ["${'TRUE' == true}", true],
    ["${'abc' == 'abc'}", true],
    ['${\'abc\' eq "abd"}', false],
    ['${null == null}', true],
    ['${nothing == 0}', false],
    ['${nothing != 0}', true],
    ['${list == other}', true],
    ['${map == same}', true],
    ['${map == different}', false],
  ])('applies EL equality coercion: %s', (source, expected) => {
    // given operands of different types
    const variables = {
      s: '10',
      n: 5,
      flag: true,
      nothing: null,
      list: [1, { a: 2 }],
      other: [1, { a: 2 }],
      map: { a: [1] },
      same: { a: [1] },
      different: { a: [2] },
    };
    // when compared with == / !=
    const result = evalJuel(source, variables);
    // then numbers win over booleans, booleans over strings, collections compare structurally
    expect(result).toBe(expected);
  });

  it('fails to compare a number with a non-numeric string, as EL does', () => {
    // given a number and a string that is not a number
    // when compared
    const error = errorOf(() => evalJuel("${5 == 'five'}"), 'EXPRESSION_EVAL');
    // then the coercion error is reported
    expect(error.message).toContain("cannot coerce 'five' to a number");
  });

  it.each([
    ["${5 < '10'}", true],
    ["${'5' < '10'}", false],
    ["${'apple' lt 'banana'}", true],
    ['${nothing < 1}', false],
    ['${nothing > 1}', false],
    ['${nothing <= nothing}', true],
    ['${date >= "2024-01-01"}', true],
  ])('applies EL relational coercion: %s', (source, expected) => {
    // given mixed operands
    const variables = { nothing: null, date: '2024-05-01' };
    // when compared with < > <= >=
    const result = evalJuel(source, variables);
    // then a number makes it numeric, two strings compare lexically, null compares false
    expect(result).toBe(expected);
  });

  it('refuses to order incomparable values', () => {
    // given a list and a number
    // when ordered
    const error = errorOf(() => evalJuel('${list < 1}', { list: [] }), 'EXPRESSION_EVAL');
    // then the failure names both types
    expect(error.message).toContain('cannot coerce list to a number');
    expect(errorOf(() => evalJuel('${list < map}', { list: [], map: {} })).message).toContain(
      'cannot compare list with object',
    );
  });

  it.each([
    ["${!'true'}", false],
    ["${!'TRUE'}", false],
    ["${!'yes'}", true],
    ["${!''}", true],
    ['${!nothing}', true],
    ["${'true' && 'True'}", true],
    ["${'x' ? 1 : 2}", 2],
  ])('coerces operands of logic to booleans: %s', (source, expected) => {
    // given strings and null where a boolean is expected
    // when evaluated
    const result = evalJuel(source, { nothing: null });
    // then only "true" (any case) is true
    expect(result).toBe(expected);
  });

  it('refuses a number where a boolean is expected', () => {
    // given a number used as a condition
    // when evaluated
    const error = errorOf(() => evalJuel('${count && true}', { count: 1 }), 'EXPRESSION_EVAL');
    // then the coercion failure is reported
    expect(error.message).toBe(
      'Cannot evaluate expression ${count && true}: cannot coerce number to a boolean',
    );
  });
});
