import type Database from 'better-sqlite3';
import type { AnalyticsPeriod, Anomaly, BestTimes, BestTimeSlot, ContentInsight, Insights } from '../../../src-shared/analytics';
import { PERIOD_JOIN, periodPosts, periodWhere, periodWindow, summarise } from './dashboard';
import { ANOMALY_Z, confidenceOf, offsetPieces, robustZ, smoothHourOfWeek } from './stats';

const DAY = 24 * 3600_000;
/** Best times read the last year: habits older than that say little about today's audience. */
const BEST_TIMES_WINDOW_MS = 365 * DAY;
export const BEST_TIMES_MIN_POSTS = 20;
const BEST_SLOTS = 5;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ANOMALY_MIN_POINTS = 8;

/** All accounts, or one: separate SQL so the one-account form uses the (account, time) index (see dashboard.ts). */
const postsOf = (accountId: string | null) => periodPosts(accountId !== null);
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Best hours of the week for one account, from its own posts' engagements, in its queue's zone. */
export function bestTimes(db: Database.Database, accountId: string, timeZone: string, now: Date): BestTimes {
  const from = new Date(now.getTime() - BEST_TIMES_WINDOW_MS);
  // Each post in its zone's offset on its own day: a post at 10:00 in winter and one at 10:00 in
  // summer are the same hour to its audience, though an hour apart in UTC.
  const pieces = offsetPieces(timeZone, from, now);
  const offset = pieces.length === 1 ? '?' : `CASE ${pieces.map((p) => (p.until ? 'WHEN published_at < ? THEN ? ' : 'ELSE ? ')).join('')}END`;
  const rows = db
    .prepare(
      `SELECT CAST(strftime('%w', local) AS INTEGER) * 24 + CAST(strftime('%H', local) AS INTEGER) AS slot, count(*) AS posts, sum(engagements) AS engagements
       FROM (SELECT datetime(published_at, (${offset}) || ' minutes') AS local, engagements FROM post_metrics_latest WHERE account_id = ? AND published_at >= ?)
       GROUP BY slot`,
    )
    .all(...pieces.flatMap((p) => (p.until ? [p.until, p.minutes] : [p.minutes])), accountId, from.toISOString()) as { slot: number; posts: number; engagements: number }[];
  const sums = new Array<number>(168).fill(0);
  const counts = new Array<number>(168).fill(0);
  for (const r of rows) {
    sums[r.slot] = (sums[r.slot] as number) + r.engagements;
    counts[r.slot] = (counts[r.slot] as number) + r.posts;
  }
  const postsUsed = counts.reduce((a, b) => a + b, 0);
  const averageEngagements = postsUsed ? sums.reduce((a, b) => a + b, 0) / postsUsed : 0;
  const { expected } = smoothHourOfWeek(sums, counts);
  const grid = Array.from({ length: 7 }, (_, d) => expected.slice(d * 24, d * 24 + 24).map((v) => (v === null ? null : Math.round(v * 100) / 100)));
  const countGrid = Array.from({ length: 7 }, (_, d) => counts.slice(d * 24, d * 24 + 24));
  const confidence = confidenceOf(postsUsed, [BEST_TIMES_MIN_POSTS, 60, 200]);
  if (confidence === 'none') {
    return {
      accountId,
      timeZone,
      postsUsed,
      averageEngagements,
      confidence,
      evidence: `Too little data: ${postsUsed} post${postsUsed === 1 ? '' : 's'} with metrics in the last year; best times need at least ${BEST_TIMES_MIN_POSTS}. Sync after publishing more.`,
      grid,
      counts: countGrid,
      best: [],
    };
  }
  // Only hours someone actually posted at; no two picks within two hours of each other.
  const candidates = expected
    .map((v, i) => ({ i, v }))
    .filter((c) => c.v !== null && (counts[c.i] as number) > 0)
    .sort((a, b) => (b.v as number) - (a.v as number));
  const best: BestTimeSlot[] = [];
  for (const c of candidates) {
    if (best.length === BEST_SLOTS) break;
    if (best.some((b) => Math.min(Math.abs(b.weekday * 24 + b.hour - c.i), 168 - Math.abs(b.weekday * 24 + b.hour - c.i)) <= 2)) continue;
    best.push({ weekday: Math.floor(c.i / 24), hour: c.i % 24, expectedEngagements: Math.round((c.v as number) * 100) / 100, posts: counts[c.i] as number });
  }
  const top = best[0];
  const evidence = top
    ? `From ${postsUsed} posts of the last year (average ${fmt(averageEngagements)} engagements): ${WEEKDAYS[top.weekday]} ${hh(top.hour)} ${timeZone} ` +
      `expects ${fmt(top.expectedEngagements)} (${top.posts} post${top.posts === 1 ? '' : 's'} at that hour; neighbouring hours smoothed in).`
    : 'No hour stands out yet.';
  return { accountId, timeZone, postsUsed, averageEngagements, confidence, evidence, grid, counts: countGrid, best };
}

const contentSql = (one: boolean) => `WITH p AS MATERIALIZED (
  SELECT a.platform AS platform, m.engagements AS e, coalesce(json_extract(t.variant, '$.text'), '') AS txt,
    coalesce(json_array_length(t.variant, '$.media'), 0) AS mc, coalesce(json_extract(t.variant, '$.media[0].mimeType'), '') AS mt
  FROM ${PERIOD_JOIN} JOIN post_targets t ON t.id = m.target_id WHERE ${periodWhere(one)})
SELECT 'platform' AS dimension, platform AS grp, count(*) AS posts, avg(e) AS avg FROM p GROUP BY grp
UNION ALL SELECT 'media', CASE WHEN mc = 0 THEN 'text only' WHEN mt LIKE 'video/%' THEN 'video' WHEN mc > 1 THEN 'several pictures' ELSE 'one picture' END AS grp, count(*), avg(e) FROM p GROUP BY grp
UNION ALL SELECT 'length', CASE WHEN length(txt) < 80 THEN 'short (under 80 characters)' WHEN length(txt) < 200 THEN 'medium (80–199 characters)' ELSE 'long (200+ characters)' END AS grp, count(*), avg(e) FROM p GROUP BY grp
UNION ALL SELECT 'hashtags', CASE WHEN txt GLOB '*#[A-Za-z0-9]*' THEN 'with hashtags' ELSE 'without hashtags' END AS grp, count(*), avg(e) FROM p GROUP BY grp
UNION ALL SELECT 'link', CASE WHEN txt LIKE '%http://%' OR txt LIKE '%https://%' THEN 'with a link' ELSE 'without a link' END AS grp, count(*), avg(e) FROM p GROUP BY grp`;

/** Which kinds of posts did better than the average, by platform, media, length, hashtags and link. */
export function contentInsights(db: Database.Database, from: string, to: string, accountId: string | null): ContentInsight[] {
  const rows = db.prepare(contentSql(accountId !== null)).all({ from, to, accountId }) as { dimension: ContentInsight['dimension']; grp: string; posts: number; avg: number }[];
  const platformRows = rows.filter((r) => r.dimension === 'platform');
  const total = platformRows.reduce((n, r) => n + r.posts, 0);
  const overall = total ? platformRows.reduce((n, r) => n + r.avg * r.posts, 0) / total : 0;
  return rows.map((r) => ({
    dimension: r.dimension,
    group: r.grp,
    posts: r.posts,
    averageEngagements: Math.round(r.avg * 100) / 100,
    lift: overall > 0 ? Math.round((r.avg / overall) * 100) / 100 : 0,
    confidence: confidenceOf(r.posts, [5, 15, 50]),
  }));
}

/** Posts (within their account) and days far above or below normal, by robust z-score. */
export function anomalies(db: Database.Database, from: string, to: string, accountId: string | null): Anomaly[] {
  const out: Anomaly[] = [];
  // Index-only: the post's rowid rides along in the index; its id is looked up for the few flagged.
  const posts = db
    .prepare(`SELECT m.rowid AS rid, m.account_id AS accountId, m.engagements AS e FROM ${periodPosts(accountId !== null, '@settled')} ORDER BY a.id`)
    // A post of the last day has not had time to gather engagements: it is not "far below normal" yet.
    .all({ from, settled: new Date(Date.parse(to) - DAY).toISOString(), accountId }) as { rid: number; accountId: string; e: number }[];
  const idOf = db.prepare('SELECT target_id AS id FROM post_metrics_latest WHERE rowid = ?').pluck();
  const byAccount = new Map<string, typeof posts>();
  for (const p of posts) {
    const list = byAccount.get(p.accountId);
    if (list) list.push(p);
    else byAccount.set(p.accountId, [p]);
  }
  for (const [account, list] of byAccount) {
    if (list.length < ANOMALY_MIN_POINTS) continue;
    const { median, scores } = robustZ(list.map((p) => p.e));
    list.forEach((p, i) => {
      const score = scores[i] as number;
      if (Math.abs(score) < ANOMALY_Z) return;
      out.push({
        kind: 'post',
        direction: score > 0 ? 'above' : 'below',
        subject: idOf.get(p.rid) as string,
        accountId: account,
        value: p.e,
        median,
        score: Math.round(score * 10) / 10,
        evidence: `${p.e} engagements against a median of ${fmt(median)} over this account's ${list.length} posts in the period (robust z ${score.toFixed(1)}).`,
      });
    });
  }
  const days = db
    .prepare(`SELECT substr(m.published_at, 1, 10) AS day, sum(m.engagements) AS e FROM ${postsOf(accountId)} GROUP BY day ORDER BY day`)
    .all({ from, to, accountId }) as { day: string; e: number }[];
  if (days.length >= ANOMALY_MIN_POINTS) {
    const { median, scores } = robustZ(days.map((d) => d.e));
    days.forEach((d, i) => {
      const score = scores[i] as number;
      if (Math.abs(score) < ANOMALY_Z) return;
      out.push({
        kind: 'day',
        direction: score > 0 ? 'above' : 'below',
        subject: d.day,
        accountId,
        value: d.e,
        median,
        score: Math.round(score * 10) / 10,
        evidence: `${d.e} engagements on posts of ${d.day} against a median day of ${fmt(median)} over ${days.length} days with posts (robust z ${score.toFixed(1)}).`,
      });
    });
  }
  return out.sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
}

function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? 'no change' : 'new this week';
  const pct = Math.round(((now - before) / before) * 100);
  return pct === 0 ? 'about the same' : `${pct > 0 ? 'up' : 'down'} ${Math.abs(pct)}%`;
}

/** The last 7 days against the 7 before, in sentences. */
export function weekOverWeek(db: Database.Database, now: Date, accountId: string | null): string[] {
  const s = summarise(db, '7d', now, accountId);
  const c = s.current;
  const p = s.previous;
  if (c.posts === 0 && p.posts === 0 && c.followers === null) return ['Nothing to compare yet: no synced posts in the last two weeks.'];
  const lines = [
    `You published ${c.posts} post${c.posts === 1 ? '' : 's'} in the last 7 days, against ${p.posts} the week before.`,
    `Engagements on them: ${c.engagements} (${change(c.engagements, p.engagements)}; ${c.likes} likes, ${c.reposts} reposts, ${c.replies} replies).`,
  ];
  if (c.impressions !== null) lines.push(`Impressions: ${c.impressions} (${change(c.impressions, p.impressions ?? 0)}).`);
  if (c.followers !== null && p.followers !== null) {
    const d = c.followers - p.followers;
    lines.push(`Followers: ${c.followers}, ${d === 0 ? 'unchanged' : `${d > 0 ? '+' : ''}${d}`} over the week.`);
  }
  const top = s.topPosts[0];
  if (top && top.engagements > 0) lines.push(`Best post: "${top.text.slice(0, 60)}${top.text.length > 60 ? '…' : ''}" on ${top.handle} with ${top.engagements} engagements.`);
  return lines;
}

export function insights(db: Database.Database, period: AnalyticsPeriod, now: Date, accountId: string | null): Insights {
  const { from, to } = periodWindow(period, now);
  return {
    period,
    accountId,
    content: contentInsights(db, from, to, accountId),
    anomalies: anomalies(db, from, to, accountId),
    weekOverWeek: weekOverWeek(db, now, accountId),
  };
}

export { WEEKDAYS };
