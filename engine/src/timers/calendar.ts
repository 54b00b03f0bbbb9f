/**
 * Proleptic Gregorian calendar arithmetic on UTC epoch milliseconds. `Date.UTC` maps years 0-99 to
 * 1900-1999, so every construction goes through {@link utcMs}.
 */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Largest |epoch ms| a JavaScript Date can hold. */
export const MAX_EPOCH_MS = 8.64e15;

/** Epoch ms of a UTC calendar time; `month` is 1-12. Out-of-range fields roll over like Date.UTC. */
export function utcMs(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  return date.getTime();
}

/** Days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate();
}

/** Day of week, 0 = Sunday ... 6 = Saturday. */
export function weekday(year: number, month: number, day: number): number {
  return new Date(utcMs(year, month, day)).getUTCDay();
}

/** The UTC calendar fields of an epoch ms value; `month` is 1-12. */
export interface CalendarFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export function fieldsOf(epochMs: number): CalendarFields {
  const date = new Date(epochMs);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
  };
}
