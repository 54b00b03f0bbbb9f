/**
 * Typed errors. Every error Baton throws on purpose is a BatonError with a stable `code`, so adapters
 * (REST, websockets) can map it to a status without parsing messages. Only broken invariants throw
 * anything else.
 */
export type ErrorCode =
  | 'BPMN_PARSE' // not well-formed XML, wrong encoding, not BPMN
  | 'BPMN_INVALID' // deploy-time diagnostics with severity error
  | 'EXPRESSION_SYNTAX' // an expression that does not parse
  | 'EXPRESSION_EVAL' // an expression failed at run time (becomes an incident)
  | 'SCRIPT_FAILED' // a script threw, timed out or ran out of memory (becomes an incident)
  | 'NOT_FOUND' // unknown definition, instance, task, job, ...
  | 'INVALID_ARGUMENT' // bad input to a command
  | 'INVALID_STATE' // the command does not fit the current state (task already completed, ...)
  | 'CONFLICT'; // concurrent modification

export class BatonError extends Error {
  readonly code: ErrorCode;
  /** Extra machine-readable detail (diagnostics, positions, ids). */
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'BatonError';
    this.code = code;
    this.details = details;
  }
}

export function isBatonError(error: unknown, code?: ErrorCode): error is BatonError {
  return error instanceof BatonError && (code === undefined || error.code === code);
}
