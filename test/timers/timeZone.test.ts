import { describe, expect, it } from 'vitest';
import { checkTimer, firstDue, parseTimer } from '../../engine/src/timers/index.ts';
import { invalidArgument, occurrences, utc } from './helpers.ts';

const BERLIN = { timeZone: 'Europe/Berlin' };

describe('the timeZone option', () => {
  it('reads date-times without offset and dates alone in the zone', () => {
    // given
    const winter = '2026-01-01T09:00:00';
    const summer = '2026-07-01';
    // when
    const schedules = [parseTimer('date', winter, BERLIN), parseTimer('date', summer, BERLIN)];
    // then
    expect(schedules).toEqual([
      { kind: 'date', at: utc('2026-01-01T08:00:00Z') },
      { kind: 'date', at: utc('2026-06-30T22:00:00Z') },
    ]);
  });

  it('does not change date-times that carry an offset', () => {
    // given
    const value = '2026-01-01T09:00:00Z';
    // when
    const schedule = parseTimer('date', value, BERLIN);
    // then
    expect(schedule).toEqual({ kind: 'date', at: utc('2026-01-01T09:00:00Z') });
  });

  it('evaluates cron in the zone, across daylight-saving changes', () => {
    // given: Europe/Berlin moves from +01:00 to +02:00 on 2026-03-29
    const schedule = parseTimer('cycle', '0 0 9 * * ?', BERLIN);
    // when
    const times = occurrences(schedule, utc('2026-03-27T12:00:00Z'), 3);
    // then: 09:00 local each day
    expect(schedule).toEqual({
      kind: 'cron',
      expression: '0 0 9 * * ?',
      dialect: 'quartz',
      timeZone: 'Europe/Berlin',
    });
    expect(times).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('moves a cron time that does not exist (spring forward) to after the gap, once', () => {
    // given: 02:30 does not exist in Berlin on 2026-03-29
    const schedule = parseTimer('cycle', '30 2 * * *', BERLIN);
    // when
    const times = occurrences(schedule, utc('2026-03-28T12:00:00Z'), 2);
    // then: 03:30 CEST, then 02:30 CEST the next day
    expect(times).toEqual(['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('fires a cron time that occurs twice (fall back) once, at the first', () => {
    // given: 02:30 happens twice in Berlin on 2026-10-25
    const schedule = parseTimer('cycle', '30 2 * * *', BERLIN);
    // when
    const times = occurrences(schedule, utc('2026-10-24T12:00:00Z'), 2);
    // then: 02:30 CEST, then 02:30 CET the next day
    expect(times).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('does not repeat the hour that occurs twice for a frequent cron', () => {
    // given
    const schedule = parseTimer('cycle', '0 */30 * * * ?', BERLIN);
    // when: from 01:45 CEST
    const times = occurrences(schedule, utc('2026-10-24T23:45:00Z'), 4);
    // then: 02:00 and 02:30 CEST, then 03:00 CET (the second 02:xx is skipped)
    expect(times).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T02:30:00.000Z',
    ]);
  });

  it('defaults to UTC and leaves the zone out of the schedule', () => {
    // given
    const value = '0 9 * * *';
    // when
    const schedule = parseTimer('cycle', value);
    // then
    expect(schedule).toEqual({ kind: 'cron', expression: value, dialect: 'crontab' });
    expect(firstDue(schedule, utc('2026-01-01T00:00:00Z'))).toBe(utc('2026-01-01T09:00:00Z'));
  });

  it('rejects an unknown zone', () => {
    // given
    const options = { timeZone: 'Mars/Olympus' };
    // when
    const error = invalidArgument(() => parseTimer('cycle', '0 9 * * *', options));
    // then
    expect(error.message).toBe('Unknown time zone "Mars/Olympus" for timers.');
    expect(checkTimer('date', '2026-01-01', options)).toBe(error.message);
  });
});
