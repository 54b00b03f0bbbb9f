/**
 * Entry points for reading timer values: {@link parseTimer} at run time (after expressions are
 * evaluated) and {@link checkTimer} at deploy time (for literal values).
 */
import { BatonError } from '../protocol/errors.ts';
import { parseCycle } from './cycle.ts';
import { TimerSyntaxError, invalidTimer } from './invalid.ts';
import { parseIsoDate } from './isoDate.ts';
import { fixedMs, isCalendar, parseIsoDuration } from './isoDuration.ts';
import type { TimerOptions, TimerSchedule, TimerType } from './types.ts';
import { isValidTimeZone } from './zone.ts';

/**
 * Parses the (already evaluated) value of a `timeDate`, `timeDuration` or `timeCycle`.
 *
 * - `date`: ISO 8601 date-time. Without an offset it is a wall-clock time in `options.timeZone`
 *   (default UTC, not the host's zone, so a definition means the same on every server); a date
 *   alone is midnight at the start of that day.
 * - `duration`: ISO 8601 duration, zero or positive (`PT0S` is due at once, `P1M` is a calendar
 *   month, `PT0.5S` and `P2W` work).
 * - `cycle`: ISO 8601 repeating interval, plain duration (= unbounded `R/duration`) or cron
 *   (5 fields = crontab, 6-7 fields = Quartz); see cycle.ts for the exact rules.
 *
 * Leading and trailing whitespace is ignored, since values often come from expressions.
 *
 * @throws BatonError `INVALID_ARGUMENT` with a sentence naming the element, the value and what is
 *   wrong, e.g. `Invalid timeDuration "PT5X": not an ISO 8601 duration (...).`
 */
export function parseTimer(type: TimerType, value: string, options: TimerOptions = {}): TimerSchedule {
  const timeZone = options.timeZone ?? 'UTC';
  if (!isValidTimeZone(timeZone)) {
    throw new BatonError('INVALID_ARGUMENT', `Unknown time zone "${timeZone}" for timers.`, { timeZone });
  }
  const text = value.trim();
  try {
    if (text === '') throw new TimerSyntaxError('the value is empty');
    switch (type) {
      case 'date':
        return { kind: 'date', at: parseIsoDate(text, timeZone) };
      case 'duration': {
        const duration = parseIsoDuration(text);
        return isCalendar(duration)
          ? { kind: 'duration', iso: text }
          : { kind: 'duration', ms: fixedMs(duration), iso: text };
      }
      case 'cycle':
        return parseCycle(text, timeZone);
    }
  } catch (error) {
    if (error instanceof TimerSyntaxError) throw invalidTimer(type, value, error.message);
    throw error;
  }
}

/**
 * Deploy-time check of a literal timer value: null when it parses, otherwise the sentence
 * {@link parseTimer} would throw. Values containing expressions can only be checked at run time,
 * once evaluated; the caller decides which values are literal.
 */
export function checkTimer(type: TimerType, value: string, options: TimerOptions = {}): string | null {
  try {
    parseTimer(type, value, options);
    return null;
  } catch (error) {
    if (error instanceof BatonError) return error.message;
    throw error;
  }
}
