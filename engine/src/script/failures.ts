/**
 * The SCRIPT_FAILED errors a run can end with. Messages name the element, because they become
 * incident messages that an operator reads next to the diagram.
 */
import { BatonError } from '../protocol/errors.ts';

/** The file name compiled scripts carry in QuickJS stack traces. */
export const SCRIPT_FILE = 'baton-script';

/** Why a run failed; `crash` means the sandbox itself broke and was replaced. */
export type ScriptFailureReason = 'error' | 'timeout' | 'memory' | 'crash' | 'bpmnError';

/** Machine-readable details of a SCRIPT_FAILED error thrown by the script runner. */
export interface ScriptFailureDetails {
  definitionId: string;
  elementId: string;
  reason: ScriptFailureReason;
  /** Line in the script where the error was thrown, when QuickJS reports one. */
  line?: number;
  /** `throw new BpmnError(code, message)`: routed to error catchers, not an incident. */
  errorCode?: string;
  errorMessage?: string;
}

/** Where a failing run happened. */
export interface ScriptSite {
  definitionId: string;
  elementId: string;
}

export function scriptTimedOut(site: ScriptSite, timeLimitMs: number): BatonError {
  return failure(site, 'timeout', `exceeded its time limit of ${timeLimitMs} ms`);
}

export function scriptOutOfMemory(site: ScriptSite, memoryLimitBytes: number): BatonError {
  return failure(site, 'memory', `exceeded its memory limit of ${formatBytes(memoryLimitBytes)}`);
}

export function scriptThrew(site: ScriptSite, description: string, line?: number): BatonError {
  const where = line === undefined ? '' : ` (line ${line})`;
  return failure(site, 'error', `failed: ${description}${where}`, line);
}

export function scriptThrewBpmnError(site: ScriptSite, errorCode: string, errorMessage: string): BatonError {
  const details: ScriptFailureDetails = { ...site, reason: 'bpmnError', errorCode, errorMessage };
  return new BatonError(
    'SCRIPT_FAILED',
    `Script of element '${site.elementId}' threw BPMN error '${errorCode}': ${errorMessage}`,
    details,
  );
}

export function sandboxCrashed(site: ScriptSite, cause: unknown): BatonError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return failure(site, 'crash', `crashed the script sandbox (${why}); the sandbox was replaced`);
}

function failure(site: ScriptSite, reason: ScriptFailureReason, text: string, line?: number): BatonError {
  const details: ScriptFailureDetails = { ...site, reason, ...(line === undefined ? {} : { line }) };
  return new BatonError('SCRIPT_FAILED', `Script of element '${site.elementId}' ${text}`, details);
}

function formatBytes(bytes: number): string {
  const MiB = 1024 * 1024;
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * Describes a thrown value as `Name: message` (or its JSON/string form for non-errors), given
 * QuickJS's dump of it. Returns the line of the topmost stack frame in the script, if any.
 */
export function describeThrown(dumped: unknown): { description: string; line?: number } {
  if (typeof dumped === 'object' && dumped !== null && 'message' in dumped) {
    const { name, message, stack } = dumped as { name?: unknown; message?: unknown; stack?: unknown };
    const description = truncate(`${typeof name === 'string' ? name : 'Error'}: ${String(message)}`);
    const frame = typeof stack === 'string' ? STACK_FRAME.exec(stack) : null;
    return frame ? { description, line: Number(frame[1]) } : { description };
  }
  const text = typeof dumped === 'string' ? dumped : JSON.stringify(dumped);
  return { description: truncate(text || String(dumped) || 'an indescribable value') };
}

/** The topmost frame in a script, e.g. `at f (baton-script:3:10)`. */
const STACK_FRAME = new RegExp(`\\(${SCRIPT_FILE}:(\\d+)`);

function truncate(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
