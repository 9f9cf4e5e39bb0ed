import { beforeAll, describe, expect, it } from 'vitest';
import { upsertComments } from '../../src-main/core/analytics/store';
import type { AnalyticsSummary, BestTimes, StoredComment, SyncReport } from '../../src-shared/analytics';
import { assertBuilt, promogpt } from '../helpers/cli';
import { tempDir, testCore } from '../helpers/core';
import { seedAccount, seedFollowers, seedPosts } from './analytics/history';

// The analytics commands as a user scripts them, on a workspace with a known history.
const dataDir = tempDir();
const cli = (args: string[]) => promogpt(['--data-dir', dataDir, ...args]);
const DAY = 86_400_000;
let published: string[] = [];
const within = (from: string, to: string) => published.filter((at) => at >= from && at < to).length;

beforeAll(() => {
  assertBuilt();
  expect(cli(['workspace', 'create', 'Acme']).code).toBe(0);
  const core = testCore({ dataDir });
  const [ws] = core.workspaces.list();
  const db = core.workspaces.db(ws?.id as string);
  const now = Date.now();
  seedAccount(db, 'acc_shop', 'mastodon', '@shop@example.social');
  // 30 posts on Wednesdays 18:xx UTC do well, 30 at other hours do not.
  const posts = Array.from({ length: 60 }, (_, i) => {
    const d = new Date(now - (i + 1) * 3 * DAY);
    const wednesday = i % 2 === 0;
    const at = wednesday ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() - 3 + 7) % 7), 18, 5) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 7, 30);
    return { publishedAt: new Date(at).toISOString(), likes: wednesday ? 30 : 5, text: `Post ${i}` };
  });
  const ids = seedPosts(db, 'acc_shop', posts);
  published = posts.map((p) => p.publishedAt);
  seedFollowers(db, 'acc_shop', [
    { at: new Date(now - 20 * DAY).toISOString(), followers: 500 },
    { at: new Date(now - DAY).toISOString(), followers: 540 },
  ]);
  db.write(() =>
    upsertComments(db.sqlite, ids[0] as string, 'acc_shop', new Date(now).toISOString(), [
      { id: 'c1', url: 'https://example.social/@ann/1', authorHandle: '@ann', text: 'Love it 😍', createdAt: new Date(now - DAY).toISOString(), inReplyToId: 'r1' },
      { id: 'c2', url: 'https://example.social/@ben/2', authorHandle: '@ben', text: 'Terrible service, my order never came', createdAt: new Date(now - DAY).toISOString(), inReplyToId: 'r1' },
      { id: 'c3', url: 'https://example.social/@cy/3', authorHandle: '@cy', text: 'What time do you open?', createdAt: new Date(now - DAY).toISOString(), inReplyToId: 'r1' },
    ]),
  );
  core.close();
}, 60_000);

describe('promogpt analytics', () => {
  it('summary --json: the period against the one before', () => {
    const r = cli(['--json', 'analytics', 'summary', '--period', '30d']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as AnalyticsSummary;
    expect(s.period).toBe('30d');
    expect(s.current.posts).toBe(within(s.from, s.to));
    expect(s.current.posts).toBeGreaterThan(5);
    expect(s.current.followers).toBe(540);
    expect(s.previous.posts).toBe(within(s.previousFrom, s.from));
    expect(s.topPosts[0]?.engagements).toBe(30);
  });

  it('summary in words, and for one account', () => {
    const r = cli(['analytics', 'summary', '--period', '7d', '--account', 'acc_shop']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Last 7d \(/);
    expect(r.stdout).toMatch(/followers +540/);
  });

  it('refuses an unknown period or account with a JSON error', () => {
    const period = cli(['--json', 'analytics', 'summary', '--period', '1y']);
    expect(period.code).toBe(1);
    expect(JSON.parse(period.stderr)).toMatchObject({ error: { name: 'ValidationError', message: expect.stringContaining('7d, 30d, 90d') } });
    const account = cli(['--json', 'analytics', 'summary', '--account', 'acc_nope']);
    expect(account.code).toBe(1);
    expect(JSON.parse(account.stderr)).toMatchObject({ error: { name: 'NotFound' } });
  });

  it('best-times --account: the planted hour', () => {
    const r = cli(['--json', 'analytics', 'best-times', '--account', 'acc_shop']);
    expect(r.code).toBe(0);
    const b = JSON.parse(r.stdout) as BestTimes;
    expect(b.confidence).toBe('medium');
    // The queue zone defaults to this machine's; the test machines run in UTC.
    if (b.timeZone === 'UTC' || b.timeZone === 'Etc/UTC') expect(b.best[0]).toMatchObject({ weekday: 3, hour: 18 });
    expect(cli(['analytics', 'best-times']).code).not.toBe(0); // --account is required
  });

  it('comments: most negative first, filtered by sentiment or post', () => {
    const all = JSON.parse(cli(['--json', 'analytics', 'comments']).stdout) as StoredComment[];
    expect(all.map((c) => c.sentiment)).toEqual(['negative', 'neutral', 'positive']);
    const negative = JSON.parse(cli(['--json', 'analytics', 'comments', '--sentiment', 'negative']).stdout) as StoredComment[];
    expect(negative).toEqual([expect.objectContaining({ authorHandle: '@ben', url: 'https://example.social/@ben/2' })]);
    expect(JSON.parse(cli(['--json', 'analytics', 'comments', '--post', all[0]?.postId as string]).stdout)).toHaveLength(3);
    const bad = cli(['--json', 'analytics', 'comments', '--sentiment', 'angry']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { name: 'ValidationError' } });
    expect(cli(['analytics', 'comments', '--sentiment', 'negative']).stdout).toMatch(/^negative +-?\d/);
  });

  it('sync: an account that cannot sync says why and the command exits 1', () => {
    const r = cli(['--json', 'analytics', 'sync']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as SyncReport;
    expect(report.accounts).toEqual([expect.objectContaining({ accountId: 'acc_shop', outcome: 'failed', message: expect.stringContaining('Reconnect') })]);
    const unknown = cli(['--json', 'analytics', 'sync', '--account', 'acc_nope']);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { name: 'NotFound' } });
  });

  it('lists every analytics command, ask your data included', () => {
    const help = cli(['analytics', '--help']).stdout;
    for (const command of ['sync', 'summary', 'best-times', 'comments', 'ask', 'sql', 'history', 'rerun', 'pin']) expect(help).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });
});
