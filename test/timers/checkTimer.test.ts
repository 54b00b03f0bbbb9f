import { describe, expect, it } from 'vitest';
import { checkTimer } from '../../engine/src/timers/index.ts';
import type { TimerType } from '../../engine/src/timers/index.ts';

describe('checkTimer (deploy time)', () => {
  it.each<[TimerType, string]>([
    ['date', '2026-01-01T09:00:00Z'],
    ['duration', 'PT0S'],
    ['cycle', 'R0/PT1M'],
    ['cycle', '0 0 12 ? * 6L'],
  ])('accepts %s %j', (type, value) => {
    // given a literal value
    // when
    const problem = checkTimer(type, value);
    // then
    expect(problem).toBeNull();
  });

  it.each<[TimerType, string, string]>([
    [
      'date',
      '2026-01-01 09:00',
      'Invalid timeDate "2026-01-01 09:00": not an ISO 8601 date-time (expected e.g. 2026-01-01T09:00:00Z, 2026-01-01T09:00:00+02:00 or 2026-01-01).',
    ],
    ['duration', '-P1D', 'Invalid timeDuration "-P1D": durations must not be negative.'],
    ['cycle', '0 0 12 ? * 9', 'Invalid timeCycle "0 0 12 ? * 9": day of week "9" is out of range 1-7.'],
  ])('returns the sentence for %s %j', (type, value, sentence) => {
    // given a literal value
    // when
    const problem = checkTimer(type, value);
    // then
    expect(problem).toBe(sentence);
  });
});
