import type Database from 'better-sqlite3';
import type { AnalyticsPeriod, AnalyticsSummary, DailyPoint, EngagementTotals, PostPerformance } from '../../../src-shared/analytics';
import type { Platform } from '../../../src-shared/platforms/platform';

export const PERIOD_DAYS: Record<AnalyticsPeriod, number> = { '7d': 7, '30d': 30, '90d': 90 };
const DAY = 24 * 3600_000;
const RANKED = 5;

/** The window a period covers, ending now, and the one before it of the same length. */
export function periodWindow(period: AnalyticsPeriod, now: Date): { from: string; to: string; previousFrom: string } {
  const days = PERIOD_DAYS[period];
  const to = now.getTime();
  return { from: new Date(to - days * DAY).toISOString(), to: now.toISOString(), previousFrom: new Date(to - 2 * days * DAY).toISOString() };
}

// Every query reads post_metrics_latest through its covering (account, published, numbers) index
// and aggregates in SQL. All accounts are read one account range at a time: "accounts a CROSS
// JOIN post_metrics_latest m" keeps accounts the outer loop (SQLite never reorders a CROSS JOIN),
// so the planner cannot fall back to a scan of the table, whatever the statistics say. There
// are two sets of statements, all accounts and one, because an "@id IS NULL OR account = @id"
// filter keeps SQLite from using the (account, time) index. The join also leaves out the numbers
// of an account removed with its history.
const accountFilter = (one: boolean, column: string) => (one ? `${column} = @accountId` : '@accountId IS NULL');
/** The period's posts with their latest numbers, one account range at a time: `m` the numbers, `a` the account. */
export const PERIOD_JOIN = 'accounts a CROSS JOIN post_metrics_latest m ON m.account_id = a.id';
/** Published from @from until `until` (exclusive), of one account (@accountId) or all. */
export const periodWhere = (one: boolean, until = '@to') => `${accountFilter(one, 'a.id')} AND m.published_at >= @from AND m.published_at < ${until}`;
export const periodPosts = (one: boolean, until = '@to') => `${PERIOD_JOIN} WHERE ${periodWhere(one, until)}`;

interface TotalsRow {
  posts: number;
  impressions: number | null;
  likes: number | null;
  reposts: number | null;
  replies: number | null;
  quotes: number | null;
  bookmarks: number | null;
  engagements: number | null;
  rated_engagements: number | null;
  rated_impressions: number | null;
}

const TOTALS = `count(*) AS posts, sum(m.impressions) AS impressions, sum(m.likes) AS likes, sum(m.reposts) AS reposts, sum(m.replies) AS replies,
  sum(m.quotes) AS quotes, sum(m.bookmarks) AS bookmarks, sum(m.engagements) AS engagements,
  sum(CASE WHEN m.impressions > 0 THEN m.engagements END) AS rated_engagements, sum(CASE WHEN m.impressions > 0 THEN m.impressions END) AS rated_impressions`;

function toTotals(r: TotalsRow | undefined, followers: number | null): EngagementTotals {
  return {
    posts: r?.posts ?? 0,
    impressions: r?.impressions ?? null,
    likes: r?.likes ?? 0,
    reposts: r?.reposts ?? 0,
    replies: r?.replies ?? 0,
    quotes: r?.quotes ?? 0,
    bookmarks: r?.bookmarks ?? 0,
    engagements: r?.engagements ?? 0,
    engagementRate: r?.rated_impressions ? (r.rated_engagements ?? 0) / r.rated_impressions : null,
    followers,
  };
}

function statementsFor(db: Database.Database, one: boolean) {
  const A = accountFilter(one, 'a.id');
  const S = accountFilter(one, 's.account_id');
  const POSTS = periodPosts(one);
  return {
    totals: db.prepare(`SELECT ${TOTALS} FROM ${POSTS}`),
    // One pass over the period (index-only) by day and platform: totals, per platform, per day
    // and per weekday are sums of these few hundred cells.
    cells: db.prepare(`SELECT substr(m.published_at, 1, 10) AS day, a.platform AS platform, ${TOTALS} FROM ${POSTS} GROUP BY day, a.platform`),
    // The last snapshot of each account at a moment, one index seek per account.
    followersAt: db.prepare(
      `SELECT sum(f) AS followers, count(f) AS known FROM (SELECT (SELECT s.followers FROM account_metric_snapshots s
         WHERE s.account_id = a.id AND s.taken_at <= @at ORDER BY s.taken_at DESC LIMIT 1) AS f FROM accounts a
       WHERE ${A})`,
    ),
    followersByPlatform: db.prepare(
      `SELECT a.platform AS platform, sum((SELECT s.followers FROM account_metric_snapshots s WHERE s.account_id = a.id AND s.taken_at <= @at
         ORDER BY s.taken_at DESC LIMIT 1)) AS followers FROM accounts a WHERE ${A} GROUP BY a.platform`,
    ),
    // All accounts: the (time, account, followers) index alone, named because with statistics
    // SQLite prefers a skip-scan of (account, time) that reads every row from the table.
    followersByDay: db.prepare(
      `SELECT day, sum(f) AS value FROM (SELECT s.account_id, substr(s.taken_at, 1, 10) AS day, max(s.followers) AS f
         FROM account_metric_snapshots s ${one ? '' : 'INDEXED BY account_metric_snapshots_time'} WHERE s.taken_at >= @from AND s.taken_at <= @to AND ${S}
         AND s.followers IS NOT NULL AND s.account_id IN (SELECT id FROM accounts) GROUP BY s.account_id, day) GROUP BY day ORDER BY day`,
    ),
    // The five are picked from the index alone (rowid rides along in every index entry); only
    // they are then joined to their text.
    ranked: (order: 'DESC' | 'ASC') =>
      db.prepare(
        `WITH picked AS (SELECT m.rowid AS rid, m.engagements AS e, m.published_at AS p FROM ${POSTS}
           ORDER BY m.engagements ${order}, m.published_at DESC LIMIT ${RANKED})
         SELECT m.target_id AS targetId, t.post_id AS postId, m.account_id AS accountId, a.platform AS platform, a.handle AS handle,
           m.published_at AS publishedAt, t.remote_url AS url, coalesce(json_extract(t.variant, '$.text'), '') AS text, m.impressions AS impressions,
           m.likes AS likes, m.reposts AS reposts, m.replies AS replies, m.quotes AS quotes, m.engagements AS engagements
         FROM picked JOIN post_metrics_latest m ON m.rowid = picked.rid JOIN post_targets t ON t.id = m.target_id JOIN accounts a ON a.id = m.account_id
         ORDER BY picked.e ${order}, picked.p DESC`,
      ),
    accounts: db.prepare(
      `SELECT a.id AS accountId, a.handle AS handle, a.platform AS platform, s.last_success_at AS lastSyncedAt FROM accounts a
       LEFT JOIN analytics_sync_state s ON s.account_id = a.id WHERE ${A} ORDER BY a.platform, a.handle`,
    ),
  };
}

type Statements = ReturnType<typeof statementsFor> & { top: Database.Statement; bottom: Database.Statement };
const cache = new WeakMap<Database.Database, { all?: Statements; one?: Statements }>();
function statements(db: Database.Database, one: boolean): Statements {
  let sets = cache.get(db);
  if (!sets) cache.set(db, (sets = {}));
  const key = one ? 'one' : 'all';
  let s = sets[key];
  if (!s) {
    const base = statementsFor(db, one);
    s = sets[key] = { ...base, top: base.ranked('DESC'), bottom: base.ranked('ASC') };
  }
  return s;
}

/** Sums aggregated cells (a few hundred at most); a sum of nothing but NULLs stays NULL. */
function addUp(rows: TotalsRow[]): TotalsRow {
  const keys: (keyof TotalsRow)[] = ['impressions', 'likes', 'reposts', 'replies', 'quotes', 'bookmarks', 'engagements', 'rated_engagements', 'rated_impressions'];
  const out: TotalsRow = { posts: 0, impressions: null, likes: null, reposts: null, replies: null, quotes: null, bookmarks: null, engagements: null, rated_engagements: null, rated_impressions: null };
  for (const r of rows) {
    out.posts += r.posts;
    for (const k of keys) if (r[k] !== null) out[k] = (out[k] ?? 0) + (r[k] as number);
  }
  return out;
}

/** Every day of the window, zero where nothing happened, so charts do not skip days. */
function fillDays(from: string, to: string, rows: { day: string; value: number | null }[]): DailyPoint[] {
  const byDay = new Map(rows.map((r) => [r.day, r.value ?? 0]));
  const out: DailyPoint[] = [];
  for (let t = Date.parse(from.slice(0, 10)); t <= Date.parse(to); t += DAY) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, value: byDay.get(day) ?? 0 });
  }
  return out;
}

/** The dashboard of one period compared with the one before, across accounts or for one. */
export function summarise(db: Database.Database, period: AnalyticsPeriod, now: Date, accountId: string | null): AnalyticsSummary {
  const s = statements(db, accountId !== null);
  const { from, to, previousFrom } = periodWindow(period, now);
  const cur = { from, to, accountId };
  const prev = { from: previousFrom, to: from, accountId };
  const followersAt = (at: string) => {
    const r = s.followersAt.get({ at, accountId }) as { followers: number | null; known: number };
    return r.known ? r.followers : null;
  };
  const followersByPlatform = new Map(
    (s.followersByPlatform.all({ at: to, accountId }) as { platform: string; followers: number | null }[]).map((r) => [r.platform, r.followers]),
  );
  const cells = s.cells.all(cur) as (TotalsRow & { day: string; platform: Platform })[];
  const total = addUp(cells);
  const platforms = [...new Set(cells.map((c) => c.platform))].sort();
  const dayNames = [...new Set(cells.map((c) => c.day))];
  const days = dayNames.map((day) => ({ day, ...addUp(cells.filter((c) => c.day === day)) }));
  const cadence = [0, 0, 0, 0, 0, 0, 0];
  for (const d of days) {
    const weekday = new Date(`${d.day}T00:00:00Z`).getUTCDay();
    cadence[weekday] = (cadence[weekday] as number) + d.posts;
  }
  // Days with a snapshot carry the followers; a day without one is left out rather than drawn as 0.
  const followersByDay = (s.followersByDay.all(cur) as { day: string; value: number }[]).map((r) => ({ day: r.day, value: r.value }));
  return {
    period,
    from,
    to,
    previousFrom,
    accountId,
    current: toTotals(total, followersAt(to)),
    previous: toTotals(s.totals.get(prev) as TotalsRow, followersAt(from)),
    byPlatform: platforms.map((platform) => ({ platform, ...toTotals(addUp(cells.filter((c) => c.platform === platform)), followersByPlatform.get(platform) ?? null) })),
    followersByDay,
    postsByDay: fillDays(from, to, days.map((d) => ({ day: d.day, value: d.posts }))),
    engagementsByDay: fillDays(from, to, days.map((d) => ({ day: d.day, value: d.engagements }))),
    impressionsByDay: fillDays(from, to, days.map((d) => ({ day: d.day, value: d.impressions }))),
    cadenceByWeekday: cadence,
    topPosts: s.top.all(cur) as PostPerformance[],
    bottomPosts: s.bottom.all(cur) as PostPerformance[],
    accounts: s.accounts.all({ accountId }) as AnalyticsSummary['accounts'],
  };
}
