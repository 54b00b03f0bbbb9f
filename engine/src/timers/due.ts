/**
 * Due times of parsed timers. Pure: the caller passes `now`, and nothing here reads the clock or
 * keeps state, so the same schedule (e.g. restored from JSON after a restart) gives the same answer.
 *
 * Late firing (the engine was down, or busy): an occurrence that fires late stands in for every
 * occurrence up to the moment it fires. The next due time is the first point of the schedule
 * strictly after both the previous due time and `now`: missed occurrences are dropped, not fired
 * in a burst, and the schedule keeps its grid instead of drifting to the fire time (unlike
 * Camunda 7, which counts on from the fire time). A cycle's repetition count counts occurrences
 * that fired, so `R3/PT1H` fires three times even after downtime.
 */
import { parseCron } from './cronParse.ts';
import { nextCronTime } from './cronNext.ts';
import { cycleFirstDue, cycleNextDue } from './cycleDue.ts';
import { addDuration, parseIsoDuration } from './isoDuration.ts';
import type { TimerSchedule } from './types.ts';

/**
 * The first due time (epoch ms) of a timer activated at `now`, or null when it never fires.
 *
 * - date: `at`, even when it is in the past: a due time at or before `now` means "fire now".
 * - duration: `now` + the duration (`now` itself for `PT0S`; scheduling it rather than firing
 *   synchronously is up to the engine).
 * - cycle without start or end: one interval after `now`.
 * - cycle with a start or end date: the first occurrence at or after `now`. Occurrences before
 *   `now` are missed (a cycle started in the past joins its grid, it does not catch up), and
 *   they count against `Rn`: null when the last one is already past.
 * - `R0`: null.
 * - cron: the first match strictly after `now` (as Quartz's `getNextValidTimeAfter`).
 */
export function firstDue(schedule: TimerSchedule, now: number): number | null {
  switch (schedule.kind) {
    case 'date':
      return schedule.at;
    case 'duration':
      return schedule.ms !== undefined ? now + schedule.ms : addDuration(now, parseIsoDuration(schedule.iso));
    case 'cycle':
      return cycleFirstDue(schedule, now);
    case 'cron':
      return cronAfter(schedule, now);
  }
}

/**
 * The due time after the occurrence due at `previousDue` fired at `now` (possibly late), or null
 * when there is none: always for date and duration, and for a cycle once `firedCount` (the
 * occurrences fired so far, including this one) reaches its repetitions or its anchored grid ends.
 * See the module comment for the late-firing rule.
 */
export function nextDue(
  schedule: TimerSchedule,
  previousDue: number,
  firedCount: number,
  now: number,
): number | null {
  switch (schedule.kind) {
    case 'date':
    case 'duration':
      return null;
    case 'cycle':
      return cycleNextDue(schedule, previousDue, firedCount, now);
    case 'cron':
      return cronAfter(schedule, Math.max(previousDue, now));
  }
}

function cronAfter(schedule: Extract<TimerSchedule, { kind: 'cron' }>, after: number): number | null {
  return nextCronTime(parseCron(schedule.expression, schedule.dialect), schedule.timeZone ?? 'UTC', after);
}
