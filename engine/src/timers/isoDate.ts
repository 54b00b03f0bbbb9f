/**
 * ISO 8601 calendar date-times in extended format, as BPMN `timeDate` values and cycle start/end
 * dates use them: `2026-01-01T09:00:00Z`, `2026-01-01T09:00:00.5+02:00`, `2026-01-01T09:00`,
 * `2026-01-01`. Parsed by hand rather than with `Date.parse`, which accepts many non-ISO forms and
 * reads zone-less date-times in the host's zone.
 */
import { HOUR, MINUTE, daysInMonth, utcMs } from './calendar.ts';
import { fail } from './invalid.ts';
import { fromWall } from './zone.ts';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Whether `text` looks like a date (rather than a duration) inside a repeating interval. */
export function looksLikeDate(text: string): boolean {
  return /^\d{4}-/.test(text);
}

/**
 * Epoch ms of an ISO 8601 date-time. Without an offset the value is a wall-clock time in
 * `timeZone`; a date alone means midnight at the start of that day in `timeZone`.
 */
export function parseIsoDate(text: string, timeZone: string): number {
  const match = DATE_TIME.exec(text);
  if (!match) {
    return fail(
      'not an ISO 8601 date-time (expected e.g. 2026-01-01T09:00:00Z, 2026-01-01T09:00:00+02:00 or 2026-01-01)',
    );
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (month < 1 || month > 12) fail(`month ${mo} does not exist`);
  if (day < 1 || day > daysInMonth(year, month)) fail(`day ${d} does not exist in ${y}-${mo}`);
  // 24:00 and leap second 60 are legal ISO but rare and ambiguous in most engines: reject them.
  if (hour > 23 || minute > 59 || second > 59) fail(`time ${h}:${mi}:${s} is out of range`);
  const millisecond = Number(fraction.padEnd(3, '0').slice(0, 3));
  const wall = utcMs(year, month, day, hour, minute, second, millisecond);
  if (zone === undefined) return fromWall(timeZone, wall);
  return wall - zoneOffset(zone);
}

/** Offset in ms of `Z`, `±HH`, `±HHMM` or `±HH:MM`. */
function zoneOffset(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) fail(`offset ${zone} is out of range`);
  return (zone[0] === '-' ? -1 : 1) * (hours * HOUR + minutes * MINUTE);
}
