/**
 * Timer data types. A {@link TimerSchedule} is what a timer event stores in instance state: plain
 * JSON (numbers, strings, null), so it survives serialisation and restarts, and everything else
 * (parsed durations, cron tables) is derived from it again when a due time is needed.
 */

/** Which BPMN timer element the value came from: `timeDate`, `timeDuration` or `timeCycle`. */
export type TimerType = 'date' | 'duration' | 'cycle';

/** A parsed timer, as pure JSON-serialisable data. Times are epoch milliseconds. */
export type TimerSchedule =
  /** `timeDate`: one occurrence at `at`. */
  | { kind: 'date'; at: number }
  /**
   * `timeDuration`: one occurrence this long after activation. `ms` is set when the duration is a
   * fixed length; durations with years or months (`P1M`) have no fixed length and are resolved
   * from `iso` against the activation time.
   */
  | { kind: 'duration'; ms?: number; iso: string }
  /**
   * `timeCycle` as an ISO 8601 repeating interval. `repetitions` is the number of occurrences
   * (null = unbounded, `R/...`). `start` anchors the occurrences at start + k·interval; `end`
   * anchors them at end − k·interval (the last occurrence is at `end`); with neither, the first
   * occurrence is one interval after activation.
   */
  | { kind: 'cycle'; repetitions: number | null; start?: number; end?: number; interval: string }
  /**
   * `timeCycle` as a cron expression: `quartz` (6-7 fields, seconds first, Camunda 7) or `crontab`
   * (5 fields). Evaluated in `timeZone` (IANA name), UTC when absent. Always unbounded:
   * `repetitions` only exists so that `schedule.repetitions` reads the same on every cycle.
   */
  | {
      kind: 'cron';
      expression: string;
      dialect: 'quartz' | 'crontab';
      timeZone?: string;
      repetitions?: null;
    };

/** Options for {@link parseTimer}. */
export interface TimerOptions {
  /**
   * IANA time zone (e.g. `Europe/Berlin`) for date-times written without an offset, date-only
   * values and cron expressions. Default `UTC`, so that a definition means the same on every
   * server regardless of the host's zone.
   */
  timeZone?: string;
}
