/**
 * Declarative endpoint schemas: one object per endpoint both validates the request (as express
 * middleware, 400 naming the field) and describes it in GET /openapi.json. Schemas are a small
 * subset of JSON Schema (OpenAPI 3.0 flavour: `nullable`), and their TypeScript types are inferred,
 * so handlers read typed, coerced input without casts:
 *
 * ```ts
 * const start = defineEndpoint({ method: 'post', path: '/process-definition/:id/start', summary: 'Start',
 *   query: { debug: { type: 'boolean' } },
 *   body: { type: 'object', properties: { businessKey: { type: 'string' } } },
 *   responses: { 200: { description: 'Started' }, ...errorResponses(400, 404) } });
 * router.post(start.path, start, route(async (req, res) => { start.body(req).businessKey; }));
 * ```
 */
import type { Request, RequestHandler } from 'express';
import { HttpError } from './http.ts';
import { check, type Schema } from './validate.ts';

import type { Infer } from './validate.ts';

export type { Infer, Schema } from './validate.ts';

/** A query parameter: a schema (strings are coerced), optionally required. */
export type ParamSchema = Schema & { required?: boolean };
export type QuerySchema = Readonly<Record<string, ParamSchema>>;

/** Typed query: parameters with `required: true` or a `default` are always present. */
export type InferQuery<Q extends QuerySchema> = {
  [K in keyof Q as Q[K] extends { required: true } | { default: unknown } ? K : never]: Infer<Q[K]>;
} & { [K in keyof Q as Q[K] extends { required: true } | { default: unknown } ? never : K]?: Infer<Q[K]> };

export interface ResponseSpec {
  description: string;
  schema?: Schema;
  /** Default application/json. */
  contentType?: string;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';

export interface EndpointSpec<Q extends QuerySchema = QuerySchema, B extends Schema = Schema> {
  method: HttpMethod;
  /** Express-style path below /engine-rest, e.g. `/process-instance/:id`. */
  path: string;
  summary: string;
  description?: string;
  /** OpenAPI tags; default: the first path segment. */
  tags?: string[];
  query?: Q;
  body?: B;
  /** A missing body is a 400 (otherwise an object body defaults to `{}`). */
  bodyRequired?: boolean;
  /** Default application/json; multipart fields arrive as text and are coerced like query values. */
  contentType?: 'application/json' | 'multipart/form-data';
  responses: Record<number, ResponseSpec>;
}

/** The middleware of one endpoint, with typed accessors for what it validated. */
export interface Endpoint<Q extends QuerySchema, B extends Schema> extends RequestHandler {
  readonly spec: EndpointSpec<Q, B>;
  readonly path: string;
  /** The coerced, validated query (throws a 400 HttpError when invalid). */
  query(req: Request): InferQuery<Q>;
  /** The validated body (throws a 400 HttpError when invalid). */
  body(req: Request): Infer<B>;
}

const registry = new Map<string, EndpointSpec>();

/**
 * Declares an endpoint: returns the validating middleware and records the spec for the OpenAPI
 * document (the same method + path declared twice keeps the last declaration).
 */
export function defineEndpoint<
  const Q extends QuerySchema = Record<never, ParamSchema>,
  const B extends Schema = Schema,
>(spec: EndpointSpec<Q, B>): Endpoint<Q, B> {
  registry.set(`${spec.method} ${spec.path}`, spec as unknown as EndpointSpec);
  const queries = new WeakMap<Request, InferQuery<Q>>();
  const bodies = new WeakMap<Request, Infer<B>>();
  const multipart = spec.contentType === 'multipart/form-data';

  const query = (req: Request): InferQuery<Q> => {
    let value = queries.get(req);
    if (value === undefined) {
      const raw = req.query as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, param] of Object.entries(spec.query ?? {})) {
        if (raw[name] === undefined || raw[name] === '') {
          if (param.required) throw check.fail('Query parameter', name, 'is required');
          if (param.default !== undefined) out[name] = param.default;
          continue;
        }
        out[name] = check(param, raw[name], name, 'Query parameter', true);
      }
      const sorted = spec.query?.sortBy !== undefined && spec.query.sortOrder !== undefined;
      if (sorted && (out.sortBy === undefined) !== (out.sortOrder === undefined))
        throw new HttpError(400, SINGLE_SORT_PARAMETER);
      value = out as InferQuery<Q>;
      queries.set(req, value);
    }
    return value;
  };

  const body = (req: Request): Infer<B> => {
    if (bodies.has(req)) return bodies.get(req) as Infer<B>;
    let value: unknown = undefined;
    if (spec.body) {
      const raw: unknown = req.body;
      if (raw === undefined && spec.bodyRequired)
        throw check.fail('Request body', '', `is required (${spec.contentType ?? 'application/json'})`);
      const schema = multipart ? withoutBinary(spec.body) : spec.body;
      const given = raw === undefined && schema.type === 'object' ? {} : raw;
      value = check(schema, given, '', multipart ? 'Form field' : 'Request body', multipart);
    }
    bodies.set(req, value as Infer<B>);
    return value as Infer<B>;
  };

  const middleware = ((req, _res, next) => {
    try {
      if (spec.body && !multipart) refuseOtherMediaTypes(req);
      query(req);
      body(req);
      next();
    } catch (error) {
      next(error);
    }
  }) as Endpoint<Q, B>;
  return Object.assign(middleware, { spec, path: spec.path, query, body });
}

/**
 * A non-empty body the JSON parser left alone (another content type) is a 415, as in Camunda, and
 * is not read as if there were none. A body-less request needs no content type.
 */
function refuseOtherMediaTypes(req: Request): void {
  if (req.body !== undefined) return;
  const length = Number(req.headers['content-length'] ?? 0);
  if (length === 0 && req.headers['transfer-encoding'] === undefined) return;
  const type = req.headers['content-type'] ?? 'none';
  throw new HttpError(
    415,
    `Content type '${type}' is not supported here: send the body as application/json`,
    'NotSupportedException',
  );
}

/** Every declared endpoint, in declaration order. */
export function declaredEndpoints(): EndpointSpec[] {
  return [...registry.values()];
}

/** Names a reusable schema (it becomes a component in the OpenAPI document) and keeps its literal type. */
export function schema<const S extends Schema>(title: string, s: S): S & { title: string } {
  return { ...s, title };
}

/** `{type, message}` as every error answers. */
export const ErrorSchema = schema('Exception', {
  type: 'object',
  properties: {
    type: { type: 'string', description: 'Camunda exception type, e.g. InvalidRequestException' },
    message: { type: 'string' },
    code: { type: 'string', description: 'Baton error code' },
  },
  required: ['type', 'message'],
});

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request: the message names the offending field',
  404: 'Not found',
  409: 'Conflict with the current state',
  500: 'Internal error',
};

/** Standard error responses for `responses`. */
export function errorResponses(...statuses: number[]): Record<number, ResponseSpec> {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_TEXT[s] ?? 'Error', schema: ErrorSchema }]),
  );
}

/**
 * The largest paging value: beyond it numbers lose precision, and the databases refuse what does
 * not fit a 64-bit LIMIT / OFFSET (a 500 before this bound).
 */
export const MAX_PAGING = Number.MAX_SAFE_INTEGER;

/** Camunda paging parameters. */
export const pagingQuery = {
  firstResult: { type: 'integer', minimum: 0, maximum: MAX_PAGING, description: 'Index of the first result' },
  maxResults: {
    type: 'integer',
    minimum: 0,
    maximum: MAX_PAGING,
    description: 'Maximum number of results (no limit when absent)',
  },
} as const satisfies QuerySchema;

/** Camunda's answer to `sortBy` without `sortOrder` or the reverse. */
export const SINGLE_SORT_PARAMETER =
  'Only a single sorting parameter specified. sortBy and sortOrder required';

/** `sortBy` (one of `fields`) and `sortOrder`: both or neither (400 otherwise). */
export function sortingQuery<const F extends readonly string[]>(fields: F) {
  return {
    sortBy: { type: 'string', enum: fields, description: 'Needs sortOrder' },
    sortOrder: { type: 'string', enum: ['asc', 'desc'] as const, description: 'Needs sortBy' },
  } as const;
}

/** A body's `sorting`: `[{ sortBy, sortOrder }]`, applied in order; `sortOrder` defaults to asc. */
export function sortingArray<const F extends readonly string[]>(fields: F) {
  return {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        sortBy: { type: 'string', enum: fields },
        sortOrder: { type: 'string', enum: ['asc', 'desc'] as const },
      },
      required: ['sortBy'],
    },
  } as const;
}

/** The longest duration (ms) endpoints take: 100 years, so that now + duration is a valid date. */
export const MAX_DURATION_MS = 100 * 365 * 24 * 60 * 60 * 1000;

/** A duration in milliseconds, at least `minimum`, at most MAX_DURATION_MS. */
export function durationMs<const M extends number>(minimum: M, description: string) {
  return {
    type: 'integer',
    minimum,
    maximum: MAX_DURATION_MS,
    description: `${description} (ms, at most ${MAX_DURATION_MS}: 100 years)`,
  } as const;
}

export const CountSchema = schema('Count', {
  type: 'object',
  properties: { count: { type: 'integer' } },
  required: ['count'],
});

function withoutBinary(s: Schema): Schema {
  if (s.type !== 'object' || !s.properties) return s;
  const properties = Object.fromEntries(
    Object.entries(s.properties).filter(([, p]) => !(p.type === 'string' && p.format === 'binary')),
  );
  return { ...s, properties };
}

/** One variable in the Camunda shape `{value, type, valueInfo}` (checked in detail by `fromCamunda`). */
export const VariableValueSchema = schema('VariableValue', {
  type: 'object',
  properties: {
    value: { description: 'Any JSON value; Json/Object values may be given as a JSON string' },
    type: {
      type: 'string',
      example: 'String',
      description: 'String, Boolean, Integer, Long, Double, Date, Json, ...',
    },
    valueInfo: { type: 'object' },
  },
});

/** Variables `{ name: {value, type, valueInfo} }`. */
export const VariablesSchema = schema('Variables', {
  type: 'object',
  additionalProperties: VariableValueSchema,
});
