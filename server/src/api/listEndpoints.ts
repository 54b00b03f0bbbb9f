/**
 * List resources the Camunda way, declared through `defineEndpoint` (validation and OpenAPI): the
 * same filters come as a query string (`GET /x`) or as a JSON body (`POST /x`), both with a
 * `/count` twin; paging (`firstResult`, `maxResults`) is always in the query string. A bad value
 * answers 400 naming the parameter.
 */
import type { Request, Router } from 'express';
import { HttpError, JSON_OBJECT_REQUIRED, route } from './http.ts';
import { Params, type Page, type QueryResource } from './listQuery.ts';
import {
  CountSchema,
  defineEndpoint,
  errorResponses,
  pagingQuery,
  sortingArray,
  sortingQuery,
  type QuerySchema,
  type Schema,
} from './schemas.ts';

/** The JSON body of a request as an object (an absent body is empty). */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, JSON_OBJECT_REQUIRED);
  return body as Record<string, unknown>;
}

/** How a list resource is declared (validation and OpenAPI through `defineEndpoint`). */
export interface ListSpec {
  /** e.g. `/task`. */
  path: string;
  /** Plural noun for summaries, e.g. `user tasks`. */
  what: string;
  /** Filters, the same in the query string and in a POST body. */
  filters: QuerySchema;
  /** Accepted `sortBy` values. */
  sortBy: readonly string[];
  /** The schema of one result. */
  item: Schema;
  description?: string;
  /** Default true: `POST path` and `POST path/count` take the filters as a JSON body. */
  post?: boolean;
}

/** A filter that is a list of strings (comma-separated in the query string). */
export const idList = { type: 'array', items: { type: 'string' } } as const;

/** Shorthands for filter and result schemas. */
export const str = { type: 'string' } as const;
export const bool = { type: 'boolean' } as const;
export const int = { type: 'integer' } as const;
export const nullableStr = { type: 'string', nullable: true } as const;
export const nullableInt = { type: 'integer', nullable: true } as const;
export const date = { type: 'string', format: 'date-time', nullable: true } as const;

/**
 * `GET path` and `GET path/count`, and unless `post: false` their `POST` twins taking the filters
 * (and a `sorting` array) as a body. Mount before `path/:id`.
 */
export function mountQuery(r: Router, spec: ListSpec, resource: QueryResource): void {
  const sortQuery = sortingQuery(spec.sortBy);
  const listResponses = {
    200: { description: `The ${spec.what}`, schema: { type: 'array', items: spec.item } },
    ...errorResponses(400),
  } as const;
  const countResponses = { 200: { description: 'How many', schema: CountSchema }, ...errorResponses(400) };
  const list = defineEndpoint({
    method: 'get',
    path: spec.path,
    summary: `Query ${spec.what}`,
    description: spec.description,
    query: { ...spec.filters, ...pagingQuery, ...sortQuery },
    responses: listResponses,
  });
  const count = defineEndpoint({
    method: 'get',
    path: `${spec.path}/count`,
    summary: `Count ${spec.what}`,
    query: spec.filters,
    responses: countResponses,
  });
  const pageOf = (q: Record<string, unknown>): Page => ({
    offset: (q.firstResult as number | undefined) ?? 0,
    limit: q.maxResults as number | undefined,
  });
  r.get(
    count.path,
    count,
    route(async (req, res) => res.json({ count: await resource.count(new Params(count.query(req))) })),
  );
  r.get(
    list.path,
    list,
    route(async (req, res) => {
      const q = list.query(req) as Record<string, unknown>;
      res.json(await resource.list(new Params(q), pageOf(q)));
    }),
  );
  if (spec.post === false) return;
  const body = {
    type: 'object',
    properties: { ...spec.filters, sorting: sortingArray(spec.sortBy) },
  } as const;
  const listPost = defineEndpoint({
    method: 'post',
    path: spec.path,
    summary: `Query ${spec.what} (filters in the body)`,
    description: spec.description,
    query: pagingQuery,
    body,
    responses: listResponses,
  });
  const countPost = defineEndpoint({
    method: 'post',
    path: `${spec.path}/count`,
    summary: `Count ${spec.what} (filters in the body)`,
    body,
    responses: countResponses,
  });
  r.post(
    countPost.path,
    countPost,
    route(async (req, res) => res.json({ count: await resource.count(new Params(bodyOf(req))) })),
  );
  r.post(
    listPost.path,
    listPost,
    route(async (req, res) =>
      res.json(await resource.list(new Params(bodyOf(req)), pageOf(listPost.query(req)))),
    ),
  );
}
