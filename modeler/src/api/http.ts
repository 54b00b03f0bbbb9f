/**
 * fetch against the server's /engine-rest API. Every failure becomes an ApiError carrying the
 * server's `{type, message}` (or what went wrong on the way), so views can show it as a message.
 */
export const REST_BASE = '/engine-rest';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** The parsed error body, e.g. deploy diagnostics or form field errors. */
    readonly body: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
  }
  let res: Response;
  try {
    res = await fetch(REST_BASE + withQuery(path, query), init);
  } catch (error) {
    throw new ApiError(0, 'NetworkError', `The server cannot be reached (${(error as Error).message})`);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const err = (parsed ?? {}) as { type?: string; message?: string };
    throw new ApiError(
      res.status,
      err.type ?? 'HttpError',
      err.message ??
        (typeof parsed === 'string' && parsed ? parsed : `${method} ${path} answered ${res.status}`),
      parsed,
    );
  }
  return parsed as T;
}

export const get = <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query);
export const post = <T>(path: string, body?: unknown, query?: Query) =>
  request<T>('POST', path, body ?? {}, query);
export const put = <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {});
export const del = <T>(path: string, query?: Query) => request<T>('DELETE', path, undefined, query);
