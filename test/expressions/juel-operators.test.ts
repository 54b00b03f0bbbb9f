import { describe, expect, it } from 'vitest';
import { errorOf, evalJuel } from './helpers.ts';

describe('JUEL operators', () => {
  it.each([
    ['${2 * 3}', 6],
    ['${7 / 2}', 3.5],
    ['${7 div 2}', 3.5],
    ['${7 % 4}', 3],
    ['${7 mod 4}', 3],
    ['${2 + 3}', 5],
    ['${2 - 3}', -1],
    ['${-5}', -5],
    ['${- -5}', 5],
    ['${1.5e2}', 150],
    ['${.5 + 1.}', 1.5],
  ])('computes arithmetic %s', (source, expected) => {
    // given a numeric expression
    // when it is evaluated
    const result = evalJuel(source);
    // then it gives the numeric result
    expect(result).toBe(expected);
  });

  it.each([
    ['${1 < 2}', true],
    ['${2 lt 1}', false],
    ['${2 > 1}', true],
    ['${1 gt 2}', false],
    ['${2 <= 2}', true],
    ['${3 le 2}', false],
    ['${2 >= 3}', false],
    ['${2 ge 2}', true],
    ['${1 == 1}', true],
    ['${1 eq 2}', false],
    ['${1 != 2}', true],
    ['${1 ne 1}', false],
  ])('compares %s', (source, expected) => {
    // given a comparison
    // when it is evaluated
    const result = evalJuel(source);
    // then it gives a boolean
    expect(result).toBe(expected);
  });

  it.each([
    ['${true && false}', false],
    ['${true and true}', true],
    ['${false || true}', true],
    ['${false or false}', false],
    ['${!true}', false],
    ['${not false}', true],
    ['${true ? 1 : 2}', 1],
    ['${false ? 1 : 2}', 2],
    ['${empty ""}', true],
    ['${empty null}', true],
    ['${empty list}', true],
    ['${empty map}', true],
    ['${empty "x"}', false],
    ['${empty 0}', false],
    ['${not empty list}', false],
  ])('applies logic %s', (source, expected) => {
    // given a logical expression over literals and empty collections
    const variables = { list: [], map: {} };
    // when it is evaluated
    const result = evalJuel(source, variables);
    // then it gives the expected value
    expect(result).toBe(expected);
  });

  it.each([
    ['${1 + 2 * 3}', 7],
    ['${(1 + 2) * 3}', 9],
    ['${10 - 4 - 3}', 3],
    ['${12 / 2 / 3}', 2],
    ['${-2 * 3}', -6],
    ['${1 + 2 < 4}', true],
    ['${1 < 2 == true}', true],
    ['${true || false && false}', true],
    ['${(true || false) && false}', false],
    ['${!false && false}', false],
    ['${1 == 1 ? "a" : "b"}', 'a'],
    ['${false ? 1 : true ? 2 : 3}', 2],
    ['${not empty list && list[0] > 1}', true],
    ['${2 * 3 mod 4}', 2],
  ])('follows EL precedence in %s', (source, expected) => {
    // given an expression mixing precedence levels
    const variables = { list: [5] };
    // when it is evaluated
    const result = evalJuel(source, variables);
    // then operators bind as the EL spec says
    expect(result).toBe(expected);
  });

  it('short-circuits && and || so the right side is never evaluated', () => {
    // given conditions whose right operand would fail (unknown identifier)
    // when the left operand decides
    const and = evalJuel('${false && missing}');
    const or = evalJuel('${true or missing.x}');
    // then the result is decided without touching the right side
    expect(and).toBe(false);
    expect(or).toBe(true);
  });

  it('evaluates only the chosen branch of the conditional', () => {
    // given a conditional whose other branch would fail
    // when it is evaluated
    const result = evalJuel('${ok ? "fine" : missing}', { ok: true });
    // then the failing branch is not evaluated
    expect(result).toBe('fine');
  });

  it('fails when the right side is needed and fails', () => {
    // given a condition whose left side does not decide
    // when it is evaluated
    const error = errorOf(() => evalJuel('${true && missing}'), 'EXPRESSION_EVAL');
    // then the unknown identifier is reported
    expect(error.message).toContain("cannot resolve identifier 'missing'");
  });

  it('refuses division and remainder by zero', () => {
    // given divisions by zero
    // when they are evaluated
    const division = errorOf(() => evalJuel('${1 / 0}'), 'EXPRESSION_EVAL');
    const remainder = errorOf(() => evalJuel('${1 mod 0}'), 'EXPRESSION_EVAL');
    // then both fail instead of producing Infinity / NaN
    expect(division.message).toBe('Cannot evaluate expression ${1 / 0}: division by zero');
    expect(remainder.message).toContain('division by zero');
  });
});
