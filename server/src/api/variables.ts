/**
 * Variables in the Camunda 7 REST shape `{ name: { value, type, valueInfo } }`. A Json value may
 * arrive as a JSON string (as Camunda sends it) or as a native value; both become the same value.
 *
 * Typed values are checked strictly, as Camunda's REST API converts them: a value that does not fit
 * its type is a 400 naming the variable, never a silently changed value. Dates are stored as ISO
 * strings (`...Z`) and returned in Camunda's format `yyyy-MM-dd'T'HH:mm:ss.SSS+0000`.
 */
import {
  inferType,
  invalidVariableName,
  isVariableType,
  type JsonValue,
  type VariableType,
} from '@baton/engine';
import { HttpError, iso } from './http.ts';

export interface CamundaVariable {
  value: unknown;
  type?: string;
  valueInfo?: Record<string, unknown>;
}

export type CamundaVariables = Record<string, CamundaVariable>;

const TYPE_ALIASES: Record<string, VariableType> = {
  string: 'String',
  boolean: 'Boolean',
  integer: 'Integer',
  long: 'Long',
  short: 'Short',
  double: 'Double',
  date: 'Date',
  json: 'Json',
  null: 'Null',
  object: 'Object',
};

/** Deepest nesting of arrays and objects a variable value may have (deeper values overflow the stack). */
export const MAX_VALUE_DEPTH = 1000;

/** Camunda variables into plain values and explicit types. */
export function fromCamunda(input: unknown): {
  variables: Record<string, unknown>;
  variableTypes: Record<string, VariableType>;
} {
  const variables: Record<string, unknown> = {};
  const variableTypes: Record<string, VariableType> = {};
  if (input === undefined || input === null) return { variables, variableTypes };
  if (typeof input !== 'object' || Array.isArray(input))
    throw new HttpError(400, 'variables must be an object of { name: { value, type } }');
  // A `__proto__` key of a request body may already have become the prototype of the (validated)
  // object: it would silently vanish, so it is refused like the other object-internal names.
  const proto: unknown = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) throw badName('__proto__');
  for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
    if (invalidVariableName(name) !== null) throw badName(name);
    if (typeof raw !== 'object' || raw === null || !('value' in raw || 'type' in raw)) {
      throw new HttpError(400, `Variable '${name}' must be { value, type }`);
    }
    const v = raw as CamundaVariable;
    if (v.type !== undefined && typeof v.type !== 'string')
      throw new HttpError(400, `Variable '${name}' has a type that is not a string`);
    const type = v.type === undefined ? undefined : (TYPE_ALIASES[v.type.toLowerCase()] ?? v.type);
    if (type !== undefined && !isVariableType(type))
      throw new HttpError(400, `Variable '${name}' has unknown type '${v.type}'`);
    const value = convert(name, v.value, type);
    // Checked before anything walks the value recursively (engine, JSON.stringify, structuredClone).
    if (tooDeep(value)) throw tooDeepError(name);
    variables[name] = value;
    if (type !== undefined && type !== inferType(value)) variableTypes[name] = type;
  }
  return { variables, variableTypes };
}

function badName(name: string): HttpError {
  const problem = invalidVariableName(name) ?? `'${name}' cannot be used as a variable name`;
  return new HttpError(400, `Variable '${name}' cannot be stored: ${problem}`);
}

/** Untyped variables (Camunda 8 style `{ name: value }`), checked like typed ones: names, nesting. */
export function plainVariables(input: Record<string, unknown> | undefined): Record<string, JsonValue> {
  const variables: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(input ?? {})) {
    if (invalidVariableName(name) !== null) throw badName(name);
    if (tooDeep(value)) throw tooDeepError(name);
    variables[name] = value as JsonValue;
  }
  return variables;
}

function tooDeepError(name: string): HttpError {
  return new HttpError(
    400,
    `Variable '${name}' is nested too deeply (more than ${MAX_VALUE_DEPTH} levels of arrays and objects)`,
  );
}

/** Whether arrays and objects nest deeper than MAX_VALUE_DEPTH (walked without recursion). */
function tooDeep(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: [object, number][] = [[value, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (depth > MAX_VALUE_DEPTH) return true;
    for (const child of Array.isArray(node) ? (node as unknown[]) : Object.values(node))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

const RANGES = {
  Short: { min: -32768, max: 32767, what: 'a 16-bit integer' },
  Integer: { min: -2147483648, max: 2147483647, what: 'a 32-bit integer' },
  Long: {
    min: Number.MIN_SAFE_INTEGER,
    max: Number.MAX_SAFE_INTEGER,
    what: 'a safe integer (larger whole numbers are not representable exactly)',
  },
} as const;

function convert(name: string, value: unknown, type: VariableType | undefined): unknown {
  if (type === 'Null' || value === null || value === undefined) return null;
  const bad = (problem: string) =>
    new HttpError(400, `Variable '${name}' of type ${type} ${problem}, got ${describe(value)}`);
  switch (type) {
    case 'Json':
    case 'Object':
      if (typeof value === 'string') {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          throw new HttpError(400, `Variable '${name}' of type ${type} is not valid JSON`);
        }
      }
      return value;
    case 'Integer':
    case 'Long':
    case 'Short': {
      // A JSON number or a string of decimal digits, as Camunda (Jackson) converts them.
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && /^[+-]?\d+$/.test(value)
            ? Number(value)
            : NaN;
      if (!Number.isInteger(n))
        throw bad('must be a whole number (a JSON number or a string of decimal digits)');
      const { min, max, what } = RANGES[type];
      if (n < min || n > max) throw bad(`must be ${what} between ${min} and ${max}`);
      return n;
    }
    case 'Double': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)
            ? Number(value)
            : NaN;
      if (!Number.isFinite(n)) throw bad('must be a finite number (a JSON number or a string holding one)');
      return n;
    }
    case 'Boolean':
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      throw bad("must be true or false (or the strings 'true' or 'false')");
    case 'Date': {
      const ms = typeof value === 'string' ? parseCamundaDate(value) : null;
      if (ms === null)
        throw bad(
          "must be a date-time like 2026-01-05T08:00:00.000+0000 (yyyy-MM-dd'T'HH:mm:ss[.SSS][zone])",
        );
      return new Date(ms).toISOString();
    }
    case 'String':
      // Camunda converts numbers and booleans to their text; anything else is not a string.
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw bad('must be a string');
    default:
      return value;
  }
}

/** A short description of a refused value for error messages (never walks nested values). */
function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/;

/**
 * Epoch milliseconds of a Camunda date-time `yyyy-MM-dd'T'HH:mm:ss` with optional `.SSS` and
 * optional zone (`Z`, `+0000`, `+00:00`; none means UTC), or null: no lenient parsing, no
 * rolled-over fields (2026-02-30 is refused, not March 2nd).
 */
export function parseCamundaDate(text: string): number | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second, milli] = m.slice(1, 8).map((p) => Number(p ?? 0));
  const offset = m[9] === undefined ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (hour > 23 || minute > 59 || second > 59 || Number(m[10] ?? 0) > 23 || Number(m[11] ?? 0) > 59)
    return null;
  const date = new Date(Date.UTC(2000, 0, 1, hour, minute, second, milli));
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  const ms = date.getTime() - offset * 60_000;
  // Only years 0000-9999 in UTC, so the value stays a plain ISO date-time.
  return /^\d{4}-/.test(new Date(ms).toISOString()) ? ms : null;
}

/** Plain values (with explicit types) in the Camunda shape. */
export function toCamunda(
  values: Record<string, JsonValue>,
  types: Record<string, VariableType> = {},
): CamundaVariables {
  const out: CamundaVariables = {};
  for (const [name, value] of Object.entries(values)) out[name] = toCamundaValue(value, types[name]);
  return out;
}

export function toCamundaValue(value: JsonValue, explicit?: VariableType): CamundaVariable {
  const type = explicit ?? inferType(value);
  if (type === 'Json' || type === 'Object') {
    return {
      value: JSON.stringify(value),
      type,
      valueInfo:
        type === 'Object'
          ? { objectTypeName: 'java.lang.Object', serializationDataFormat: 'application/json' }
          : {},
    };
  }
  if (type === 'Date' && typeof value === 'string') {
    // Stored as an ISO string; Camunda's format is 2026-01-05T08:00:00.000+0000.
    const ms = parseCamundaDate(value);
    return { value: ms === null ? value : iso(ms), type, valueInfo: {} };
  }
  return { value, type, valueInfo: {} };
}
