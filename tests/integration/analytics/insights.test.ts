// Insights on generated histories with known answers: a planted best hour, a planted anomaly,
// links that do better, too little data said plainly, and dashboard totals against the sums.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceDb } from '../../../src-main/core/db/app-db';
import { FIXED_NOW, testCore } from '../../helpers/core';
import { prng, seedAccount, seedFollowers, seedPosts } from './history';

const core = testCore();
let workspaceId: string;
let db: WorkspaceDb;
const now = Date.parse(FIXED_NOW); // Sunday 2026-03-01 09:00 UTC
const DAY = 86_400_000;
const TUESDAY_14_UTC = (weeksAgo: number) => {
  const d = new Date(now - weeksAgo * 7 * DAY);
  const back = (d.getUTCDay() - 2 + 7) % 7 || 7; // the Tuesday before
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - back, 14, 10)).toISOString();
};

beforeAll(async () => {
  workspaceId = (await core.call('workspace.create', { name: 'Insights' })).id;
  db = core.workspaces.db(workspaceId);
  const rand = prng(42);
  // "planted": 240 posts at random hours over 120 days with ~10 engagements; Tuesdays 14:xx UTC get ~40.
  seedAccount(db, 'acc_planted');
  const posts = Array.from({ length: 240 }, () => {
    let at = now - Math.floor(rand() * 120 * DAY);
    const d = new Date(at);
    if (d.getUTCDay() === 2 && d.getUTCHours() === 14) at -= 3 * 3600_000; // only the planted ones at that hour
    return { publishedAt: new Date(at).toISOString(), likes: 8 + Math.floor(rand() * 5) };
  });
  for (let w = 1; w <= 12; w++) posts.push({ publishedAt: TUESDAY_14_UTC(w), likes: 38 + Math.floor(rand() * 5) });
  seedPosts(db, 'acc_planted', posts);
  await core.call('queue.set', { workspaceId, accountId: 'acc_planted', timeZone: 'UTC', slots: [{ weekday: 1, time: '09:00' }] });

  // "sparse": five posts only.
  seedAccount(db, 'acc_sparse');
  seedPosts(db, 'acc_sparse', Array.from({ length: 5 }, (_, i) => ({ publishedAt: new Date(now - (i + 1) * DAY).toISOString(), likes: 3 })));
  await core.call('queue.set', { workspaceId, accountId: 'acc_sparse', timeZone: 'UTC', slots: [{ weekday: 3, time: '10:00' }] });

  // "spiky": 20 ordinary posts in the last 20 days, one that went viral 3 days ago.
  seedAccount(db, 'acc_spiky', 'bluesky');
  seedPosts(
    db,
    'acc_spiky',
    Array.from({ length: 20 }, (_, i) => ({
      publishedAt: new Date(now - (i + 1) * DAY + 3600_000).toISOString(),
      likes: (i % 2 ? 10 : 20) + (i % 3),
      impressions: 1000,
    })),
  );
  seedPosts(db, 'acc_spiky', [{ publishedAt: new Date(now - 3 * DAY + 7200_000).toISOString(), likes: 400, impressions: 5000, text: 'The viral one' }]);
  // "links": 30 posts over the last 30 days; those with a link get twice the engagements.
  seedAccount(db, 'acc_links', 'x');
  seedPosts(
    db,
    'acc_links',
    Array.from({ length: 30 }, (_, i) => ({
      publishedAt: new Date(now - i * DAY - 3600_000).toISOString(),
      likes: (i % 2 ? 10 : 20) + (i % 3),
      text: i % 2 ? 'Plain words only #spring' : 'Read more https://example.com/more',
    })),
  );
  seedFollowers(db, 'acc_spiky', Array.from({ length: 40 }, (_, i) => ({ at: new Date(now - (39 - i) * DAY).toISOString(), followers: 1000 + i * 10 })));
});
afterAll(() => core.close());

describe('best times', () => {
  it('finds the planted hour, smoothed, with its evidence and confidence', async () => {
    const best = await core.call('analytics.bestTimes', { workspaceId, accountId: 'acc_planted' });
    expect(best.timeZone).toBe('UTC');
    expect(best.best[0]).toMatchObject({ weekday: 2, hour: 14 });
    expect(best.confidence).toBe('high');
    expect(best.postsUsed).toBe(252);
    expect(best.evidence).toMatch(/Tuesday 14:00 UTC/);
    expect(best.grid).toHaveLength(7);
    expect(best.grid[2]?.[14]).toBeGreaterThan(2 * best.averageEngagements);
  });

  it("reads the hours in the account's queue zone", async () => {
    await core.call('queue.set', { workspaceId, accountId: 'acc_planted', timeZone: 'Europe/Berlin', slots: [{ weekday: 1, time: '09:00' }] });
    const best = await core.call('analytics.bestTimes', { workspaceId, accountId: 'acc_planted' });
    expect(best.best[0]).toMatchObject({ weekday: 2, hour: 15 }); // CET in March is UTC+1
  });

  it("sets the account's queue slots to its best times in one call", async () => {
    const schedule = await core.call('analytics.applyBestTimes', { workspaceId, accountId: 'acc_planted' });
    expect(schedule.timeZone).toBe('Europe/Berlin');
    expect(schedule.slots).toContainEqual({ weekday: 2, time: '15:00' });
    expect(schedule.slots.length).toBeGreaterThan(1);
  });

  it('says plainly when there is too little data, and leaves the queue as it is', async () => {
    const best = await core.call('analytics.bestTimes', { workspaceId, accountId: 'acc_sparse' });
    expect(best.confidence).toBe('none');
    expect(best.best).toEqual([]);
    expect(best.evidence).toMatch(/Too little data: 5 posts/);
    await expect(core.call('analytics.applyBestTimes', { workspaceId, accountId: 'acc_sparse' })).rejects.toMatchObject({ name: 'ValidationError' });
    expect((await core.call('queue.get', { workspaceId, accountId: 'acc_sparse' })).slots).toEqual([{ weekday: 3, time: '10:00' }]);
  });

  it('reads each post in the offset its own day had: summer and winter at 10:00 Berlin are one hour; India is half an hour off UTC', async () => {
    // A workspace of its own: the dashboard tests below count this one's accounts.
    const zones = (await core.call('workspace.create', { name: 'Zones' })).id;
    const zdb = core.workspaces.db(zones);
    const rand = prng(7);
    const tuesdays = (from: string, n: number, utcHour: number, utcMinute: number) =>
      Array.from({ length: n }, (_, i) => {
        const d = new Date(Date.parse(from) + i * 7 * DAY);
        d.setUTCDate(d.getUTCDate() + ((2 - d.getUTCDay() + 7) % 7));
        d.setUTCHours(utcHour, utcMinute);
        return { publishedAt: d.toISOString(), likes: 40 };
      });
    const ordinary = () => Array.from({ length: 40 }, () => ({ publishedAt: new Date(now - Math.floor(rand() * 300 * DAY)).toISOString(), likes: 5 }));
    // 10:05 in Berlin: 08:05 UTC in summer (CEST), 09:05 UTC in winter (CET).
    seedAccount(zdb, 'acc_dst');
    seedPosts(zdb, 'acc_dst', [...tuesdays('2025-06-01T00:00:00Z', 12, 8, 5), ...tuesdays('2025-11-04T00:00:00Z', 12, 9, 5), ...ordinary()]);
    await core.call('queue.set', { workspaceId: zones, accountId: 'acc_dst', timeZone: 'Europe/Berlin', slots: [{ weekday: 1, time: '09:00' }] });
    const berlin = await core.call('analytics.bestTimes', { workspaceId: zones, accountId: 'acc_dst' });
    expect(berlin.best[0]).toMatchObject({ weekday: 2, hour: 10 });
    expect(berlin.counts[2]?.[10]).toBeGreaterThanOrEqual(24);
    expect(berlin.counts[2]?.[9] ?? 0).toBeLessThan(3); // not split across two hours
    // 04:20 UTC is 09:50 in Kolkata (UTC+5:30): the 09:00 hour, not 10:00.
    seedAccount(zdb, 'acc_ist');
    seedPosts(zdb, 'acc_ist', [...tuesdays('2025-10-01T00:00:00Z', 20, 4, 20), ...ordinary()]);
    await core.call('queue.set', { workspaceId: zones, accountId: 'acc_ist', timeZone: 'Asia/Kolkata', slots: [{ weekday: 1, time: '09:00' }] });
    expect((await core.call('analytics.bestTimes', { workspaceId: zones, accountId: 'acc_ist' })).best[0]).toMatchObject({ weekday: 2, hour: 9 });
  });

  it('refuses an unknown account', async () => {
    await expect(core.call('analytics.bestTimes', { workspaceId, accountId: 'acc_nobody' })).rejects.toMatchObject({ name: 'NotFound' });
  });
});

describe('insights', () => {
  it('flags the planted viral post and its day, with the evidence', async () => {
    const { anomalies } = await core.call('analytics.insights', { workspaceId, period: '30d', accountId: 'acc_spiky' });
    const post = anomalies.find((a) => a.kind === 'post');
    expect(post).toMatchObject({ direction: 'above', value: 400 });
    expect(post?.score).toBeGreaterThan(3.5);
    expect(post?.evidence).toMatch(/median/);
    expect(anomalies.filter((a) => a.kind === 'post')).toHaveLength(1); // the ordinary ones are not flagged
    expect(anomalies.some((a) => a.kind === 'day' && a.direction === 'above')).toBe(true);
  });

  it('finds that posts with a link do better, with how many posts it rests on', async () => {
    const { content } = await core.call('analytics.insights', { workspaceId, period: '30d', accountId: 'acc_links' });
    const withLink = content.find((c) => c.dimension === 'link' && c.group === 'with a link');
    const without = content.find((c) => c.dimension === 'link' && c.group === 'without a link');
    expect(withLink).toMatchObject({ posts: 15, confidence: 'medium' });
    expect(without?.posts).toBe(15);
    expect(withLink?.lift).toBeGreaterThan(1.2);
    expect(without?.lift).toBeLessThan(0.8);
    expect(content.find((c) => c.dimension === 'hashtags' && c.group === 'with hashtags')?.posts).toBe(15);
    expect(content.find((c) => c.dimension === 'platform')).toMatchObject({ group: 'x', posts: 30, lift: 1 });
  });

  it('summarises the week against the week before in sentences', async () => {
    const { weekOverWeek } = await core.call('analytics.insights', { workspaceId, period: '7d', accountId: 'acc_spiky' });
    expect(weekOverWeek[0]).toBe('You published 8 posts in the last 7 days, against 7 the week before.');
    expect(weekOverWeek.join(' ')).toMatch(/Followers: 1390, \+70 over the week\./);
    expect(weekOverWeek.join(' ')).toMatch(/Best post: "The viral one"/);
  });
});

describe('dashboard', () => {
  it('totals the period and the one before from the stored numbers', async () => {
    const s = await core.call('analytics.summary', { workspaceId, period: '7d', accountId: 'acc_spiky' });
    const expected = db.sqlite
      .prepare(`SELECT count(*) AS posts, sum(engagements) AS e, sum(impressions) AS i FROM post_metrics_latest WHERE account_id = 'acc_spiky' AND published_at >= ? AND published_at < ?`)
      .get(s.from, s.to) as { posts: number; e: number; i: number };
    expect(s.current).toMatchObject({ posts: expected.posts, engagements: expected.e, impressions: expected.i, followers: 1390 });
    expect(s.current.engagementRate).toBeCloseTo(expected.e / expected.i, 6);
    expect(s.previous.posts).toBe(7);
    expect(s.topPosts[0]?.text).toBe('The viral one');
    expect(s.bottomPosts[0]?.engagements).toBeLessThanOrEqual(s.topPosts[0]?.engagements ?? 0);
    expect(s.postsByDay).toHaveLength(8);
    expect(s.postsByDay.reduce((n, d) => n + d.value, 0)).toBe(expected.posts);
    expect(s.followersByDay.at(-1)?.value).toBe(1390);
    expect(s.cadenceByWeekday.reduce((a, b) => a + b, 0)).toBe(expected.posts);
  });

  it('across accounts, per platform', async () => {
    const s = await core.call('analytics.summary', { workspaceId, period: '90d' });
    expect(s.byPlatform.map((p) => p.platform).sort()).toEqual(['bluesky', 'mastodon', 'x']);
    expect(s.byPlatform.reduce((n, p) => n + p.posts, 0)).toBe(s.current.posts);
    expect(s.accounts).toHaveLength(4);
  });

  it('refuses a period it does not know', async () => {
    await expect(core.call('analytics.summary', { workspaceId, period: '1y' as never })).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
