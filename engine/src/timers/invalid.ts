import { BatonError } from '../protocol/errors.ts';
import type { TimerType } from './types.ts';

/** The BPMN element name, because that is what a modeler user sees and searches for. */
const ELEMENT: Record<TimerType, string> = {
  date: 'timeDate',
  duration: 'timeDuration',
  cycle: 'timeCycle',
};

/**
 * A reason why a timer value is wrong, thrown by the inner parsers. They do not know the timer
 * type or the full value (a cycle's start date is only part of it), so {@link parseTimer} turns
 * this into the user-facing {@link BatonError} with the whole sentence.
 */
export class TimerSyntaxError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TimerSyntaxError';
  }
}

/** Throws a {@link TimerSyntaxError}; an expression, so parsers can write `?? fail('...')`. */
export function fail(reason: string): never {
  throw new TimerSyntaxError(reason);
}

/** The user-facing error: names the element, quotes the value, and says what is wrong. */
export function invalidTimer(type: TimerType, value: string, reason: string): BatonError {
  return new BatonError('INVALID_ARGUMENT', `Invalid ${ELEMENT[type]} "${value}": ${reason}.`, {
    type,
    value,
  });
}
