/**
 * The one way the parse stage fails: a `BatonError` with code `BPMN_PARSE`, a sentence a modeller
 * understands (with "line N, column M" when known) and machine-readable details.
 */
import { BatonError } from '../../protocol/errors.ts';
import { formatPosition } from './line-index.ts';
import type { Position } from './line-index.ts';
import type { ParseErrorDetails } from './types.ts';

/** A `BPMN_PARSE` error; `position` is appended to the message and copied into the details. */
export function parseFailure(
  reason: ParseErrorDetails['reason'],
  message: string,
  position?: Position,
  extra: Omit<ParseErrorDetails, 'reason' | 'line' | 'column'> = {},
): BatonError {
  const details: ParseErrorDetails = { reason, ...position, ...extra };
  const where = position ? ` (${formatPosition(position)})` : '';
  return new BatonError('BPMN_PARSE', `${message}${where}.`, details);
}
