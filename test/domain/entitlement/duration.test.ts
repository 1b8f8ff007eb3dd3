import { describe, expect, it } from 'vitest';
import { addDuration, compareDurations, parseDuration } from '../../../src/domain/entitlement/duration';

describe('ISO 8601 durations', () => {
  it('when a duration is well formed, then each component is read', () => {
    expect(parseDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 });
    expect(parseDuration('PT12H')).toMatchObject({ hours: 12, days: 0 });
  });

  it('when a duration is empty, lower case, negative, has an empty time part or the wrong order, then it is refused', () => {
    for (const text of ['', 'P', 'PT', 'p1d', '-P1D', 'P1DT', 'P1H', 'PT1D', 'P1D1Y', '14', 'P1.5D']) expect(parseDuration(text), text).toBeUndefined();
  });

  it('when months are added, then the calendar decides their length', () => {
    const jan31 = new Date('2026-01-31T00:00:00Z');
    expect(addDuration(new Date('2026-02-01T00:00:00Z'), parseDuration('P1M')!).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(compareDurations(parseDuration('P1M')!, parseDuration('P28D')!, new Date('2026-02-01T00:00:00Z'))).toBe(0);
    expect(compareDurations(parseDuration('PT23H')!, parseDuration('P1D')!, jan31)).toBeLessThan(0);
  });
});
