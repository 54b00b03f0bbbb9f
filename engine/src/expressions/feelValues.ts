/**
 * Turns feelin results into plain JSON-able values, since results become process variables.
 * feelin represents every temporal value as a luxon DateTime or Duration; they are recognised by
 * luxon's own brand properties, so this module needs no direct dependency on luxon.
 */
import { BatonError } from '../protocol/errors.ts';

/** The part of luxon's DateTime this module reads. */
interface LuxonDateTime {
  isLuxonDateTime: true;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offset: number;
  zone: { type: string };
  toISODate(): string;
  toISOTime(options: { suppressMilliseconds: boolean; includeOffset: boolean }): string;
  toISO(options: { suppressMilliseconds: boolean; includeOffset: boolean }): string;
}

/** The part of luxon's Duration this module reads. */
interface LuxonDuration {
  isLuxonDuration: true;
  years: number;
  months: number;
  toISO(): string;
  toMillis(): number;
  negate(): LuxonDuration;
  shiftTo(...units: string[]): LuxonDuration;
}

function isDateTime(value: object): value is LuxonDateTime {
  return (value as Partial<LuxonDateTime>).isLuxonDateTime === true;
}

function isDuration(value: object): value is LuxonDuration {
  return (value as Partial<LuxonDuration>).isLuxonDuration === true;
}

/**
 * feelin has one class for date, time and date-time; it tells them apart the same way: a time sits
 * on 1900-01-01, a date is midnight UTC. Local values (system zone) are written without an offset.
 */
function formatDateTime(value: LuxonDateTime): string {
  const includeOffset = value.zone.type !== 'system';
  if (value.year === 1900 && value.month === 1 && value.day === 1) {
    return value.toISOTime({
      suppressMilliseconds: true,
      includeOffset: includeOffset && value.offset !== 0,
    });
  }
  const midnight = value.hour === 0 && value.minute === 0 && value.second === 0 && value.millisecond === 0;
  if (midnight && value.zone.type === 'fixed' && value.offset === 0) return value.toISODate();
  return value.toISO({ suppressMilliseconds: true, includeOffset });
}

/** `P1Y2M` stays as is; day-time durations are normalised (`PT7200S` -> `PT2H`), negatives as `-P1D`. */
function formatDuration(value: LuxonDuration): string {
  if (value.years !== 0 || value.months !== 0) return value.toISO();
  const negative = value.toMillis() < 0;
  const normalised = (negative ? value.negate() : value).shiftTo(
    'days',
    'hours',
    'minutes',
    'seconds',
    'milliseconds',
  );
  return (negative ? '-' : '') + normalised.toISO();
}

/** Converts a FEEL result to a JSON value; ranges and functions cannot be stored and fail. */
export function toPlainValue(value: unknown, source: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'function') throw notStorable(source, 'a function');
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => toPlainValue(item, source));
  if (isDateTime(value)) return formatDateTime(value);
  if (isDuration(value)) return formatDuration(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    // fromEntries defines own data properties, so a `__proto__` key stays a key.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlainValue(item, source)]));
  }
  if ('start included' in value) throw notStorable(source, 'a range');
  if ('invoke' in value && 'parameterNames' in value) throw notStorable(source, 'a function');
  // A host object the scope handed in and the expression passed through unchanged.
  return value;
}

function notStorable(source: string, what: string): BatonError {
  return new BatonError(
    'EXPRESSION_EVAL',
    `Cannot evaluate FEEL expression '${source}': the result is ${what}`,
  );
}
