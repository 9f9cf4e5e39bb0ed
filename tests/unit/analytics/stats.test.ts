import { describe, expect, it } from 'vitest';
import { median, offsetPieces, robustZ, smoothHourOfWeek, zoneOffsetMinutes } from '../../../src-main/core/analytics/stats';

describe('analytics statistics', () => {
  it('median and robust z-scores flag only the outlier', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const { median: m, scores } = robustZ([10, 11, 9, 10, 12, 8, 10, 100]);
    expect(m).toBe(10);
    expect(scores.filter((s) => Math.abs(s) > 3.5)).toHaveLength(1);
    expect(scores.at(-1)).toBeGreaterThan(3.5);
  });

  it('falls back to the mean absolute deviation when most values are equal, and flags nothing when all are', () => {
    const { scores } = robustZ([5, 5, 5, 5, 5, 5, 50]);
    expect(scores.at(-1)).toBeGreaterThan(3.5);
    expect(robustZ([2, 2, 2]).scores).toEqual([0, 0, 0]);
  });

  it('smooths across neighbouring hours, wrapping Saturday night into Sunday, and shrinks thin cells', () => {
    const sums = new Array<number>(168).fill(0);
    const counts = new Array<number>(168).fill(0);
    sums[0] = 100;
    counts[0] = 1;
    sums[50] = 10;
    counts[50] = 10;
    const { expected } = smoothHourOfWeek(sums, counts);
    expect(expected[167]).not.toBeNull(); // Saturday 23:00 neighbours Sunday 00:00
    expect(expected[100]).toBeNull();
    expect(expected[0] as number).toBeLessThan(100); // one lucky post is pulled towards the mean
  });

  it('knows zone offsets', () => {
    expect(zoneOffsetMinutes('UTC', new Date('2026-03-01T09:00:00Z'))).toBe(0);
    expect(zoneOffsetMinutes('Europe/Berlin', new Date('2026-03-01T09:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes('Europe/Berlin', new Date('2026-07-01T09:00:00Z'))).toBe(120);
    expect(zoneOffsetMinutes('America/New_York', new Date('2026-01-01T09:00:00Z'))).toBe(-300);
  });

  it("cuts a span into its zone's offsets, each change to the minute", () => {
    const year = [new Date('2025-03-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z')] as const;
    expect(offsetPieces('Europe/Berlin', ...year)).toEqual([
      { until: '2025-03-30T01:00:00.000Z', minutes: 60 },
      { until: '2025-10-26T01:00:00.000Z', minutes: 120 },
      { until: null, minutes: 60 },
    ]);
    expect(offsetPieces('UTC', ...year)).toEqual([{ until: null, minutes: 0 }]);
    expect(offsetPieces('Asia/Kolkata', ...year)).toEqual([{ until: null, minutes: 330 }]);
  });
});
