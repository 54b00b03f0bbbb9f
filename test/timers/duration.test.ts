import { describe, expect, it } from 'vitest';
import { firstDue, nextDue, parseTimer } from '../../engine/src/timers/index.ts';
import { invalidArgument, utc } from './helpers.ts';

const NOW = utc('2026-01-01T09:00:00Z');

describe('timeDuration', () => {
  it.each([
    ['PT5M', 5 * 60_000],
    ['P1DT2H', 26 * 3_600_000],
    ['PT0.5S', 500],
    ['PT0,5S', 500],
    ['PT1.5H', 90 * 60_000],
    ['P2W', 14 * 86_400_000],
    ['P1W2D', 9 * 86_400_000],
    ['PT90M', 90 * 60_000],
  ])('%s is a fixed %d ms after activation', (value, ms) => {
    // given
    const schedule = parseTimer('duration', value);
    // when
    const due = firstDue(schedule, NOW);
    // then
    expect(schedule).toEqual({ kind: 'duration', ms, iso: value });
    expect(due).toBe(NOW + ms);
  });

  it('PT0S is due now (the engine schedules it rather than firing synchronously)', () => {
    // given
    const schedule = parseTimer('duration', 'PT0S');
    // when
    const due = firstDue(schedule, NOW);
    // then
    expect(due).toBe(NOW);
  });

  it.each([
    ['P1M', '2026-01-31T10:00:00Z', '2026-02-28T10:00:00Z'],
    ['P1M', '2028-01-31T10:00:00Z', '2028-02-29T10:00:00Z'],
    ['P1M', '2026-03-15T10:00:00Z', '2026-04-15T10:00:00Z'],
    ['P1Y', '2028-02-29T00:00:00Z', '2029-02-28T00:00:00Z'],
    ['P1MT1H', '2026-01-31T23:30:00Z', '2026-03-01T00:30:00Z'],
    ['P13M', '2026-12-31T00:00:00Z', '2028-01-31T00:00:00Z'],
  ])('%s from %s is a calendar step to %s', (value, start, expected) => {
    // given
    const schedule = parseTimer('duration', value);
    // when
    const due = firstDue(schedule, utc(start));
    // then
    expect(schedule).toEqual({ kind: 'duration', iso: value });
    expect(due).toBe(utc(expected));
  });

  it('fires once', () => {
    // given
    const schedule = parseTimer('duration', 'PT5M');
    // when
    const next = nextDue(schedule, NOW + 300_000, 1, NOW + 300_000);
    // then
    expect(next).toBeNull();
  });

  it.each([
    ['-PT5M', /Invalid timeDuration "-PT5M": durations must not be negative/],
    ['PT-5M', /not an ISO 8601 duration/],
    ['5 minutes', /not an ISO 8601 duration/],
    ['P', /not an ISO 8601 duration/],
    ['PT', /not an ISO 8601 duration/],
    ['P1DT', /not an ISO 8601 duration/],
    ['P1H', /not an ISO 8601 duration/],
    ['pt5m', /not an ISO 8601 duration/],
    ['P0.5M', /months must be whole numbers/],
    ['PT1.5M30S', /only the last component of a duration may have a fraction/],
    ['P99999999999Y', /the duration is too long/],
  ])('rejects %j', (value, message) => {
    // given
    const parse = (): unknown => parseTimer('duration', value);
    // when
    const error = invalidArgument(parse);
    // then
    expect(error.message).toMatch(message);
  });
});
