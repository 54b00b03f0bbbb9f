/**
 * Time-zone conversion through the runtime's `Intl` (full ICU in Node 20), so Baton needs no
 * time-zone library. Times in a zone are handled as "wall-clock ms": the epoch ms the same
 * calendar fields would have in UTC, which lets the calendar code work in UTC only.
 */
import { DAY, utcMs } from './calendar.ts';

const UTC = 'UTC';
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    // h23, because the default hour12:false can print midnight as "24" on some ICU versions.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Whether `timeZone` is a zone name the runtime knows (IANA names, `UTC`, fixed offsets). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at the instant `epochMs`, in ms (positive east of Greenwich). */
export function offsetAt(timeZone: string, epochMs: number): number {
  if (timeZone === UTC) return 0;
  const whole = Math.floor(epochMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(whole)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = utcMs(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second);
  return wall - whole;
}

/** Wall-clock ms in `timeZone` of the instant `epochMs`. */
export function toWall(timeZone: string, epochMs: number): number {
  return epochMs + offsetAt(timeZone, epochMs);
}

/**
 * The instant at which the clocks in `timeZone` show `wallMs`. Resolved like Temporal's
 * `compatible` disambiguation (and java.time): a time that occurs twice (clocks turned back) takes
 * the earlier instant; a time that does not exist (clocks turned forward) is moved forward by the
 * length of the gap, so 02:30 on a spring-forward night becomes 03:30.
 */
export function fromWall(timeZone: string, wallMs: number): number {
  if (timeZone === UTC) return wallMs;
  // Zones change offset at most once within a day, so the offsets a day either side are the only
  // candidates.
  const before = offsetAt(timeZone, wallMs - DAY);
  const after = offsetAt(timeZone, wallMs + DAY);
  const valid = [before, after].filter((offset) => offsetAt(timeZone, wallMs - offset) === offset);
  if (valid.length > 0) return wallMs - Math.max(...valid);
  return wallMs - before;
}
