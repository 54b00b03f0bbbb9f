import { describe, expect, it } from 'vitest';
import { firstDue, parseTimer } from '../../engine/src/timers/index.ts';
import { invalidArgument, occurrences, show, utc } from './helpers.ts';

/** A Thursday. */
const NOW = utc('2026-01-01T08:00:00Z');

describe('timeCycle as Quartz cron (6-7 fields, seconds first)', () => {
  it('tells Quartz from crontab by the number of fields', () => {
    // given
    const quartz = '0 0/5 * * * ?';
    const withYear = '0 0 12 1 1 ? 2027';
    const crontab = '*/5 * * * *';
    // when
    const schedules = [quartz, withYear, crontab].map((value) => parseTimer('cycle', value));
    // then
    expect(schedules).toEqual([
      { kind: 'cron', expression: quartz, dialect: 'quartz' },
      { kind: 'cron', expression: withYear, dialect: 'quartz' },
      { kind: 'cron', expression: crontab, dialect: 'crontab' },
    ]);
  });

  it.each([
    ['0 0/5 * * * ?', ['2026-01-01T08:05:00.000Z', '2026-01-01T08:10:00.000Z', '2026-01-01T08:15:00.000Z']],
    [
      '0 15 10 ? * MON-FRI',
      ['2026-01-01T10:15:00.000Z', '2026-01-02T10:15:00.000Z', '2026-01-05T10:15:00.000Z'],
    ],
    ['0 0 12 1 1 ? 2027', ['2027-01-01T12:00:00.000Z']],
    ['0 0 12 1 1 ? 2027-2028', ['2027-01-01T12:00:00.000Z', '2028-01-01T12:00:00.000Z']],
    ['30 0 9 ? * 2', ['2026-01-05T09:00:30.000Z', '2026-01-12T09:00:30.000Z', '2026-01-19T09:00:30.000Z']],
    ['0 0 9 ? * 1,7', ['2026-01-03T09:00:00.000Z', '2026-01-04T09:00:00.000Z', '2026-01-10T09:00:00.000Z']],
    [
      '0 0 9 ? * FRI-MON',
      ['2026-01-02T09:00:00.000Z', '2026-01-03T09:00:00.000Z', '2026-01-04T09:00:00.000Z'],
    ],
    ['0 0 22-2 * * ?', ['2026-01-01T22:00:00.000Z', '2026-01-01T23:00:00.000Z', '2026-01-02T00:00:00.000Z']],
    ['0 0 12 * * *', ['2026-01-01T12:00:00.000Z', '2026-01-02T12:00:00.000Z', '2026-01-03T12:00:00.000Z']],
    [
      '0 0 0 1 JAN,jul ?',
      ['2026-07-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', '2027-07-01T00:00:00.000Z'],
    ],
  ])('%s', (expression, expected) => {
    // given
    const schedule = parseTimer('cycle', expression);
    // when
    const times = occurrences(schedule, NOW, 3);
    // then
    expect(times).toEqual(expected);
  });

  it.each([
    ['L: last day of the month', '0 0 12 L * ?', ['2026-01-31', '2026-02-28', '2026-03-31']],
    ['L-3: three days before the last', '0 0 12 L-3 * ?', ['2026-01-28', '2026-02-25', '2026-03-28']],
    ['LW: last weekday of the month', '0 0 12 LW * ?', ['2026-01-30', '2026-02-27', '2026-03-31']],
    ['15W: weekday nearest the 15th', '0 0 12 15W * ?', ['2026-01-15', '2026-02-16', '2026-03-16']],
    ['1W: never leaves the month', '0 0 12 1W 8 ?', ['2026-08-03', '2027-08-02', '2028-08-01']],
    ['31W: skips months without a 31st', '0 0 12 31W * ?', ['2026-01-30', '2026-03-31', '2026-05-29']],
    ['6L: last Friday', '0 0 12 ? * 6L', ['2026-01-30', '2026-02-27', '2026-03-27']],
    ['FRI#3: third Friday', '0 0 12 ? * FRI#3', ['2026-01-16', '2026-02-20', '2026-03-20']],
    ['2#5: fifth Monday, where there is one', '0 0 12 ? * 2#5', ['2026-03-30', '2026-06-29', '2026-08-31']],
    ['? with a day of month', '0 0 12 29 2 ?', ['2028-02-29', '2032-02-29', '2036-02-29']],
  ])('%s', (_, expression, days) => {
    // given
    const schedule = parseTimer('cycle', expression);
    // when
    const times = occurrences(schedule, NOW, 3);
    // then
    expect(times).toEqual(days.map((day) => `${day}T12:00:00.000Z`));
  });

  it('an expression that never matches is never due', () => {
    // given
    const impossible = parseTimer('cycle', '0 0 12 30 2 ?');
    const past = parseTimer('cycle', '0 0 12 1 1 ? 2020');
    // when
    const dues = [firstDue(impossible, NOW), firstDue(past, NOW)];
    // then
    expect(dues).toEqual([null, null]);
  });

  it('each occurrence is strictly after now, like Quartz getNextValidTimeAfter', () => {
    // given
    const schedule = parseTimer('cycle', '0 0 8 * * ?');
    // when
    const due = firstDue(schedule, utc('2026-01-01T08:00:00Z'));
    // then
    expect(show(due)).toBe('2026-01-02T08:00:00.000Z');
  });
});

describe('timeCycle as crontab (5 fields)', () => {
  it.each([
    ['*/5 * * * *', ['2026-01-01T08:05:00.000Z', '2026-01-01T08:10:00.000Z', '2026-01-01T08:15:00.000Z']],
    ['0 9 * * 1-5', ['2026-01-01T09:00:00.000Z', '2026-01-02T09:00:00.000Z', '2026-01-05T09:00:00.000Z']],
    ['0 9 * * 0', ['2026-01-04T09:00:00.000Z', '2026-01-11T09:00:00.000Z', '2026-01-18T09:00:00.000Z']],
    ['0 9 * * 7', ['2026-01-04T09:00:00.000Z', '2026-01-11T09:00:00.000Z', '2026-01-18T09:00:00.000Z']],
    ['0 9 * * sat,SUN', ['2026-01-03T09:00:00.000Z', '2026-01-04T09:00:00.000Z', '2026-01-10T09:00:00.000Z']],
    ['15 14 1 * *', ['2026-01-01T14:15:00.000Z', '2026-02-01T14:15:00.000Z', '2026-03-01T14:15:00.000Z']],
    ['@daily', ['2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z', '2026-01-04T00:00:00.000Z']],
    ['@hourly', ['2026-01-01T09:00:00.000Z', '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z']],
  ])('%s', (expression, expected) => {
    // given
    const schedule = parseTimer('cycle', expression);
    // when
    const times = occurrences(schedule, NOW, 3);
    // then
    expect(times).toEqual(expected);
  });

  it('matches either day field when both are restricted, as Vixie cron does', () => {
    // given: the 13th, or any Friday
    const schedule = parseTimer('cycle', '0 0 13 * 5');
    // when
    const times = occurrences(schedule, NOW, 3);
    // then: Friday the 2nd, Friday the 9th, Tuesday the 13th
    expect(times).toEqual([
      '2026-01-02T00:00:00.000Z',
      '2026-01-09T00:00:00.000Z',
      '2026-01-13T00:00:00.000Z',
    ]);
  });
});

describe('invalid cron expressions', () => {
  it.each([
    ['0 0 25 * * ?', /hour "25" is out of range 0-23/],
    ['60 * * * * ?', /second "60" is out of range 0-59/],
    ['0 0 12 ? * 8', /day of week "8" is out of range 1-7/],
    ['0 9 * * 8', /day of week "8" is out of range 0-7/],
    ['0 0 12 ? * FUN', /day of week "FUN" is neither a number nor a known name/],
    ['0 0 12 1 * MON', /cannot restrict both day of month \("1"\) and day of week \("MON"\); use \? in one/],
    ['0 0 12 1,L * ?', /L and W must stand alone/],
    ['0 0 12 ? * 6#6', /the week after # must be 1-5/],
    ['0 0/0 * * * ?', /minute step "0" must be a positive number/],
    ['0 */61 * * * ?', /minute step "61" is larger than the whole range 0-59/],
    ['0 0 12 * * ? 1969', /year "1969" is out of range 1970-2199/],
    ['? 0 12 * * ?', /second "\?" is neither a number nor a known name/],
    ['0 0 12 1-2-3 * ?', /day of month range "1-2-3" has too many parts/],
    ['* * * *', /neither an ISO 8601 repeating interval/],
    ['0 0 0 0 0 0 0 0', /neither an ISO 8601 repeating interval/],
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
