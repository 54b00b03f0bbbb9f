/**
 * Variables carry Camunda 7 value types so they round-trip through the REST API unchanged.
 * Inside the engine a variable is stored as its plain JSON value; the type is only stored when it
 * differs from the type the value would be inferred as (e.g. a Long that fits in an int, a Date).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export const VARIABLE_TYPES = [
  'String',
  'Boolean',
  'Integer',
  'Long',
  'Short',
  'Double',
  'Date',
  'Json',
  'Null',
  'Object',
] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

/** A value with its type, as the REST API and the engine's public API exchange it. */
export interface TypedValue {
  type: VariableType;
  value: JsonValue;
}

/** Variables as `{ name: { value, type } }`, the Camunda 7 REST shape. */
export type TypedVariables = Record<string, TypedValue>;

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** The type a plain value is stored as when no type is given. */
export function inferType(value: unknown): VariableType {
  if (value === null || value === undefined) return 'Null';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'boolean':
      return 'Boolean';
    case 'number':
      if (Number.isInteger(value)) return value >= INT_MIN && value <= INT_MAX ? 'Integer' : 'Long';
      return 'Double';
    case 'object':
      return value instanceof Date ? 'Date' : 'Json';
    default:
      return 'Object';
  }
}

export function isVariableType(type: unknown): type is VariableType {
  return typeof type === 'string' && (VARIABLE_TYPES as readonly string[]).includes(type);
}

/**
 * Turns any JS value a caller hands the engine (handler results, script results) into a JSON value.
 * Dates become ISO strings; undefined becomes null; functions and symbols are refused.
 */
export function toJsonValue(value: unknown, path = 'value'): JsonValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path} is not a finite number`);
      return value;
    case 'bigint':
      return Number(value);
    case 'object': {
      if (Array.isArray(value)) return value.map((v, i) => toJsonValue(v, `${path}[${i}]`));
      const out: { [key: string]: JsonValue } = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue;
        // A JSON key `__proto__` is data: define it, never let it set the prototype.
        if (k === '__proto__')
          Object.defineProperty(out, k, {
            value: toJsonValue(v, `${path}.${k}`),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else out[k] = toJsonValue(v, `${path}.${k}`);
      }
      return out;
    }
    default:
      throw new TypeError(`${path} of type ${typeof value} cannot be stored as a variable`);
  }
}

/** Names that would reach into JavaScript object internals; never valid variable names. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** A variable name must be a non-empty string that is not an object-internal name. */
export function invalidVariableName(name: string): string | null {
  if (name === '') return 'A variable name cannot be empty';
  if (FORBIDDEN_NAMES.has(name)) return `'${name}' cannot be used as a variable name`;
  return null;
}
