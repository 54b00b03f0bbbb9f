/**
 * GET /openapi.json: an OpenAPI 3.0 document built from the endpoint declarations
 * (`defineEndpoint` in schemas.ts), the same objects that validate requests. Named schemas
 * (`schema(title, ...)`) become components referenced with `$ref`.
 */
import { Router } from 'express';
import type { ApiContext } from './context.ts';
import { route } from './http.ts';
import { declaredEndpoints, defineEndpoint, type EndpointSpec, type Schema } from './schemas.ts';
import { BATON_VERSION } from './version.ts';

type Json = Record<string, unknown>;

const openapiEndpoint = defineEndpoint({
  method: 'get',
  path: '/openapi.json',
  summary: 'This OpenAPI document',
  tags: ['Meta'],
  responses: { 200: { description: 'OpenAPI 3.0 document', schema: { type: 'object' } } },
});

/** The OpenAPI document of every endpoint declared so far. */
export function openApiDocument(): Json {
  const components: Record<string, unknown> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  const endpoints = [...declaredEndpoints()].sort((a, b) => a.path.localeCompare(b.path));
  for (const e of endpoints) {
    const path = e.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    (paths[path] ??= {})[e.method] = operation(e, components);
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Baton REST API',
      version: BATON_VERSION,
      description: 'Camunda-7-compatible REST API of the Baton BPMN engine.',
    },
    servers: [{ url: '/engine-rest' }],
    paths,
    components: { schemas: components },
  };
}

function operation(e: EndpointSpec, components: Record<string, unknown>): Json {
  const parameters: Json[] = [];
  for (const m of e.path.matchAll(/:([A-Za-z0-9_]+)/g))
    parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
  for (const [name, param] of Object.entries(e.query ?? {})) {
    const { required, description, ...rest } = param;
    const p: Json = { name, in: 'query', schema: toOpenApi(rest, components) };
    if (required) p.required = true;
    if (description) p.description = description;
    if (param.type === 'array') Object.assign(p, { style: 'form', explode: false });
    parameters.push(p);
  }
  const op: Json = {
    operationId: `${e.method}${e.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c?: string) => (c ?? '').toUpperCase())}`,
    summary: e.summary,
    tags: e.tags ?? [tagOf(e.path)],
  };
  if (e.description) op.description = e.description;
  if (parameters.length > 0) op.parameters = parameters;
  if (e.body) {
    op.requestBody = {
      required: e.bodyRequired ?? false,
      content: { [e.contentType ?? 'application/json']: { schema: toOpenApi(e.body, components) } },
    };
  }
  op.responses = Object.fromEntries(
    Object.entries(e.responses).map(([status, r]) => [
      status,
      r.schema
        ? {
            description: r.description,
            content: { [r.contentType ?? 'application/json']: { schema: toOpenApi(r.schema, components) } },
          }
        : { description: r.description },
    ]),
  );
  return op;
}

function tagOf(path: string): string {
  const first = path.split('/')[1] ?? '';
  return first.replace(/(^|-)(.)/g, (_, _d: string, c: string) => c.toUpperCase());
}

/** A schema as OpenAPI wants it: named schemas hoisted into components. */
function toOpenApi(s: Schema, components: Record<string, unknown>): Json {
  const { title, ...rest } = s;
  const out: Json = { ...rest };
  if (s.type === 'array') out.items = toOpenApi(s.items, components);
  if (s.type === 'object') {
    if (s.properties)
      out.properties = Object.fromEntries(
        Object.entries(s.properties).map(([k, v]) => [k, toOpenApi(v, components)]),
      );
    if (s.required && s.required.length === 0) delete out.required;
    if (typeof s.additionalProperties === 'object')
      out.additionalProperties = toOpenApi(s.additionalProperties, components);
  }
  if (!title) return out;
  components[title] ??= out;
  return { $ref: `#/components/schemas/${title}` };
}

/** Serves the document. */
export function openApiRoutes(_ctx: ApiContext): Router {
  const r = Router();
  r.get(
    openapiEndpoint.path,
    openapiEndpoint,
    route(async (_req, res) => {
      res.json(openApiDocument());
    }),
  );
  return r;
}
