/**
 * The JSON Schema subset endpoint schemas use, its inferred TypeScript types, and the validator:
 * JSON bodies are checked as they are, text input (query strings, multipart fields) is coerced
 * first ("42" to 42, "true" to true, "a,b" to ['a', 'b']). Errors are 400s naming the field.
 */
import { HttpError } from './http.ts';

interface SchemaBase {
  description?: string;
  /** Null is allowed as well (OpenAPI 3.0). */
  nullable?: boolean;
  /** Applied to a missing property or query parameter. */
  default?: unknown;
  /** Named schemas become OpenAPI components. */
  title?: string;
  example?: unknown;
}

/** A JSON Schema subset: string, number, integer, boolean, array, object, or anything. */
export type Schema =
  | (SchemaBase & {
      type: 'string';
      enum?: readonly string[];
      format?: string;
      minLength?: number;
    })
  | (SchemaBase & { type: 'integer' | 'number'; minimum?: number; maximum?: number })
  | (SchemaBase & { type: 'boolean' })
  | (SchemaBase & { type: 'array'; items: Schema })
  | (SchemaBase & {
      type: 'object';
      properties?: Readonly<Record<string, Schema>>;
      required?: readonly string[];
      /** Schema of other properties; default: anything is allowed. */
      additionalProperties?: boolean | Schema;
    })
  | (SchemaBase & { type?: undefined });

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The TypeScript type of values a schema accepts. */
export type Infer<S> = S extends { nullable: true } ? InferBase<S> | null : InferBase<S>;

type InferBase<S> = S extends { enum: readonly (infer E)[] }
  ? E
  : S extends { type: 'string' }
    ? string
    : S extends { type: 'integer' | 'number' }
      ? number
      : S extends { type: 'boolean' }
        ? boolean
        : S extends { type: 'array'; items: infer I }
          ? Infer<I>[]
          : S extends { type: 'object' }
            ? InferObject<S>
            : unknown;

type RequiredKeys<S> = S extends { required: readonly (infer R)[] } ? R : never;
type Additional<S> = S extends { additionalProperties: infer A }
  ? A extends false
    ? unknown
    : A extends true
      ? Record<string, unknown>
      : Record<string, Infer<A>>
  : S extends { properties: object }
    ? unknown
    : Record<string, unknown>;
type InferObject<S> = Simplify<
  (S extends { properties: infer P }
    ? { [K in keyof P as K extends RequiredKeys<S> ? K : never]: Infer<P[K]> } & {
        [K in keyof P as K extends RequiredKeys<S> ? never : K]?: Infer<P[K]>;
      }
    : unknown) &
    Additional<S>
>;

function fail(label: string, path: string, problem: string): HttpError {
  if (!path) return new HttpError(400, `${label} ${problem}`);
  return new HttpError(
    400,
    `${label === 'Request body' ? 'Request body field' : label} '${path}' ${problem}`,
  );
}

/**
 * Checks (and for text input coerces) `value` against `schema`; returns the value to use.
 * `label` says where the value came from ("Request body", "Query parameter", "Form field").
 */
export function check(schema: Schema, value: unknown, path: string, label: string, text = false): unknown {
  const problem = (p: string) => fail(label, path, p);
  if (value === null) {
    if (schema.nullable || schema.type === undefined) return null;
    throw problem('must not be null');
  }
  switch (schema.type) {
    case undefined:
      return value;
    case 'string': {
      const s = single(value, text, problem);
      if (typeof s !== 'string') throw problem('must be a string');
      if (schema.enum && !schema.enum.includes(s))
        throw problem(`must be one of ${schema.enum.map((e) => `'${e}'`).join(', ')}`);
      if (schema.minLength !== undefined && s.length < schema.minLength)
        throw problem(schema.minLength === 1 ? 'must not be empty' : `needs ${schema.minLength}+ characters`);
      return s;
    }
    case 'integer':
    case 'number': {
      const raw = single(value, text, problem);
      const n = text && typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      const integer = schema.type === 'integer';
      if (typeof n !== 'number' || !Number.isFinite(n) || (integer && !Number.isInteger(n)))
        throw problem(`must be ${integer ? 'a whole number' : 'a number'}`);
      if (schema.minimum !== undefined && n < schema.minimum) throw problem(`must be >= ${schema.minimum}`);
      if (schema.maximum !== undefined && n > schema.maximum) throw problem(`must be <= ${schema.maximum}`);
      return n;
    }
    case 'boolean': {
      const b = single(value, text, problem);
      if (text && (b === 'true' || b === 'false')) return b === 'true';
      if (typeof b !== 'boolean') throw problem(text ? "must be 'true' or 'false'" : 'must be true or false');
      return b;
    }
    case 'array': {
      let items = value;
      if (text && typeof items === 'string') items = items === '' ? [] : items.split(',');
      if (!Array.isArray(items)) throw problem('must be an array');
      return items.map((item, i) => check(schema.items, item, `${path}[${i}]`, label, text));
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) throw problem('must be a JSON object');
      const input = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const props = schema.properties ?? {};
      for (const name of schema.required ?? [])
        if (input[name] === undefined) throw fail(label, join(path, name), 'is required');
      for (const [name, v] of Object.entries(input)) {
        // Own properties only: `constructor` must not find Object's, `__proto__` must stay a key.
        const child = Object.hasOwn(props, name) ? props[name] : undefined;
        const extra = schema.additionalProperties;
        let checked = v;
        if (child) checked = v === undefined ? v : check(child, v, join(path, name), label, text);
        else if (extra === false) throw fail(label, join(path, name), 'is not a known field');
        else if (extra && extra !== true) checked = check(extra, v, join(path, name), label, text);
        Object.defineProperty(out, name, {
          value: checked,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      for (const [name, child] of Object.entries(props))
        if (out[name] === undefined && child.default !== undefined) out[name] = child.default;
      return out;
    }
  }
}
check.fail = fail;

function single(value: unknown, text: boolean, problem: (p: string) => HttpError): unknown {
  if (text && Array.isArray(value)) throw problem('must be given once');
  return value;
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
