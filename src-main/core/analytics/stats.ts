import type { Confidence } from '../../../src-shared/analytics';

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Robust z-scores (Iglewicz & Hoaglin): 0.6745 × (x − median) / MAD. When more than half the
 * values are equal the MAD is 0; then the mean absolute deviation (× 1.2533) stands in, and
 * when every value is the same nothing is unusual (all scores 0).
 */
export function robustZ(values: number[]): { median: number; scores: number[] } {
  const med = median(values);
  const deviations = values.map((v) => Math.abs(v - med));
  const mad = median(deviations);
  if (mad > 0) return { median: med, scores: values.map((v) => (0.6745 * (v - med)) / mad) };
  const meanAbs = deviations.reduce((a, b) => a + b, 0) / (values.length || 1);
  if (meanAbs === 0) return { median: med, scores: values.map(() => 0) };
  return { median: med, scores: values.map((v) => (v - med) / (1.2533 * meanAbs)) };
}

/** The usual cut-off for a robust z-score: beyond ±3.5 a value is an outlier. */
export const ANOMALY_Z = 3.5;

/**
 * Smooths an hour-of-week grid (168 cells, circular: Saturday 23:00 is next to Sunday 00:00) with
 * neighbouring hours weighted 1-2-4-2-1, then shrinks each cell towards the account's average
 * in proportion to how few posts are behind it, so one lucky post does not make a "best time".
 */
export function smoothHourOfWeek(sums: number[], counts: number[], prior = 3): { expected: (number | null)[]; weightedCounts: number[] } {
  const weights = [1, 2, 4, 2, 1];
  const total = counts.reduce((a, b) => a + b, 0);
  const mean = total ? sums.reduce((a, b) => a + b, 0) / total : 0;
  const expected: (number | null)[] = [];
  const weightedCounts: number[] = [];
  for (let i = 0; i < 168; i++) {
    let s = 0;
    let n = 0;
    for (let k = -2; k <= 2; k++) {
      const j = (i + k + 168) % 168;
      const w = (weights[k + 2] as number) / 4;
      s += w * (sums[j] as number);
      n += w * (counts[j] as number);
    }
    weightedCounts.push(n);
    expected.push(n === 0 ? null : (s + prior * mean) / (n + prior));
  }
  return { expected, weightedCounts };
}

/** How far to trust a finding drawn from `n` posts. */
export function confidenceOf(n: number, thresholds: [number, number, number]): Confidence {
  if (n < thresholds[0]) return 'none';
  if (n < thresholds[1]) return 'low';
  if (n < thresholds[2]) return 'medium';
  return 'high';
}

// Building a formatter costs far more than using one; best times ask a zone ~70 times.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })));
  return f;
}

/** Minutes a zone is ahead of UTC at a moment (Europe/Berlin in summer: 120). */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const parts = formatterOf(timeZone).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * A zone's offset from UTC over a span, as pieces: `minutes` holds until `until` (exclusive; null
 * for the last piece). A year in Europe/Berlin is three pieces (CET, CEST, CET), each change found
 * to the minute, so every moment is read in the offset it really had.
 */
export function offsetPieces(timeZone: string, from: Date, to: Date): { until: string | null; minutes: number }[] {
  const WEEK = 7 * 86_400_000;
  const offsetAt = (ms: number) => zoneOffsetMinutes(timeZone, new Date(ms));
  const pieces: { until: string | null; minutes: number }[] = [];
  let at = from.getTime();
  let minutes = offsetAt(at);
  while (at < to.getTime()) {
    const next = Math.min(at + WEEK, to.getTime());
    if (offsetAt(next) !== minutes) {
      // Zones change at most once a week: the change lies in (at, next]; halve to the minute.
      let [lo, hi] = [at, next];
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offsetAt(mid) === minutes) lo = mid;
        else hi = mid;
      }
      pieces.push({ until: new Date(hi).toISOString(), minutes });
      minutes = offsetAt(hi);
    }
    at = next;
  }
  pieces.push({ until: null, minutes });
  return pieces;
}
