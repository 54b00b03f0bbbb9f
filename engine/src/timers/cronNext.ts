/**
 * The next time a cron table matches. The search runs on wall-clock time in the schedule's zone
 * (see zone.ts), field by field from the year down, jumping straight to the next allowed value of
 * each field, so even sparse tables (`0 0 12 29 2 ?`) need only a few hundred steps.
 */
import { SECOND, daysInMonth, fieldsOf, utcMs, weekday } from './calendar.ts';
import type { CronSpec } from './cronParse.ts';
import { fromWall, toWall } from './zone.ts';

/** Quartz's last year; also where a crontab search for an impossible date (`0 0 31 2 *`) gives up. */
const LAST_YEAR = 2199;
/** Guards the loops; far above what any real table needs. */
const MAX_STEPS = 100_000;

/** The first instant strictly after `after` (epoch ms) that `spec` matches in `timeZone`, or null. */
export function nextCronTime(spec: CronSpec, timeZone: string, after: number): number | null {
  // Cron has whole-second resolution: start at the next whole second.
  let candidate = toWall(timeZone, Math.floor(after / SECOND) * SECOND + SECOND);
  for (let step = 0; step < MAX_STEPS; step++) {
    const wall = nextWallMatch(spec, candidate);
    if (wall === null) return null;
    const instant = fromWall(timeZone, wall);
    // A wall time in the hour repeated when clocks go back resolves to its earlier instant, which
    // may lie before `after`: those matches were already served, so move on.
    if (instant > after) return instant;
    candidate = wall + SECOND;
  }
  return null;
}

/** The first wall-clock time at or after `from` that matches `spec`, or null. */
function nextWallMatch(spec: CronSpec, from: number): number | null {
  let t = from;
  for (let step = 0; step < MAX_STEPS; step++) {
    const { year, month, day, hour, minute, second } = fieldsOf(t);
    if (year > LAST_YEAR) return null;
    if (spec.years && !spec.years.includes(year)) {
      const nextYear = nextOf(spec.years, year);
      if (nextYear === undefined) return null;
      t = utcMs(nextYear, 1, 1);
    } else if (!spec.months.includes(month)) {
      const nextMonth = nextOf(spec.months, month);
      t = nextMonth === undefined ? utcMs(year + 1, 1, 1) : utcMs(year, nextMonth, 1);
    } else if (!dayMatches(spec, year, month, day)) {
      t = utcMs(year, month, day + 1);
    } else if (!spec.hours.includes(hour)) {
      const nextHour = nextOf(spec.hours, hour);
      t = nextHour === undefined ? utcMs(year, month, day + 1) : utcMs(year, month, day, nextHour);
    } else if (!spec.minutes.includes(minute)) {
      const nextMinute = nextOf(spec.minutes, minute);
      t = utcMs(year, month, day, hour + (nextMinute === undefined ? 1 : 0), nextMinute ?? 0);
    } else if (!spec.seconds.includes(second)) {
      const nextSecond = nextOf(spec.seconds, second);
      t = utcMs(year, month, day, hour, minute + (nextSecond === undefined ? 1 : 0), nextSecond ?? 0);
    } else {
      return t;
    }
  }
  return null;
}

/** The first value of the sorted `values` greater than `current`. */
function nextOf(values: number[], current: number): number | undefined {
  return values.find((value) => value > current);
}

function dayMatches(spec: CronSpec, year: number, month: number, day: number): boolean {
  const { dayOfMonth, dayOfWeek } = spec;
  if (dayOfMonth.kind === 'any') return dayOfWeekMatches(spec, year, month, day);
  if (dayOfWeek.kind === 'any') return dayOfMonthMatches(spec, year, month, day);
  const both = [dayOfMonthMatches(spec, year, month, day), dayOfWeekMatches(spec, year, month, day)];
  return spec.days === 'or' ? both[0] || both[1] : both[0] && both[1];
}

function dayOfMonthMatches({ dayOfMonth }: CronSpec, year: number, month: number, day: number): boolean {
  const last = daysInMonth(year, month);
  switch (dayOfMonth.kind) {
    case 'any':
      return true;
    case 'values':
      return dayOfMonth.values.includes(day);
    case 'last':
      return day === last - dayOfMonth.offset;
    case 'lastWeekday':
      return day === nearestWeekday(year, month, last);
    case 'nearestWeekday':
      // Quartz: no match in a month that does not have that day (31W in April).
      return dayOfMonth.day <= last && day === nearestWeekday(year, month, dayOfMonth.day);
  }
}

/** Quartz `W`: the weekday nearest to `day`, without leaving the month (1W on a Saturday = the 3rd). */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const dow = weekday(year, month, day);
  if (dow === 6) return day === 1 ? day + 2 : day - 1;
  if (dow === 0) return day === last ? day - 2 : day + 1;
  return day;
}

function dayOfWeekMatches({ dayOfWeek }: CronSpec, year: number, month: number, day: number): boolean {
  const dow = weekday(year, month, day);
  switch (dayOfWeek.kind) {
    case 'any':
      return true;
    case 'values':
      return dayOfWeek.values.includes(dow);
    case 'last':
      return dow === dayOfWeek.weekday && day + 7 > daysInMonth(year, month);
    case 'nth':
      return dow === dayOfWeek.weekday && Math.ceil(day / 7) === dayOfWeek.nth;
  }
}
