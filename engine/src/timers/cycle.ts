/**
 * `timeCycle` values: ISO 8601 repeating intervals, plain durations, and cron expressions.
 *
 * Repeating intervals (`R[n]/...`):
 * - `R3/PT10M`: 3 occurrences 10 minutes apart, the first 10 minutes after activation.
 * - `R5/2026-01-01T09:00:00Z/P1D`: anchored at the start: occurrences at start, start + P1D, ...
 * - `R2/P1D/2026-02-01T00:00:00Z`: anchored at the end: the last occurrence is at the end date,
 *   the one before it a day earlier (the same grid as Camunda 7, which also counts back from the
 *   end; Baton adds the count limit, so these are the n intervals that end at the end date).
 * - `R/2026-01-01T00:00:00Z/2026-01-02T00:00:00Z`: start and end give the interval's length
 *   (as in ISO 8601 and Camunda 7; the end is not a bound).
 * - `R` without a number is unbounded; `R0` never fires.
 *
 * A plain duration (`PT1M`) means `R/PT1M`, every minute without end. Camunda 7 and 8 reject it
 * (they read it as a broken cron expression), but a cycle that repeats is the only reading that
 * fits the element's name; models that must also run on Camunda should write `R/PT1M`.
 */
import type { TimerSchedule } from './types.ts';
import { cronDialect, parseCron } from './cronParse.ts';
import { fail } from './invalid.ts';
import { looksLikeDate, parseIsoDate } from './isoDate.ts';
import type { IsoDuration } from './isoDuration.ts';
import { approximateMs, looksLikeDuration, parseIsoDuration } from './isoDuration.ts';

type CycleSchedule = Extract<TimerSchedule, { kind: 'cycle' | 'cron' }>;

/** Parses a `timeCycle` value; throws a TimerSyntaxError. */
export function parseCycle(value: string, timeZone: string): CycleSchedule {
  if (/^R/i.test(value)) return parseRepeating(value, timeZone);
  if (looksLikeDuration(value)) {
    checkInterval(parseIsoDuration(value));
    return { kind: 'cycle', repetitions: null, interval: value };
  }
  const dialect = cronDialect(value);
  if (dialect === null) {
    return fail(
      'neither an ISO 8601 repeating interval (e.g. R3/PT10M, R/P1D) nor a cron expression ' +
        '(5 crontab fields, or 6-7 Quartz fields with seconds first)',
    );
  }
  parseCron(value, dialect);
  return timeZone === 'UTC'
    ? { kind: 'cron', expression: value, dialect }
    : { kind: 'cron', expression: value, dialect, timeZone };
}

function parseRepeating(value: string, timeZone: string): CycleSchedule {
  const parts = value.split('/');
  const count = /^R(\d*)$/.exec(parts[0]);
  if (!count) return fail('the repetition must be R, or R followed by a number (e.g. R3/PT10M)');
  const repetitions = count[1] === '' ? null : Number(count[1]);
  if (repetitions !== null && !Number.isSafeInteger(repetitions)) fail('the repetition count is too large');
  if (parts.length < 2 || parts.length > 3) {
    fail('a repeating interval is R[n]/duration, R[n]/start/duration, R[n]/duration/end or R[n]/start/end');
  }
  const [first, second] = parts.slice(1);
  if (second === undefined) {
    if (!looksLikeDuration(first)) fail(`"${first}" is not a duration; a lone part after R must be one`);
    checkInterval(parseIsoDuration(first));
    return { kind: 'cycle', repetitions, interval: first };
  }
  if (looksLikeDuration(first)) {
    if (!looksLikeDate(second)) fail(`"${second}" after the duration must be an end date`);
    checkInterval(parseIsoDuration(first));
    return { kind: 'cycle', repetitions, end: parseIsoDate(second, timeZone), interval: first };
  }
  if (!looksLikeDate(first)) fail(`"${first}" must be a start date or a duration`);
  const start = parseIsoDate(first, timeZone);
  if (looksLikeDuration(second)) {
    checkInterval(parseIsoDuration(second));
    return { kind: 'cycle', repetitions, start, interval: second };
  }
  const end = parseIsoDate(second, timeZone);
  if (end <= start) fail('the end date must be after the start date');
  // Kept as an ISO duration so that every cycle has the same shape.
  return { kind: 'cycle', repetitions, start, interval: `PT${(end - start) / 1000}S` };
}

/** A zero interval would make every occurrence due at once. */
function checkInterval(interval: IsoDuration): void {
  if (approximateMs(interval) <= 0) fail('the interval of a cycle must be longer than zero');
}
