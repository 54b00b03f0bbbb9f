import { describe, expect, it } from 'vitest';
import { firstDue, parseTimer } from '../../engine/src/timers/index.ts';
import { invalidArgument, occurrences, show, utc } from './helpers.ts';

const NOW = utc('2026-01-01T08:00:00Z');

describe('timeCycle as ISO 8601 repeating interval', () => {
  it('R3/PT10M fires three times, 10 minutes apart, the first 10 minutes after activation', () => {
    // given
    const schedule = parseTimer('cycle', 'R3/PT10M');
    // when
    const times = occurrences(schedule, NOW, 10);
    // then
    expect(schedule).toEqual({ kind: 'cycle', repetitions: 3, interval: 'PT10M' });
    expect(times).toEqual([
      '2026-01-01T08:10:00.000Z',
      '2026-01-01T08:20:00.000Z',
      '2026-01-01T08:30:00.000Z',
    ]);
  });

  it('R/PT1H repeats without end', () => {
    // given
    const schedule = parseTimer('cycle', 'R/PT1H');
    // when
    const times = occurrences(schedule, NOW, 50);
    // then
    expect(schedule).toEqual({ kind: 'cycle', repetitions: null, interval: 'PT1H' });
    expect(times).toHaveLength(50);
    expect(times[49]).toBe('2026-01-03T10:00:00.000Z');
  });

  it('R5/start/P1D fires at the start date, then daily, five times in all', () => {
    // given
    const schedule = parseTimer('cycle', 'R5/2026-01-01T09:00:00Z/P1D');
    // when
    const times = occurrences(schedule, NOW, 10);
    // then
    expect(schedule).toEqual({
      kind: 'cycle',
      repetitions: 5,
      start: utc('2026-01-01T09:00:00Z'),
      interval: 'P1D',
    });
    expect(times).toEqual([
      '2026-01-01T09:00:00.000Z',
      '2026-01-02T09:00:00.000Z',
      '2026-01-03T09:00:00.000Z',
      '2026-01-04T09:00:00.000Z',
      '2026-01-05T09:00:00.000Z',
    ]);
  });

  it('a start date in the past joins the grid at the first occurrence at or after now', () => {
    // given
    const schedule = parseTimer('cycle', 'R5/2026-01-01T09:00:00Z/P1D');
    // when
    const onTheDot = firstDue(schedule, utc('2026-01-03T09:00:00Z'));
    const between = firstDue(schedule, utc('2026-01-03T09:00:01Z'));
    // then
    expect(show(onTheDot)).toBe('2026-01-03T09:00:00.000Z');
    expect(show(between)).toBe('2026-01-04T09:00:00.000Z');
  });

  it('missed occurrences of a start-anchored cycle count: none left once the last is past', () => {
    // given
    const schedule = parseTimer('cycle', 'R5/2026-01-01T09:00:00Z/P1D');
    // when
    const remaining = occurrences(schedule, utc('2026-01-04T12:00:00Z'), 10);
    const due = firstDue(schedule, utc('2026-01-05T09:00:00.001Z'));
    // then
    expect(remaining).toEqual(['2026-01-05T09:00:00.000Z']);
    expect(due).toBeNull();
  });

  it('an unbounded cycle started long ago finds its next occurrence without walking the grid', () => {
    // given
    const schedule = parseTimer('cycle', 'R/2000-01-01T00:00:00Z/PT1S');
    // when
    const due = firstDue(schedule, utc('2026-01-01T08:00:00.500Z'));
    // then
    expect(show(due)).toBe('2026-01-01T08:00:01.000Z');
  });

  it('R2/P1D/end fires on the two days that end at the end date', () => {
    // given
    const schedule = parseTimer('cycle', 'R2/P1D/2026-02-01T00:00:00Z');
    // when
    const times = occurrences(schedule, NOW, 10);
    // then
    expect(schedule).toEqual({
      kind: 'cycle',
      repetitions: 2,
      end: utc('2026-02-01T00:00:00Z'),
      interval: 'P1D',
    });
    expect(times).toEqual(['2026-01-31T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
  });

  it('R/PT1H/end fires hourly on the grid that ends at the end date, then stops', () => {
    // given
    const schedule = parseTimer('cycle', 'R/PT1H/2026-01-01T12:00:00Z');
    // when
    const times = occurrences(schedule, utc('2026-01-01T09:30:00Z'), 10);
    // then
    expect(times).toEqual([
      '2026-01-01T10:00:00.000Z',
      '2026-01-01T11:00:00.000Z',
      '2026-01-01T12:00:00.000Z',
    ]);
  });

  it('an end date in the past never fires', () => {
    // given
    const schedule = parseTimer('cycle', 'R/PT1H/2025-01-01T00:00:00Z');
    // when
    const due = firstDue(schedule, NOW);
    // then
    expect(due).toBeNull();
  });

  it('R/start/end repeats the interval between the two dates', () => {
    // given
    const schedule = parseTimer('cycle', 'R3/2026-01-01T09:00:00Z/2026-01-01T09:30:00Z');
    // when
    const times = occurrences(schedule, NOW, 10);
    // then
    expect(schedule).toEqual({
      kind: 'cycle',
      repetitions: 3,
      start: utc('2026-01-01T09:00:00Z'),
      interval: 'PT1800S',
    });
    expect(times).toEqual([
      '2026-01-01T09:00:00.000Z',
      '2026-01-01T09:30:00.000Z',
      '2026-01-01T10:00:00.000Z',
    ]);
  });

  it('R0 never fires', () => {
    // given
    const schedule = parseTimer('cycle', 'R0/PT1M');
    // when
    const due = firstDue(schedule, NOW);
    // then
    expect(due).toBeNull();
  });

  it('a plain duration is an unbounded cycle (R/PT1M)', () => {
    // given
    const schedule = parseTimer('cycle', 'PT1M');
    // when
    const times = occurrences(schedule, NOW, 3);
    // then
    expect(schedule).toEqual({ kind: 'cycle', repetitions: null, interval: 'PT1M' });
    expect(times).toEqual([
      '2026-01-01T08:01:00.000Z',
      '2026-01-01T08:02:00.000Z',
      '2026-01-01T08:03:00.000Z',
    ]);
  });

  it('a monthly cycle anchored on the 31st stays on the last day of each month', () => {
    // given
    const schedule = parseTimer('cycle', 'R4/2026-01-31T12:00:00Z/P1M');
    // when
    const times = occurrences(schedule, NOW, 10);
    // then
    expect(times).toEqual([
      '2026-01-31T12:00:00.000Z',
      '2026-02-28T12:00:00.000Z',
      '2026-03-31T12:00:00.000Z',
      '2026-04-30T12:00:00.000Z',
    ]);
  });

  it('start and end dates follow the timeDate rules (no offset = UTC, date alone = midnight)', () => {
    // given
    const value = 'R2/2026-01-02/PT12H';
    // when
    const times = occurrences(parseTimer('cycle', value), NOW, 10);
    // then
    expect(times).toEqual(['2026-01-02T00:00:00.000Z', '2026-01-02T12:00:00.000Z']);
  });

  it.each([
    ['R3', /a repeating interval is R\[n\]\/duration/],
    ['Rx/PT1M', /the repetition must be R, or R followed by a number/],
    ['R-1/PT1M', /the repetition must be R/],
    ['R3/PT0S', /the interval of a cycle must be longer than zero/],
    ['PT0S', /the interval of a cycle must be longer than zero/],
    ['R3/PT5X', /not an ISO 8601 duration/],
    ['R3/-PT5M', /durations must not be negative/],
    ['R3/2026-01-01T09:00:00Z', /is not a duration/],
    ['R3/2026-02-01T00:00:00Z/2026-01-01T00:00:00Z', /the end date must be after the start date/],
    ['R3/P1D/P1D', /must be an end date/],
    ['R3/PT1M/2026-01-01/PT1M', /a repeating interval is/],
    ['R99999999999999999999/PT1M', /the repetition count is too large/],
    ['every hour', /neither an ISO 8601 repeating interval .* nor a cron expression/],
  ])('rejects %j', (value, message) => {
    // given
    const parse = (): unknown => parseTimer('cycle', value);
    // when
    const error = invalidArgument(parse);
    // then
    expect(error.message).toMatch(`Invalid timeCycle "${value}": `);
    expect(error.message).toMatch(message);
  });
});
