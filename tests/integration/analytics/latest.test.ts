// The latest numbers (post_metrics_latest) and the dashboards read from them stay right however
// pulls arrive: out of order, the same pull twice, several pulls of a post in one batch, numbers
// that go down, posts deleted on the platform or with their account, batches longer than one
// multi-row statement. Checked against the history itself: the newest snapshot of each post.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPostSnapshots, ROWS_PER_STATEMENT, type PostSnapshotRow } from '../../../src-main/core/analytics/store';
import type { WorkspaceDb } from '../../../src-main/core/db/app-db';
import { FIXED_NOW, testCore } from '../../helpers/core';
import { prng, seedAccount, seedPosts } from './history';

const core = testCore();
let workspaceId: string;
let db: WorkspaceDb;
const now = Date.parse(FIXED_NOW);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  workspaceId = (await core.call('workspace.create', { name: 'Latest' })).id;
  db = core.workspaces.db(workspaceId);
});
afterAll(() => core.close());

/** One published post of `accountId`, synced once (10 likes) a day after it went out, published `daysAgo`. */
function onePost(accountId: string, daysAgo: number): { targetId: string; publishedAt: string } {
  const publishedAt = iso(now - daysAgo * DAY);
  const [targetId] = seedPosts(db, accountId, [{ publishedAt, likes: 10 }]);
  return { targetId: targetId as string, publishedAt };
}
const pull = (accountId: string, post: { targetId: string; publishedAt: string }, takenAt: number, likes: number, reposts = 0): PostSnapshotRow => ({
  targetId: post.targetId,
  accountId,
  publishedAt: post.publishedAt,
  takenAt: iso(takenAt),
  values: { likes, reposts },
});
const ingest = (rows: PostSnapshotRow[]) => db.write(() => insertPostSnapshots(db.sqlite, rows));
const latest = (targetId: string) =>
  db.sqlite.prepare('SELECT taken_at AS takenAt, likes, reposts, engagements FROM post_metrics_latest WHERE target_id = ?').get(targetId) as
    | { takenAt: string; likes: number; reposts: number; engagements: number }
    | undefined;
const history = (targetId: string) => db.sqlite.prepare('SELECT taken_at AS takenAt, likes FROM post_metric_snapshots WHERE target_id = ? ORDER BY taken_at, id').all(targetId);
const summary = (accountId?: string) => core.call('analytics.summary', { workspaceId, period: '30d', ...(accountId ? { accountId } : {}) });

describe('latest numbers of a post', () => {
  it('an older pull arriving after a newer one is kept in the history but does not roll the numbers back', async () => {
    seedAccount(db, 'acc_order');
    const post = onePost('acc_order', 5);
    ingest([pull('acc_order', post, now - 1 * DAY, 50, 5)]);
    ingest([pull('acc_order', post, now - 3 * DAY, 20, 1)]); // a slow sync's older pull, late
    expect(latest(post.targetId)).toEqual({ takenAt: iso(now - DAY), likes: 50, reposts: 5, engagements: 55 });
    expect(history(post.targetId)).toEqual([
      { takenAt: iso(now - 4 * DAY), likes: 10 },
      { takenAt: iso(now - 3 * DAY), likes: 20 },
      { takenAt: iso(now - DAY), likes: 50 },
    ]);
    expect((await summary('acc_order')).current).toMatchObject({ posts: 1, likes: 50, reposts: 5, engagements: 55 });
  });

  it('several pulls of one post in one batch, in any order: every one is stored, the newest wins', async () => {
    seedAccount(db, 'acc_batch');
    const post = onePost('acc_batch', 6);
    ingest([pull('acc_batch', post, now - 2 * DAY, 30), pull('acc_batch', post, now - DAY, 40), pull('acc_batch', post, now - 3 * DAY, 25)]);
    expect(latest(post.targetId)).toMatchObject({ takenAt: iso(now - DAY), likes: 40 });
    expect(history(post.targetId)).toHaveLength(4);
    expect((await summary('acc_batch')).current).toMatchObject({ posts: 1, likes: 40 });
  });

  it('the same pull synced twice is stored twice (every pull is kept) and counts the post once', async () => {
    seedAccount(db, 'acc_twice');
    const post = onePost('acc_twice', 4);
    const same = pull('acc_twice', post, now - DAY, 33, 3);
    ingest([same]);
    ingest([same]);
    expect(latest(post.targetId)).toEqual({ takenAt: iso(now - DAY), likes: 33, reposts: 3, engagements: 36 });
    expect(history(post.targetId)).toHaveLength(3);
    expect((await summary('acc_twice')).current).toMatchObject({ posts: 1, likes: 33, engagements: 36 });
  });

  it('a number that goes down (an unlike) is followed: the latest numbers and the totals drop', async () => {
    seedAccount(db, 'acc_down');
    const post = onePost('acc_down', 3);
    ingest([pull('acc_down', post, now - 2 * DAY, 80, 8)]);
    expect((await summary('acc_down')).current).toMatchObject({ likes: 80, engagements: 88 });
    ingest([pull('acc_down', post, now - DAY, 70, 2)]);
    expect(latest(post.targetId)).toMatchObject({ likes: 70, reposts: 2, engagements: 72 });
    const s = await summary('acc_down');
    expect(s.current).toMatchObject({ posts: 1, likes: 70, reposts: 2, engagements: 72 });
    expect(s.topPosts.map((p) => [p.targetId, p.engagements])).toEqual([[post.targetId, 72]]);
  });

  it('a post deleted on the platform keeps its last known numbers; an account removed with its history leaves every total', async () => {
    seedAccount(db, 'acc_gone', 'bluesky');
    const kept = onePost('acc_gone', 2); // deleted on the platform: the sync reads nothing more for it
    ingest([pull('acc_gone', kept, now - DAY, 12)]);
    expect((await summary('acc_gone')).current).toMatchObject({ posts: 1, likes: 12 });

    seedAccount(db, 'acc_removed', 'x');
    onePost('acc_removed', 2); // this period
    onePost('acc_removed', 40); // the period before
    const before = await summary();
    expect(before.byPlatform.map((p) => p.platform)).toContain('x');
    await core.call('account.remove', { workspaceId, accountId: 'acc_removed', deleteHistory: true });
    const after = await summary();
    expect(after.current.posts).toBe(before.current.posts - 1);
    expect(after.previous.posts).toBe(before.previous.posts - 1);
    expect(after.byPlatform.map((p) => p.platform)).not.toContain('x');
    expect(after.current.likes).toBe((before.current.likes as number) - 10);
  });
});

describe('a generated history ingested in shuffled batches', () => {
  it('leaves each post at its newest snapshot and the dashboard at the sums of those', async () => {
    seedAccount(db, 'acc_gen_a', 'mastodon');
    seedAccount(db, 'acc_gen_b', 'bluesky');
    const rand = prng(9);
    const posts = Array.from({ length: 60 }, (_, i) => ({ accountId: i % 2 ? 'acc_gen_a' : 'acc_gen_b', ...onePost(i % 2 ? 'acc_gen_a' : 'acc_gen_b', 1 + Math.floor(rand() * 25)) }));
    // Eight pulls per post whose numbers wander up and down, shuffled, ingested in uneven batches
    // longer than one multi-row statement.
    const rows: PostSnapshotRow[] = posts.flatMap((p) =>
      Array.from({ length: 8 }, (_, k) => pull(p.accountId, p, Date.parse(p.publishedAt) + (k + 2) * 3600_000, Math.floor(rand() * 100), Math.floor(rand() * 10))),
    );
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [rows[i], rows[j]] = [rows[j] as PostSnapshotRow, rows[i] as PostSnapshotRow];
    }
    expect(rows.length).toBeGreaterThan(2 * ROWS_PER_STATEMENT);
    for (let i = 0; i < rows.length; ) {
      const n = 1 + Math.floor(rand() * 2.5 * ROWS_PER_STATEMENT);
      ingest(rows.slice(i, i + n));
      i += n;
    }
    // The newest pull of each post, straight from the history.
    const newest = db.sqlite
      .prepare(
        `SELECT s.target_id AS targetId, s.likes AS likes, s.reposts AS reposts FROM post_metric_snapshots s
         WHERE s.account_id IN ('acc_gen_a', 'acc_gen_b') AND s.taken_at = (SELECT max(taken_at) FROM post_metric_snapshots x WHERE x.target_id = s.target_id)
         ORDER BY s.target_id`,
      )
      .all() as { targetId: string; likes: number; reposts: number }[];
    expect(newest).toHaveLength(60);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM post_metric_snapshots WHERE account_id IN (?, ?)').get('acc_gen_a', 'acc_gen_b')).toEqual({ n: 60 + rows.length });
    const stored = db.sqlite
      .prepare(`SELECT target_id AS targetId, likes, reposts FROM post_metrics_latest WHERE account_id IN ('acc_gen_a', 'acc_gen_b') ORDER BY target_id`)
      .all();
    expect(stored).toEqual(newest);

    for (const accountId of ['acc_gen_a', 'acc_gen_b']) {
      const mine = newest.filter((n) => posts.find((p) => p.targetId === n.targetId)?.accountId === accountId);
      const s = await summary(accountId);
      expect(s.current).toMatchObject({
        posts: mine.length,
        likes: mine.reduce((n, r) => n + r.likes, 0),
        reposts: mine.reduce((n, r) => n + r.reposts, 0),
        engagements: mine.reduce((n, r) => n + r.likes + r.reposts, 0),
      });
      const best = [...mine].sort((x, y) => y.likes + y.reposts - (x.likes + x.reposts))[0] as (typeof mine)[number];
      expect(s.topPosts[0]?.engagements).toBe(best.likes + best.reposts);
      expect(s.engagementsByDay.reduce((n, d) => n + d.value, 0)).toBe(s.current.engagements);
    }
  });
});
