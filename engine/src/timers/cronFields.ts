/**
 * Parsing of single cron fields: lists, ranges (wrapping ones like `FRI-MON` too, as Quartz does),
 * steps, month and weekday names, and Quartz's day specials `L`, `W` and `#`.
 */
import { fail } from './invalid.ts';

/** What one cron field accepts. `names[i]` stands for the value `namesFrom + i`. */
export interface FieldDef {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  namesFrom?: number;
}

export const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
];
export const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Day-of-month field. `last` is `L` / `L-3`; `nearestWeekday` is `15W`; `lastWeekday` is `LW`. */
export type DayOfMonth =
  | { kind: 'any' }
  | { kind: 'values'; values: number[] }
  | { kind: 'last'; offset: number }
  | { kind: 'lastWeekday' }
  | { kind: 'nearestWeekday'; day: number };

/** Day-of-week field, weekdays normalised to 0 = Sunday ... 6 = Saturday. `5L` / `5#3` in Quartz. */
export type DayOfWeek =
  | { kind: 'any' }
  | { kind: 'values'; values: number[] }
  | { kind: 'last'; weekday: number }
  | { kind: 'nth'; weekday: number; nth: number };

/** `*` everywhere, and `?` ("no specific value") in the two day fields. */
export function isAny(text: string): boolean {
  return text === '*' || text === '?';
}

/** The sorted values a field allows. */
export function parseField(text: string, def: FieldDef): number[] {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [base, stepText, extra] = part.split('/');
    if (extra !== undefined || base === '') fail(`${def.name} "${part}" is not a valid cron field`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!/^\d*$/.test(stepText ?? '') || !(step > 0))
      fail(`${def.name} step "${stepText}" must be a positive number`);
    const size = def.max - def.min + 1;
    if (step > size)
      fail(`${def.name} step "${stepText}" is larger than the whole range ${def.min}-${def.max}`);
    let from = def.min;
    let to = def.max;
    // `?` is only valid as a whole day field, which the day parsers handle before calling this.
    if (base !== '*') {
      const [first, last, more] = base.split('-');
      if (more !== undefined) fail(`${def.name} range "${base}" has too many parts`);
      from = parseValue(first, def);
      // "5/15" runs from 5 to the end of the range, as in Quartz and Vixie cron.
      to = last !== undefined ? parseValue(last, def) : stepText !== undefined ? def.max : from;
    }
    const span = (to - from + size) % size;
    for (let offset = 0; offset <= span; offset += step) {
      values.add(def.min + ((from - def.min + offset) % size));
    }
  }
  return [...values].sort((a, b) => a - b);
}

/** One number or name of a field. */
export function parseValue(text: string, def: FieldDef): number {
  const index = def.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return index + (def.namesFrom ?? 0);
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(value)) fail(`${def.name} "${text}" is neither a number nor a known name`);
  if (value < def.min || value > def.max) {
    fail(`${def.name} "${text}" is out of range ${def.min}-${def.max}`);
  }
  return value;
}

/** Day-of-month field with Quartz's `L`, `L-n`, `LW` and `nW`, which must stand alone. */
export function parseDayOfMonth(text: string, def: FieldDef): DayOfMonth {
  if (isAny(text)) return { kind: 'any' };
  const upper = text.toUpperCase();
  const last = /^L(?:-(\d+))?$/.exec(upper);
  if (last) {
    const offset = Number(last[1] ?? 0);
    if (offset > 30) fail(`day of month "${text}" goes back more than 30 days`);
    return { kind: 'last', offset };
  }
  if (upper === 'LW') return { kind: 'lastWeekday' };
  const nearest = /^(\d+)W$/.exec(upper);
  if (nearest) return { kind: 'nearestWeekday', day: parseValue(nearest[1], def) };
  if (/[LW]/.test(upper)) {
    fail(`day of month "${text}": L and W must stand alone (e.g. L, L-3, LW or 15W)`);
  }
  return { kind: 'values', values: parseField(text, def) };
}

/**
 * Day-of-week field with Quartz's `L` (Saturday), `5L` (last Friday) and `5#3` (third Friday).
 * `normalise` maps the dialect's numbering to 0 = Sunday.
 */
export function parseDayOfWeek(text: string, def: FieldDef, normalise: (day: number) => number): DayOfWeek {
  if (isAny(text)) return { kind: 'any' };
  const upper = text.toUpperCase();
  if (upper === 'L') return { kind: 'values', values: [6] };
  const last = /^(\w+)L$/.exec(upper);
  if (last) return { kind: 'last', weekday: normalise(parseValue(last[1], def)) };
  const nth = /^(\w+)#(\d+)$/.exec(upper);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1 || n > 5) fail(`day of week "${text}": the week after # must be 1-5`);
    return { kind: 'nth', weekday: normalise(parseValue(nth[1], def)), nth: n };
  }
  if (/[L#]/.test(upper)) fail(`day of week "${text}": L and # must stand alone (e.g. 6L or 6#3)`);
  const values = new Set(parseField(text, def).map(normalise));
  return { kind: 'values', values: [...values].sort((a, b) => a - b) };
}
