/**
 * Due times of ISO repeating intervals. Occurrences lie on a grid `anchor + i × interval`:
 * - start-anchored: i = 0 ... n−1 from the start date;
 * - end-anchored: i = −(n−1) ... 0 from the end date;
 * - unanchored: i = 1, 2, ... from activation, and for later occurrences from the previous due
 *   time (so a P1M cycle started on Jan 31 drifts to the 28th after February; anchor it with a
 *   start date to keep month ends).
 */
import type { TimerSchedule } from './types.ts';
import type { IsoDuration } from './isoDuration.ts';
import { addDuration, approximateMs, parseIsoDuration } from './isoDuration.ts';

type Cycle = Extract<TimerSchedule, { kind: 'cycle' }>;

/** The first occurrence at or after `now`; occurrences of an anchored cycle before `now` are missed. */
export function cycleFirstDue(cycle: Cycle, now: number): number | null {
  if (cycle.repetitions === 0) return null;
  const interval = parseIsoDuration(cycle.interval);
  if (cycle.start === undefined && cycle.end === undefined) return addDuration(now, interval);
  return anchoredSlot(cycle, interval, now, false);
}

/**
 * The first occurrence strictly after both `previousDue` and `now`, or null once `firedCount`
 * occurrences have fired or the anchored grid has run out.
 */
export function cycleNextDue(
  cycle: Cycle,
  previousDue: number,
  firedCount: number,
  now: number,
): number | null {
  if (cycle.repetitions !== null && firedCount >= cycle.repetitions) return null;
  const interval = parseIsoDuration(cycle.interval);
  const after = Math.max(previousDue, now);
  if (cycle.start === undefined && cycle.end === undefined) {
    return firstSlot(previousDue, interval, 1, Infinity, after, true);
  }
  return anchoredSlot(cycle, interval, after, true);
}

function anchoredSlot(
  cycle: Cycle,
  interval: IsoDuration,
  threshold: number,
  strict: boolean,
): number | null {
  const last = cycle.repetitions === null ? Infinity : cycle.repetitions - 1;
  if (cycle.start !== undefined) return firstSlot(cycle.start, interval, 0, last, threshold, strict);
  return firstSlot(cycle.end ?? 0, interval, -last, 0, threshold, strict);
}

/**
 * The earliest `anchor + i × interval` with i in [lo, hi] that is at or after `threshold`
 * (strictly after when `strict`), or null. Starts from an estimate of i and corrects it step by
 * step, so that an hourly grid anchored years ago costs a few steps, not one per hour.
 */
function firstSlot(
  anchor: number,
  interval: IsoDuration,
  lo: number,
  hi: number,
  threshold: number,
  strict: boolean,
): number | null {
  const at = (i: number): number => addDuration(anchor, interval, i);
  const reached = (i: number): boolean => (strict ? at(i) > threshold : at(i) >= threshold);
  let i = Math.min(hi, Math.max(lo, Math.floor((threshold - anchor) / approximateMs(interval))));
  while (i > lo && reached(i - 1)) i--;
  while (!reached(i)) {
    if (i >= hi) return null;
    i++;
  }
  return at(i);
}
