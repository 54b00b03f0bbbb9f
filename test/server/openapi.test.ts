/**
 * The OpenAPI document on both databases (built from the same endpoint declarations that validate
 * requests), and the declaration API itself: coercion of text input, typed access, 400 messages.
 */
import { readFileSync } from 'node:fs';
import type { Request, Router } from 'express';
import { createApi } from '../../server/src/api/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../server/src/api/http.ts';
import { declaredEndpoints, defineEndpoint } from '../../server/src/api/schemas.ts';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';

/** A router's routes as `method /path/{param}`, nested routers included (Express 5 keeps them in `stack`). */
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}
function routesOf(router: Router): string[] {
  return (router.stack as Layer[]).flatMap((layer) => {
    if (layer.route) {
      const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
      return Object.keys(layer.route.methods).map((method) => `${method} ${path}`);
    }
    return layer.handle?.stack ? routesOf(layer.handle as Router) : [];
  });
}

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}
interface Document {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

for (const kind of await databaseKinds()) {
  describe(`OpenAPI document on ${kind}`, () => {
    let t: TestServer;
    let doc: Document;
    beforeAll(async () => {
      t = await startTestServer(kind);
      const response = await fetch(`${t.url}/engine-rest/openapi.json`);
      expect(response.status).toBe(200);
      doc = (await response.json()) as Document;
    });
    afterAll(async () => {
      await t.close();
    });

    it('describes every declared endpoint once, with path parameters', () => {
      // then
      expect(doc.openapi).toBe('3.0.3');
      expect(doc.servers).toEqual([{ url: '/engine-rest' }]);
      for (const e of declaredEndpoints()) {
        const path = e.path.replace(/:(\w+)/g, '{$1}');
        const op = doc.paths[path]?.[e.method];
        expect(op, `${e.method} ${path}`).toBeDefined();
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))
          expect(op.parameters).toContainEqual({
            name,
            in: 'path',
            required: true,
            schema: { type: 'string' },
          });
      }
      const operationIds = Object.values(doc.paths).flatMap((p) =>
        Object.values(p).map((o) => o.operationId),
      );
      expect(new Set(operationIds).size).toBe(operationIds.length);
    });

    it('declares every route the API serves (an undeclared one would be missing from it)', () => {
      // given: the routes Express dispatches under /engine-rest
      const served = routesOf(createApi(t.server)).filter((e) => !e.includes('/test-only/'));
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m} ${path}`),
      );
      // then
      expect(served.length).toBeGreaterThan(50);
      expect(served.filter((e) => !documented.includes(e))).toEqual([]);
    });

    it('shows the request schemas that validate, and resolves every $ref', () => {
      // then
      const deploy = doc.paths['/deployment/create'].post;
      expect(Object.keys(deploy.requestBody!.content)).toEqual(['multipart/form-data']);
      const start = doc.paths['/process-definition/key/{key}/start'].post;
      const body = start.requestBody!.content['application/json'].schema as {
        properties: Record<string, unknown>;
      };
      expect(body.properties.variables).toEqual({ $ref: '#/components/schemas/Variables' });
      expect(body.properties.businessKey).toEqual({ type: 'string' });
      const list = doc.paths['/process-definition'].get;
      expect(list.parameters).toContainEqual(
        expect.objectContaining({
          name: 'sortOrder',
          in: 'query',
          schema: { type: 'string', enum: ['asc', 'desc'] },
        }),
      );
      expect(list.parameters).toContainEqual(
        expect.objectContaining({ name: 'keysIn', style: 'form', explode: false }),
      );
      const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[\w]+/g) ?? [];
      for (const ref of new Set(refs))
        expect(doc.components.schemas, ref).toHaveProperty(ref.split('/').pop()!);
      expect(doc.components.schemas).toHaveProperty('ProcessDefinition');
      expect(doc.components.schemas).toHaveProperty('Exception');
    });

    it('is what docs/api.md lists, no more and no less', () => {
      // given
      const text = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
      const documented = [...text.matchAll(/^\| (GET|POST|PUT|DELETE|PATCH) +\| `([^`]+)`/gm)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
      const served = Object.entries(doc.paths)
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
        .filter((e) => !e.includes('/test-only/'));
      // then
      const missing = served.filter((e) => !documented.includes(e));
      const stale = documented.filter((e) => !served.includes(e));
      expect(missing, 'add these rows to the endpoint table of docs/api.md').toEqual([]);
      expect(stale, 'docs/api.md lists endpoints the server does not declare').toEqual([]);
    });
  });
}

describe('defineEndpoint', () => {
  const endpoint = defineEndpoint({
    method: 'post',
    path: '/test-only/:id',
    summary: 'test',
    query: {
      n: { type: 'integer', minimum: 1 },
      flag: { type: 'boolean', default: false },
      ids: { type: 'array', items: { type: 'string' } },
      must: { type: 'string', required: true },
    },
    body: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1 },
        mode: { type: 'string', enum: ['a', 'b'] },
        nested: { type: 'object', properties: { list: { type: 'array', items: { type: 'integer' } } } },
        maybe: { type: 'string', nullable: true },
      },
      required: ['name'],
    },
    responses: { 204: { description: 'ok' } },
  });
  const request = (query: Record<string, unknown>, body?: unknown) => ({ query, body }) as unknown as Request;
  const problem = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      return `${(error as HttpError).status} ${(error as HttpError).message}`;
    }
    return 'no error';
  };

  it('coerces query text and applies defaults', () => {
    // when
    const q = endpoint.query(request({ n: '3', ids: 'a,b', must: 'x' }));
    // then
    expect(q).toEqual({ n: 3, ids: ['a', 'b'], must: 'x', flag: false });
  });

  it('answers 400 naming the field', () => {
    expect(problem(() => endpoint.query(request({ n: '0', must: 'x' })))).toBe(
      "400 Query parameter 'n' must be >= 1",
    );
    expect(problem(() => endpoint.query(request({ n: '1.5', must: 'x' })))).toContain(
      "'n' must be a whole number",
    );
    expect(problem(() => endpoint.query(request({ flag: 'yes', must: 'x' })))).toContain(
      "'flag' must be 'true' or 'false'",
    );
    expect(problem(() => endpoint.query(request({ must: ['x', 'y'] })))).toContain(
      "'must' must be given once",
    );
    expect(problem(() => endpoint.query(request({})))).toBe("400 Query parameter 'must' is required");
    expect(problem(() => endpoint.body(request({}, { name: '' })))).toContain("'name' must not be empty");
    expect(problem(() => endpoint.body(request({}, { mode: 'a' })))).toBe(
      "400 Request body field 'name' is required",
    );
    expect(problem(() => endpoint.body(request({}, { name: 'x', mode: 'c' })))).toContain(
      "'mode' must be one of 'a', 'b'",
    );
    expect(problem(() => endpoint.body(request({}, { name: 'x', nested: { list: [1, 'two'] } })))).toContain(
      "'nested.list[1]' must be a whole number",
    );
    expect(problem(() => endpoint.body(request({}, { name: 'x', maybe: null })))).toBe('no error');
    expect(problem(() => endpoint.body(request({}, 'text')))).toBe('400 Request body must be a JSON object');
  });
});
