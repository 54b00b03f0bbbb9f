import { describe, expect, it } from 'vitest';
import { firstDue, nextDue, parseTimer } from '../../engine/src/timers/index.ts';
import type { TimerType } from '../../engine/src/timers/index.ts';
import { utc } from './helpers.ts';

const NOW = utc('2026-01-01T08:00:00Z');

describe('schedules are JSON', () => {
  it.each<[TimerType, string]>([
    ['date', '2026-01-01T09:00:00+02:00'],
    ['duration', 'PT5M'],
    ['duration', 'P1M'],
    ['cycle', 'R3/PT10M'],
    ['cycle', 'R/PT1H'],
    ['cycle', 'R5/2026-01-01T09:00:00Z/P1D'],
    ['cycle', 'R2/P1D/2026-02-01T00:00:00Z'],
    ['cycle', 'R0/PT1M'],
    ['cycle', '0 15 10 ? * MON-FRI'],
    ['cycle', '*/5 * * * *'],
  ])('%s %s survives a JSON round trip and gives the same due times', (type, value) => {
    // given
    const schedule = parseTimer(type, value);
    // when
    const restored: unknown = JSON.parse(JSON.stringify(schedule));
    // then
    expect(restored).toEqual(schedule);
    const original = firstDue(schedule, NOW);
    const copy = firstDue(restored as typeof schedule, NOW);
    expect(copy).toBe(original);
    if (original !== null) {
      expect(nextDue(restored as typeof schedule, original, 1, original)).toBe(
        nextDue(schedule, original, 1, original),
      );
    }
  });

  it('holds no undefined properties, so a restored copy is deep-equal to the original', () => {
    // given
    const schedules = [
      parseTimer('cycle', 'R/PT1H'),
      parseTimer('cycle', '0 0 * * *'),
      parseTimer('duration', 'P1M'),
    ];
    // when
    const undefinedKeys = schedules.flatMap((schedule) =>
      Object.entries(schedule).filter(([, value]) => value === undefined),
    );
    // then
    expect(undefinedKeys).toEqual([]);
  });
});
