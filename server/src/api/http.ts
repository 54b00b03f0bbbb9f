/**
 * HTTP plumbing shared by the routes: async handlers, Camunda-style errors `{type, message}` with
 * the right status (400 bad input, 404 unknown id, 409 conflict; 500 only for broken invariants).
 */
import type { NextFunction, Request, Response } from 'express';
import { BatonError, type ErrorCode } from '@baton/engine';
import { refusedValue } from '../db/errors.ts';
import { log } from '../log.ts';

const STATUS: Record<ErrorCode, number> = {
  BPMN_PARSE: 400,
  BPMN_INVALID: 400,
  EXPRESSION_SYNTAX: 400,
  EXPRESSION_EVAL: 400,
  SCRIPT_FAILED: 400,
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  CONFLICT: 409,
};

/** Camunda 7 exception type names clients switch on. */
const TYPE: Record<ErrorCode, string> = {
  BPMN_PARSE: 'ParseException',
  BPMN_INVALID: 'ParseException',
  EXPRESSION_SYNTAX: 'ProcessEngineException',
  EXPRESSION_EVAL: 'ProcessEngineException',
  SCRIPT_FAILED: 'ScriptEvaluationException',
  INVALID_ARGUMENT: 'InvalidRequestException',
  NOT_FOUND: 'NotFoundException',
  INVALID_STATE: 'BadUserRequestException',
  CONFLICT: 'OptimisticLockingException',
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'InvalidRequestException',
    /** More fields of the error body, e.g. the failing `fields` of a form. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The answer to a JSON body that is no object (every JSON body here is one). */
export const JSON_OBJECT_REQUIRED = 'The request body must be a JSON object';

/** Refuses a JSON body that parsed as an array; scalars never parse (see errorHandler). */
export function requireObjectBody(req: Request, _res: Response, next: NextFunction): void {
  next(Array.isArray(req.body) ? new HttpError(400, JSON_OBJECT_REQUIRED) : undefined);
}

/** Answers unknown paths (and known paths with another method) with a JSON 404. */
export function unknownRoute(req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404, `No resource for ${req.method} ${req.baseUrl}${req.path}`, 'NotFoundException'));
}

export type AsyncHandler = (req: Request, res: Response) => Promise<unknown>;

/** Wraps an async route: its errors become `{type, message}` responses. */
export function route(handler: AsyncHandler) {
  return (req: Request, res: Response, next: NextFunction): void => {
    handler(req, res).catch(next);
  };
}

export function errorHandler(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (error instanceof BatonError) {
    const body: Record<string, unknown> = {
      type: TYPE[error.code],
      message: error.message,
      code: error.code,
    };
    if (Array.isArray(error.details)) body.details = error.details;
    res.status(STATUS[error.code]).json(body);
    return;
  }
  if (error instanceof HttpError) {
    res.status(error.status).json({ ...error.extra, type: error.type, message: error.message });
    return;
  }
  if (error instanceof SyntaxError && 'body' in error) {
    // express.json's strict mode refuses valid JSON that is no object or array with the same error.
    const message = isJson(error.body)
      ? JSON_OBJECT_REQUIRED
      : `The request body is not valid JSON: ${error.message}`;
    res.status(400).json({ type: 'InvalidRequestException', message });
    return;
  }
  // http-errors from express itself (undecodable path, body too large, unknown charset): bad input.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json({ type: 'InvalidRequestException', message: (error as Error).message });
    return;
  }
  const refused = refusedValue(error);
  if (refused) {
    res.status(400).json({ type: 'InvalidRequestException', message: `Not stored: ${refused}` });
    return;
  }
  log.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
  res.status(500).json({
    type: 'ProcessEngineException',
    message: error instanceof Error ? error.message : String(error),
  });
}

function isJson(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A required string field of a JSON body. */
export function requireString(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'string' || value === '')
    throw new HttpError(400, `'${field}' is required and must be a non-empty string`);
  return value;
}

export function iso(epochMs: number | string | null | undefined): string | null {
  if (epochMs === null || epochMs === undefined) return null;
  // Camunda's date format: 2026-01-05T09:00:00.000+0000
  return new Date(Number(epochMs)).toISOString().replace('Z', '+0000');
}
