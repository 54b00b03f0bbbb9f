import { isBatonError } from '../../engine/src/protocol/errors.ts';
import type { BatonError } from '../../engine/src/protocol/errors.ts';
import { firstDue, nextDue } from '../../engine/src/timers/index.ts';
import type { TimerSchedule } from '../../engine/src/timers/index.ts';

/** Epoch ms of an ISO string with offset (Date.parse is exact for those). */
export const utc = (iso: string): number => Date.parse(iso);

/** ISO string of a due time, or null; makes failures readable. */
export const show = (time: number | null): string | null =>
  time === null ? null : new Date(time).toISOString();

/** The INVALID_ARGUMENT BatonError `run` throws; fails the test if it throws nothing else. */
export function invalidArgument(run: () => unknown): BatonError {
  try {
    run();
  } catch (error) {
    if (isBatonError(error, 'INVALID_ARGUMENT')) return error;
    throw error;
  }
  throw new Error('expected an INVALID_ARGUMENT BatonError');
}

/** Up to `limit` due times of a schedule activated at `now`, each occurrence fired on time. */
export function occurrences(schedule: TimerSchedule, now: number, limit: number): string[] {
  const times: string[] = [];
  let due = firstDue(schedule, now);
  while (due !== null && times.length < limit) {
    times.push(new Date(due).toISOString());
    due = nextDue(schedule, due, times.length, Math.max(due, now));
  }
  return times;
}
