import { describe, expect, it } from 'vitest';
import { nextDue, parseTimer } from '../../engine/src/timers/index.ts';
import { show, utc } from './helpers.ts';

describe('nextDue after late firing', () => {
  it('a cycle fired on time continues one interval after its due time, not after the fire time', () => {
    // given
    const schedule = parseTimer('cycle', 'R/PT1H');
    const previousDue = utc('2026-01-01T09:00:00Z');
    // when: the engine got to it 5 seconds late
    const next = nextDue(schedule, previousDue, 1, utc('2026-01-01T09:00:05Z'));
    // then: no drift
    expect(show(next)).toBe('2026-01-01T10:00:00.000Z');
  });

  it('after downtime the missed occurrences are dropped: next is the first grid point after now', () => {
    // given
    const schedule = parseTimer('cycle', 'R/PT1H');
    const previousDue = utc('2026-01-01T09:00:00Z');
    // when: fired three and a half hours late
    const next = nextDue(schedule, previousDue, 1, utc('2026-01-01T12:30:00Z'));
    // then: not 10:00, 11:00, 12:00 in a burst
    expect(show(next)).toBe('2026-01-01T13:00:00.000Z');
  });

  it('an occurrence fired exactly one interval late stands in for the one due at that moment', () => {
    // given
    const schedule = parseTimer('cycle', 'R/PT1H');
    // when
    const next = nextDue(schedule, utc('2026-01-01T09:00:00Z'), 1, utc('2026-01-01T10:00:00Z'));
    // then
    expect(show(next)).toBe('2026-01-01T11:00:00.000Z');
  });

  it('a bounded cycle counts the occurrences that fired, not the ones missed', () => {
    // given
    const schedule = parseTimer('cycle', 'R3/PT10M');
    const previousDue = utc('2026-01-01T08:10:00Z');
    // when: the first fired a day late
    const second = nextDue(schedule, previousDue, 1, utc('2026-01-02T08:15:00Z'));
    const third = nextDue(schedule, second ?? 0, 2, second ?? 0);
    const fourth = nextDue(schedule, third ?? 0, 3, third ?? 0);
    // then
    expect(show(second)).toBe('2026-01-02T08:20:00.000Z');
    expect(show(third)).toBe('2026-01-02T08:30:00.000Z');
    expect(fourth).toBeNull();
  });

  it('an anchored cycle skips to the next occurrence of its grid and ends with its last one', () => {
    // given
    const schedule = parseTimer('cycle', 'R5/2026-01-01T09:00:00Z/P1D');
    // when: the first fired on the evening of the third day
    const next = nextDue(schedule, utc('2026-01-01T09:00:00Z'), 1, utc('2026-01-03T20:00:00Z'));
    const afterLast = nextDue(schedule, utc('2026-01-05T09:00:00Z'), 2, utc('2026-01-05T09:00:00Z'));
    // then
    expect(show(next)).toBe('2026-01-04T09:00:00.000Z');
    expect(afterLast).toBeNull();
  });

  it('a monthly cycle without anchor steps from its due time', () => {
    // given
    const schedule = parseTimer('cycle', 'R/P1M');
    // when: due on Jan 31, fired in mid-March
    const next = nextDue(schedule, utc('2026-01-31T12:00:00Z'), 1, utc('2026-03-15T00:00:00Z'));
    // then: Jan 31 + 2 months, clamped to the 31st of March
    expect(show(next)).toBe('2026-03-31T12:00:00.000Z');
  });

  it('a cron cycle continues with the first match after now', () => {
    // given
    const schedule = parseTimer('cycle', '0 0 9 * * ?');
    // when: the 09:00 occurrence of Jan 1 fired at noon on Jan 4
    const next = nextDue(schedule, utc('2026-01-01T09:00:00Z'), 1, utc('2026-01-04T12:00:00Z'));
    // then
    expect(show(next)).toBe('2026-01-05T09:00:00.000Z');
  });

  it('a cron cycle never returns the occurrence that just fired, even with a clock behind it', () => {
    // given
    const schedule = parseTimer('cycle', '*/5 * * * *');
    // when: now is reported slightly before the due time
    const next = nextDue(schedule, utc('2026-01-01T09:05:00Z'), 1, utc('2026-01-01T09:04:59Z'));
    // then
    expect(show(next)).toBe('2026-01-01T09:10:00.000Z');
  });

  it('date and duration timers fire once', () => {
    // given
    const date = parseTimer('date', '2026-01-01T09:00:00Z');
    const duration = parseTimer('duration', 'PT5M');
    // when
    const nexts = [date, duration].map((schedule) =>
      nextDue(schedule, utc('2026-01-01T09:00:00Z'), 1, utc('2026-01-02T00:00:00Z')),
    );
    // then
    expect(nexts).toEqual([null, null]);
  });
});
