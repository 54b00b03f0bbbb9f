/**
 * Timers: BPMN `timeDate` / `timeDuration` / `timeCycle` values turned into due times. Pure and
 * clock-free: parse once into a JSON-serialisable {@link TimerSchedule}, store it, and ask
 * {@link firstDue} / {@link nextDue} with the current time.
 */
export type { TimerOptions, TimerSchedule, TimerType } from './types.ts';
export { checkTimer, parseTimer } from './parse.ts';
export { firstDue, nextDue } from './due.ts';
