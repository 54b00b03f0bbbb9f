/**
 * ISO 8601 durations (`PnYnMnWnDTnHnMnS`): parsing, and adding them to a point in time. Years and
 * months are calendar units whose length depends on where they start; everything from weeks down
 * is a fixed number of milliseconds, because Baton computes in UTC, where every day has 24 hours.
 */
import { DAY, HOUR, MAX_EPOCH_MS, MINUTE, SECOND, daysInMonth, fieldsOf, utcMs } from './calendar.ts';
import { fail } from './invalid.ts';

/** A parsed ISO 8601 duration. Only `seconds`, `minutes` and `hours` may be fractional. */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const DURATION = new RegExp(
  String.raw`^P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?` +
    String.raw`(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
);
const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

/** Whether `text` looks like a duration (rather than a date) inside a repeating interval. */
export function looksLikeDuration(text: string): boolean {
  return /^[-+]?P/.test(text);
}

/** Parses an ISO 8601 duration; zero (`PT0S`) is valid, negative durations are not. */
export function parseIsoDuration(text: string): IsoDuration {
  if (text.startsWith('-')) return fail('durations must not be negative');
  const match = DURATION.exec(text);
  // The regex also accepts "P" and "PT" with no component, and "P1DT": reject those here.
  if (!match || match.slice(1).every((group) => group === undefined) || text.endsWith('T')) {
    return fail('not an ISO 8601 duration (expected e.g. PT5M, P1DT2H, P2W or P1M)');
  }
  const duration: IsoDuration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
  let fractionSeen = false;
  UNITS.forEach((unit, index) => {
    const group = match[index + 1];
    if (group === undefined) return;
    // ISO 8601 allows a decimal fraction on the smallest component only.
    if (fractionSeen) fail('only the last component of a duration may have a fraction');
    const fractional = /[.,]/.test(group);
    if (fractional && index < UNITS.indexOf('hours')) {
      fail(`${unit} must be whole numbers; only hours, minutes and seconds may have a fraction`);
    }
    fractionSeen = fractional;
    duration[unit] = Number(group.replace(',', '.'));
  });
  // Also catches NaN: a duration of 10^8 years is past what a Date can represent.
  if (!(Math.abs(addDuration(0, duration)) <= MAX_EPOCH_MS / 2)) fail('the duration is too long');
  return duration;
}

/** Whether the duration has a calendar part (years, months) and so no fixed length. */
export function isCalendar(duration: IsoDuration): boolean {
  return duration.years > 0 || duration.months > 0;
}

/** The fixed-length part (weeks and smaller) in whole ms. */
export function fixedMs(duration: IsoDuration): number {
  const { weeks, days, hours, minutes, seconds } = duration;
  return Math.round(weeks * 7 * DAY + days * DAY + hours * HOUR + minutes * MINUTE + seconds * SECOND);
}

/** Average length in ms, for estimating how many intervals fit between two times. */
export function approximateMs(duration: IsoDuration): number {
  const months = duration.years * 12 + duration.months;
  return months * 30.436875 * DAY + fixedMs(duration);
}

/**
 * `epochMs` plus `times` × `duration` (`times` may be negative). Calendar months are added first,
 * in one step from `epochMs`, and the day is clamped to the target month (Jan 31 + P1M = Feb 28
 * or 29), as java.time and Camunda do; then the fixed part. Adding `k` months in one step rather
 * than one month `k` times keeps a series anchored at the 31st on the last day of each month.
 */
export function addDuration(epochMs: number, duration: IsoDuration, times = 1): number {
  const fixed = fixedMs(duration) * times;
  const months = (duration.years * 12 + duration.months) * times;
  if (months === 0) return epochMs + fixed;
  const { year, month, day, hour, minute, second, millisecond } = fieldsOf(epochMs);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return utcMs(targetYear, targetMonth, targetDay, hour, minute, second, millisecond) + fixed;
}
