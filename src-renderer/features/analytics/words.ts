import type { EngagementTotals } from '../../../src-shared/analytics';

export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : whole.format(v));
export const rate = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);

/** "+12%" / "−3%" against the previous period, or nothing to compare. */
export function delta(now: number | null, before: number | null): string {
  if (now === null || before === null) return 'no earlier numbers';
  if (before === 0) return now === 0 ? 'same as before' : 'none before';
  const pct = Math.round(((now - before) / before) * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)}% vs previous`;
}

export const KPI: { key: keyof EngagementTotals; label: string; isRate?: boolean }[] = [
  { key: 'followers', label: 'Followers' },
  { key: 'posts', label: 'Posts' },
  { key: 'impressions', label: 'Impressions / views' },
  { key: 'engagements', label: 'Engagements' },
  { key: 'engagementRate', label: 'Engagement rate', isRate: true },
];
