/**
 * Reading list queries: filter values, Camunda sorting (`sortBy` + `sortOrder`, or a `sorting`
 * array in a body) mapped to columns, paging, counting, and a few SQL helpers that behave the same
 * on sqlite and PostgreSQL. The endpoints themselves are declared in listEndpoints.ts.
 */
import type { Knex } from 'knex';
import { HttpError } from './http.ts';
import { SINGLE_SORT_PARAMETER } from './schemas.ts';

/**
 * Filter values of one request: the query (coerced by its endpoint schema) or the JSON body. The
 * schemas have checked them already; the getters still refuse a wrong kind with a 400.
 */
export class Params {
  constructor(private readonly source: Record<string, unknown>) {}

  has(name: string): boolean {
    return this.source[name] !== undefined && this.source[name] !== null;
  }

  raw(name: string): unknown {
    return this.source[name];
  }

  string(name: string): string | undefined {
    const value = this.source[name];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) throw new HttpError(400, `'${name}' must be given once`);
    if (typeof value !== 'string') throw new HttpError(400, `'${name}' must be a string`);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.source[name];
    if (value === undefined || value === null) return undefined;
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw new HttpError(400, `'${name}' must be true or false`);
  }

  integer(name: string, min = Number.MIN_SAFE_INTEGER): number | undefined {
    const value = this.source[name];
    if (value === undefined || value === null) return undefined;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min)
      throw new HttpError(
        400,
        `'${name}' must be a whole number${min === Number.MIN_SAFE_INTEGER ? '' : ` >= ${min}`}`,
      );
    return n;
  }

  /** A comma-separated string (query string) or an array of strings (body). */
  list(name: string): string[] | undefined {
    const value = this.source[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string')
      return value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    throw new HttpError(400, `'${name}' must be a comma-separated list or an array of strings`);
  }
}

/**
 * The two filters every list endpoint has: a parameter equal to a column, and a list parameter
 * whose values the column is in. Absent parameters add nothing.
 */
export function columnFilters(
  q: Knex.QueryBuilder,
  p: Params,
): {
  eq(param: string, column: string): void;
  inList(param: string, column: string): void;
} {
  return {
    eq(param, column) {
      const v = p.string(param);
      if (v !== undefined) q.where(column, v);
    },
    inList(param, column) {
      const v = p.list(param);
      if (v !== undefined) q.whereIn(column, v);
    },
  };
}

export interface QueryResource {
  list(p: Params, page: Page): Promise<unknown[]>;
  count(p: Params): Promise<number>;
}

export interface Page {
  offset: number;
  /** No limit when absent. */
  limit?: number;
}

export interface SortSpec {
  column: string;
  order: 'asc' | 'desc';
}

/** The requested order, each `sortBy` mapped to a column through `columns`. */
export function sorting(p: Params, columns: Record<string, string>): SortSpec[] {
  const out: SortSpec[] = [];
  const add = (sortBy: unknown, sortOrder: unknown, where: string) => {
    if (typeof sortBy !== 'string' || !Object.hasOwn(columns, sortBy))
      throw new HttpError(
        400,
        `'${where}sortBy' must be one of ${Object.keys(columns).join(', ')}; got '${String(sortBy)}'`,
      );
    const order = sortOrder === undefined ? 'asc' : sortOrder;
    if (order !== 'asc' && order !== 'desc')
      throw new HttpError(400, `'${where}sortOrder' must be asc or desc; got '${String(sortOrder)}'`);
    out.push({ column: columns[sortBy], order });
  };
  if (p.has('sortBy') || p.has('sortOrder')) {
    if (!p.has('sortBy') || !p.has('sortOrder')) throw new HttpError(400, SINGLE_SORT_PARAMETER);
    add(p.string('sortBy'), p.string('sortOrder'), '');
  }
  const list = p.raw('sorting');
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) throw new HttpError(400, `'sorting' must be an array of { sortBy, sortOrder }`);
    list.forEach((entry: unknown, i) => {
      const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
      add(e.sortBy, e.sortOrder, `sorting[${i}].`);
    });
  }
  return out;
}

/**
 * Applies the order (then `tieBreak`, for a stable page order), nulls last on both databases
 * (spelled out: knex's `nulls` option drops the column itself on sqlite).
 */
export function orderBy(
  query: Knex.QueryBuilder,
  specs: SortSpec[],
  tieBreak: SortSpec[],
): Knex.QueryBuilder {
  for (const s of [...specs, ...tieBreak])
    query.orderByRaw('(?? is null)', [s.column]).orderBy(s.column, s.order);
  return query;
}

/** Applies paging to a query. */
export function paged(query: Knex.QueryBuilder, page: Page): Knex.QueryBuilder {
  if (page.offset > 0) query.offset(page.offset);
  if (page.limit !== undefined) query.limit(page.limit);
  return query;
}

/** Paging of rows already in memory. */
export function pageRows<T>(rows: T[], page: Page): T[] {
  return rows.slice(page.offset, page.limit === undefined ? undefined : page.offset + page.limit);
}

/** Row count of a filtered query (without its selection and order). */
export async function countOf(query: Knex.QueryBuilder): Promise<number> {
  const row = (await query.clone().clearSelect().clearOrder().count({ count: '*' }).first()) as
    { count: number | string } | undefined;
  return Number(row?.count ?? 0);
}

/** Escapes LIKE wildcards so the value matches literally (use with `escape '\'`). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Rows whose JSON string-array column contains `value`. */
export function whereJsonArrayHas(q: Knex.QueryBuilder, column: string, value: string): Knex.QueryBuilder {
  return q.whereRaw(`?? like ? escape '\\'`, [column, `%${escapeLike(JSON.stringify(value))}%`]);
}

/** Sorts rows in memory by `specs` (keys of the row), nulls last; for queries filtered after SQL. */
export function sortRows<T extends Record<string, unknown>>(rows: T[], specs: SortSpec[]): T[] {
  const cmp = (a: unknown, b: unknown): number => {
    if (a === b) return 0;
    if (a === null || a === undefined) return 1;
    if (b === null || b === undefined) return -1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a) < String(b) ? -1 : 1;
  };
  return [...rows].sort((x, y) => {
    for (const s of specs) {
      const c = cmp(x[s.column], y[s.column]);
      if (c !== 0) return s.order === 'asc' || x[s.column] == null || y[s.column] == null ? c : -c;
    }
    return 0;
  });
}
