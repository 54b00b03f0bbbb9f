/**
 * EL type coercion (JSR 245 section 1.18) mapped onto JSON values. Java's Long/Double distinction
 * collapses into JS numbers, so "coerce to Long" and "coerce to Double" are both `toNumber`.
 * Every function here is on the evaluation hot path: plain `typeof` checks, no regex, no allocation
 * unless an error is thrown.
 */
import { juelEvalError } from './errors.ts';

/** The JUEL-facing type name of a value, used in error messages. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value;
}

/** EL "coerce to Number": null and '' are 0, numeric strings parse, booleans and objects fail. */
export function toNumber(value: unknown, source: string): number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined || value === '') return 0;
  if (typeof value === 'string') {
    const parsed = Number(value);
    if (!Number.isNaN(parsed) && value.trim() !== '') return parsed;
    throw juelEvalError(source, `cannot coerce '${value}' to a number`);
  }
  throw juelEvalError(source, `cannot coerce ${typeName(value)} to a number`);
}

/** EL "coerce to Boolean": null and '' are false, strings are true only when equal to "true" ignoring case. */
export function toBoolean(value: unknown, source: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.length === 4 && value.toLowerCase() === 'true';
  throw juelEvalError(source, `cannot coerce ${typeName(value)} to a boolean`);
}

/** EL "coerce to String", used by composite templates; lists and objects render as JSON. */
export function toText(value: unknown, source: string): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') throw juelEvalError(source, 'cannot convert a function to text');
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    throw juelEvalError(source, `cannot convert ${typeName(value)} to text`);
  }
}

/** The `empty` operator: null, '', [] and {} are empty. */
export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') {
    for (const key in value) if (Object.hasOwn(value, key)) return false;
    return true;
  }
  return false;
}

/** `==` per EL 1.8.2: numbers win over booleans, booleans over strings; otherwise structural equality. */
export function looseEquals(a: unknown, b: unknown, source: string): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === 'number' || typeof b === 'number') return toNumber(a, source) === toNumber(b, source);
  if (typeof a === 'boolean' || typeof b === 'boolean') return toBoolean(a, source) === toBoolean(b, source);
  if (typeof a === 'string' || typeof b === 'string') return toText(a, source) === toText(b, source);
  return deepEquals(a, b);
}

/** Java's `List.equals` / `Map.equals`: element-wise, without type coercion. */
export function deepEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => Object.hasOwn(recordB, key) && deepEquals(recordA[key], recordB[key]));
}

/**
 * `< > <= >=` per EL 1.8.1: identical operands satisfy `<=`/`>=`, null compares false, a number on
 * either side makes it numeric, two strings compare lexically (UTF-16 order, like Java's compareTo).
 */
export function compare(operator: '<' | '>' | '<=' | '>=', a: unknown, b: unknown, source: string): boolean {
  if (a === b) return operator === '<=' || operator === '>=';
  if (a === null || a === undefined || b === null || b === undefined) return false;
  let x: number | string | boolean;
  let y: number | string | boolean;
  if (typeof a === 'number' || typeof b === 'number') {
    x = toNumber(a, source);
    y = toNumber(b, source);
  } else if (typeof a === typeof b && (typeof a === 'string' || typeof a === 'boolean')) {
    x = a as string | boolean;
    y = b as string | boolean;
  } else {
    throw juelEvalError(source, `cannot compare ${typeName(a)} with ${typeName(b)}`);
  }
  switch (operator) {
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    default:
      return x >= y;
  }
}

/**
 * `+ - * / %` per EL 1.7: two nulls give 0, otherwise both sides coerce to numbers (so `'1' + 2` is 3
 * and `'a' + 1` fails, as in Camunda 7). Division or remainder by zero is an error rather than
 * Infinity/NaN, which cannot be stored in a JSON variable.
 */
export function arithmetic(
  operator: '+' | '-' | '*' | '/' | '%',
  a: unknown,
  b: unknown,
  source: string,
): number {
  const x = toNumber(a, source);
  const y = toNumber(b, source);
  switch (operator) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    default:
      if (y === 0) {
        if ((a === null || a === undefined) && (b === null || b === undefined)) return 0;
        throw juelEvalError(source, 'division by zero');
      }
      return operator === '/' ? x / y : x % y;
  }
}
