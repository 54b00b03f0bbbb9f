/**
 * Cron expressions in `timeCycle`: which dialect, and the parsed table. The dialect is told apart
 * by the number of fields: 5 = crontab (minute first), 6 or 7 = Quartz as in Camunda 7 (seconds
 * first, optional year last, weekdays 1-7 from Sunday).
 */
import { BoundedCache } from '../expressions/cache.ts';
import type { DayOfMonth, DayOfWeek, FieldDef } from './cronFields.ts';
import { MONTH_NAMES, WEEKDAY_NAMES, parseDayOfMonth, parseDayOfWeek, parseField } from './cronFields.ts';
import { fail } from './invalid.ts';

export type CronDialect = 'quartz' | 'crontab';

/** A parsed cron expression. Not stored anywhere: derived again from the expression when needed. */
export interface CronSpec {
  seconds: number[];
  minutes: number[];
  hours: number[];
  months: number[];
  /** null = any year (crontab, or Quartz without the year field). */
  years: number[] | null;
  dayOfMonth: DayOfMonth;
  dayOfWeek: DayOfWeek;
  /**
   * How the two day fields combine when both are restricted: crontab fires when either matches
   * (Vixie cron); Quartz refuses that combination at parse time, so it is always `and`.
   */
  days: 'and' | 'or';
}

/** Crontab shorthands, as Vixie cron and Spring (Camunda 8) accept them. */
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const SECONDS: FieldDef = { name: 'second', min: 0, max: 59 };
const MINUTES: FieldDef = { name: 'minute', min: 0, max: 59 };
const HOURS: FieldDef = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldDef = { name: 'day of month', min: 1, max: 31 };
const MONTHS: FieldDef = { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 };
const YEARS: FieldDef = { name: 'year', min: 1970, max: 2199 };
const QUARTZ_WEEKDAYS: FieldDef = { name: 'day of week', min: 1, max: 7, names: WEEKDAY_NAMES, namesFrom: 1 };
const CRONTAB_WEEKDAYS: FieldDef = {
  name: 'day of week',
  min: 0,
  max: 7,
  names: WEEKDAY_NAMES,
  namesFrom: 0,
};

/** The dialect of a cron expression by its field count, or null when it is not cron-shaped. */
export function cronDialect(expression: string): CronDialect | null {
  if (expression.toLowerCase() in MACROS) return 'crontab';
  const count = expression.split(/\s+/).length;
  if (count === 5) return 'crontab';
  if (count === 6 || count === 7) return 'quartz';
  return null;
}

const cache = new BoundedCache<CronSpec>(500);

/** Parses (and caches) a cron expression of the given dialect; throws a TimerSyntaxError. */
export function parseCron(expression: string, dialect: CronDialect): CronSpec {
  const key = `${dialect} ${expression}`;
  let spec = cache.get(key);
  if (!spec) {
    spec = dialect === 'quartz' ? parseQuartz(expression) : parseCrontab(expression);
    cache.set(key, spec);
  }
  return spec;
}

function parseQuartz(expression: string): CronSpec {
  const fields = expression.split(/\s+/);
  if (fields.length < 6 || fields.length > 7) fail('a Quartz cron expression has 6 or 7 fields');
  const [second, minute, hour, dom, month, dow, year] = fields;
  const dayOfMonth = parseDayOfMonth(dom, DAY_OF_MONTH);
  const dayOfWeek = parseDayOfWeek(dow, QUARTZ_WEEKDAYS, (day) => day - 1);
  // Quartz rejects this too. It is more lenient than Quartz in one way: `*` is accepted where
  // Quartz insists on `?`, as Spring (Camunda 8) does, since the meaning is unambiguous.
  if (dayOfMonth.kind !== 'any' && dayOfWeek.kind !== 'any') {
    fail(`Quartz cron cannot restrict both day of month ("${dom}") and day of week ("${dow}"); use ? in one`);
  }
  return {
    seconds: parseField(second, SECONDS),
    minutes: parseField(minute, MINUTES),
    hours: parseField(hour, HOURS),
    months: parseField(month, MONTHS),
    years: year === undefined || year === '*' ? null : parseField(year, YEARS),
    dayOfMonth,
    dayOfWeek,
    days: 'and',
  };
}

function parseCrontab(expression: string): CronSpec {
  const fields = (MACROS[expression.toLowerCase()] ?? expression).split(/\s+/);
  if (fields.length !== 5) fail('a crontab expression has 5 fields');
  const [minute, hour, dom, month, dow] = fields;
  const dayOfMonth = parseDayOfMonth(dom, DAY_OF_MONTH);
  const dayOfWeek = parseDayOfWeek(dow, CRONTAB_WEEKDAYS, (day) => day % 7);
  return {
    seconds: [0],
    minutes: parseField(minute, MINUTES),
    hours: parseField(hour, HOURS),
    months: parseField(month, MONTHS),
    years: null,
    dayOfMonth,
    dayOfWeek,
    days: dayOfMonth.kind !== 'any' && dayOfWeek.kind !== 'any' ? 'or' : 'and',
  };
}
