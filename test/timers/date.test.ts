import { describe, expect, it } from 'vitest';
import { firstDue, nextDue, parseTimer } from '../../engine/src/timers/index.ts';
import { invalidArgument, utc } from './helpers.ts';

const NOW = utc('2026-06-01T00:00:00Z');

describe('timeDate', () => {
  it.each([
    ['2026-01-01T09:00:00Z', '2026-01-01T09:00:00.000Z'],
    ['2026-01-01T09:00:00+02:00', '2026-01-01T07:00:00.000Z'],
    ['2026-01-01T09:00:00-0530', '2026-01-01T14:30:00.000Z'],
    ['2026-01-01T09:00:00.250Z', '2026-01-01T09:00:00.250Z'],
    ['2026-01-01T09:00Z', '2026-01-01T09:00:00.000Z'],
  ])('reads %s with its offset', (value, expected) => {
    // given
    const schedule = parseTimer('date', value);
    // when
    const due = firstDue(schedule, NOW);
    // then
    expect(schedule).toEqual({ kind: 'date', at: utc(expected) });
    expect(due).toBe(utc(expected));
  });

  it('reads a date-time without offset as UTC, whatever the host zone', () => {
    // given
    const value = '2026-01-01T09:00:00';
    // when
    const schedule = parseTimer('date', value);
    // then
    expect(schedule).toEqual({ kind: 'date', at: utc('2026-01-01T09:00:00Z') });
  });

  it('reads a date alone as midnight UTC', () => {
    // given
    const value = '2026-01-01';
    // when
    const schedule = parseTimer('date', value);
    // then
    expect(schedule).toEqual({ kind: 'date', at: utc('2026-01-01T00:00:00Z') });
  });

  it('ignores whitespace around the value', () => {
    // given
    const value = '  2026-01-01T09:00:00Z\n';
    // when
    const schedule = parseTimer('date', value);
    // then
    expect(schedule).toEqual({ kind: 'date', at: utc('2026-01-01T09:00:00Z') });
  });

  it('is due at its date even when that is in the past, and fires once', () => {
    // given
    const schedule = parseTimer('date', '2026-01-01T09:00:00Z');
    // when
    const due = firstDue(schedule, NOW);
    // then
    expect(due).toBe(utc('2026-01-01T09:00:00Z'));
    expect(due).toBeLessThan(NOW);
    expect(nextDue(schedule, due ?? 0, 1, NOW)).toBeNull();
  });

  it.each([
    ['tomorrow', /Invalid timeDate "tomorrow": not an ISO 8601 date-time/],
    ['2026-13-01', /month 13 does not exist/],
    ['2026-02-29', /day 29 does not exist in 2026-02/],
    ['2026-01-01T25:00:00Z', /out of range/],
    ['2026-01-01T09:00:00+25:00', /offset \+25:00 is out of range/],
    ['2026-01-01 09:00:00', /not an ISO 8601 date-time/],
    ['09:00', /not an ISO 8601 date-time/],
    ['', /Invalid timeDate "": the value is empty/],
  ])('rejects %j with a sentence naming the value', (value, message) => {
    // given
    const parse = (): unknown => parseTimer('date', value);
    // when
    const error = invalidArgument(parse);
    // then
    expect(error.message).toMatch(message);
  });
});
