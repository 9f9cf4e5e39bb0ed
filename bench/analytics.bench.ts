// Analytics at scale: a workspace with ACCOUNTS accounts × 2 years of daily account snapshots and
// POSTS posts × SNAPSHOTS snapshots each (default 100 × 730 and 100,000 × 30: about 3.1M rows).
// Measures sync ingest (rows/s through the same prepared inserts the sync uses), each dashboard
// query's latency, best times per account, and the database's size.
// Smaller runs: BENCH_ANALYTICS_POSTS=10000 node bench/run.mjs analytics
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../src-main/core/app';
import { insertAccountSnapshot, insertPostSnapshots, upsertComments, type PostSnapshotRow } from '../src-main/core/analytics/store';
import { memorySecretStore } from '../src-main/core/platform/secrets';
import type { AnalyticsPeriod } from '../src-shared/analytics';
import { printTable, summarize } from './stats';

const ACCOUNTS = Number(process.env.BENCH_ANALYTICS_ACCOUNTS ?? 100);
const POSTS = Number(process.env.BENCH_ANALYTICS_POSTS ?? 100_000);
const SNAPSHOTS = Number(process.env.BENCH_ANALYTICS_SNAPSHOTS ?? 30);
const DAYS = 730;
const DAY = 86_400_000;
const RUNS = 30;

const dataDir = fs.mkdtempSync(path.join(process.env.BENCH_TMP ?? os.tmpdir(), 'analytics-'));
const core = createCore({ dataDir, shell: 'cli', secrets: memorySecretStore() });
const workspaceId = (await core.call('workspace.create', { name: 'Bench' })).id;
const db = core.workspaces.db(workspaceId);
const rows: Parameters<typeof printTable>[0] = [];
const record = (what: string, samples: number[], unit = 'ms') => rows.push({ what, unit, ...summarize(samples) });
const now = Date.now();
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

// Accounts, posts and their published targets: what the sync reads, not what is measured.
const accountIds = Array.from({ length: ACCOUNTS }, (_, i) => `acc_${i}`);
const platforms = ['bluesky', 'mastodon', 'x'];
db.write(() => {
  const acc = db.sqlite.prepare(
    `INSERT INTO accounts (id, platform, platform_user_id, handle, api_base, extras, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'http://127.0.0.1:9', '{}', 'connected', ?, ?)`,
  );
  accountIds.forEach((id, i) => acc.run(id, platforms[i % 3], id, `@bench${i}`, new Date(now).toISOString(), new Date(now).toISOString()));
});
const posts: { targetId: string; accountId: string; publishedAt: number }[] = [];
const insertPost = db.sqlite.prepare(`INSERT INTO posts (id, status, text, time_zone, source, created_at, updated_at) VALUES (?, 'scheduled', ?, 'UTC', 'cli', ?, ?)`);
const insertTarget = db.sqlite.prepare(
  `INSERT INTO post_targets (id, post_id, account_id, variant, state, idempotency_key, remote_id, remote_url, published_at, updated_at) VALUES (?, ?, ?, ?, 'published', ?, ?, ?, ?, ?)`,
);
for (let start = 0; start < POSTS; start += 10_000) {
  db.write(() => {
    for (let i = start; i < Math.min(POSTS, start + 10_000); i++) {
      const accountId = accountIds[i % ACCOUNTS] as string;
      const publishedAt = now - Math.floor(rand() * DAYS * DAY);
      const at = new Date(publishedAt).toISOString();
      const text = `Post ${i} ${i % 3 === 0 ? 'https://example.com ' : ''}${i % 4 === 0 ? '#launch' : ''}`;
      const media = i % 5 === 0 ? [{ path: '/x.jpg', mimeType: 'image/jpeg' }] : [];
      insertPost.run(`post_${i}`, text, at, at);
      insertTarget.run(`tgt_${i}`, `post_${i}`, accountId, JSON.stringify({ text, media, thread: [] }), `tgt_${i}`, `r${i}`, `https://example.social/${i}`, at, at);
      posts.push({ targetId: `tgt_${i}`, accountId, publishedAt });
    }
  });
}

// Ingest: account snapshots (daily for two years), then post snapshots in sync-sized transactions.
let t = performance.now();
let accountRows = 0;
db.write(() => {
  for (const accountId of accountIds) {
    for (let d = DAYS; d >= 0; d--) {
      insertAccountSnapshot(db.sqlite, accountId, new Date(now - d * DAY).toISOString(), { followers: 1000 + (DAYS - d) * 3, following: 200, posts: 1000 });
      accountRows++;
    }
  }
});
const accountSeconds = (performance.now() - t) / 1000;
// Post snapshots the way the sync writes them: each round pulls every account's posts at one
// moment (taken_at) and stores each account's pull in one transaction. Rounds are an hour apart,
// the last an hour ago. The rows are built before the clock starts: what is timed is storing them.
const postsByAccount = new Map<string, typeof posts>();
for (const p of posts) {
  const list = postsByAccount.get(p.accountId);
  if (list) list.push(p);
  else postsByAccount.set(p.accountId, [p]);
}
let postRows = 0;
let postSeconds = 0;
for (let s = 0; s < SNAPSHOTS; s++) {
  const at = now - (SNAPSHOTS - s) * 3600_000;
  const takenAt = new Date(at).toISOString();
  const pulls = [...postsByAccount.values()].map((list) =>
    list.filter((p) => p.publishedAt < at).map((p): PostSnapshotRow => {
      const likes = Math.floor((p.publishedAt % 97) * (1 + s / 10));
      return { targetId: p.targetId, accountId: p.accountId, publishedAt: new Date(p.publishedAt).toISOString(), takenAt, values: { likes, reposts: likes >> 2, replies: likes >> 3, impressions: likes * 40 } };
    }),
  );
  t = performance.now();
  for (const pull of pulls) db.write(() => insertPostSnapshots(db.sqlite, pull));
  postSeconds += (performance.now() - t) / 1000;
  postRows += pulls.reduce((n, pull) => n + pull.length, 0);
}
db.write(() => {
  for (let i = 0; i < Math.min(POSTS, 5000); i++) {
    const p = posts[i] as (typeof posts)[number];
    upsertComments(db.sqlite, p.targetId, p.accountId, new Date(now).toISOString(), [
      { id: `c${i}`, url: `https://example.social/c${i}`, authorHandle: '@fan', text: i % 3 ? 'Love this!' : 'This is awful', createdAt: new Date(p.publishedAt + 3600_000).toISOString(), inReplyToId: 'x' },
    ]);
  }
});
db.sqlite.pragma('optimize');

const time = async (what: string, fn: (i: number) => unknown) => {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn(i);
    samples.push(performance.now() - s);
  }
  record(what, samples);
};
const pick = (i: number) => accountIds[(i * 37) % ACCOUNTS] as string;
for (const period of ['7d', '30d', '90d'] as AnalyticsPeriod[]) {
  await time(`dashboard summary, all accounts, ${period}`, () => core.call('analytics.summary', { workspaceId, period }));
  await time(`dashboard summary, one account, ${period}`, (i) => core.call('analytics.summary', { workspaceId, period, accountId: pick(i) }));
}
await time('insights (content, anomalies, week), all accounts, 30d', () => core.call('analytics.insights', { workspaceId, period: '30d' }));
await time('insights, one account, 90d', (i) => core.call('analytics.insights', { workspaceId, period: '90d', accountId: pick(i) }));
await time('comments, negative first (200)', () => core.call('analytics.comments', { workspaceId }));
await time('comments, negative only', () => core.call('analytics.comments', { workspaceId, sentiment: 'negative' }));
await time('sentiment over time, 90d', () => core.call('analytics.sentiment', { workspaceId, period: '90d' }));
await time('best times per account', (i) => core.call('analytics.bestTimes', { workspaceId, accountId: pick(i) }));
record('sync ingest, post snapshots (+ latest upsert)', [postRows / postSeconds], 'rows/s');
record('sync ingest, account snapshots', [accountRows / accountSeconds], 'rows/s');
core.close();
const dbFile = core.layout.workspaceDb(workspaceId);
const bytes = ['', '-wal'].map((suffix) => `${dbFile}${suffix}`).filter((f) => fs.existsSync(f)).reduce((n, f) => n + fs.statSync(f).size, 0);
process.stdout.write(`${ACCOUNTS} accounts × ${DAYS + 1} daily snapshots (${accountRows} rows); ${POSTS} posts × ${SNAPSHOTS} snapshots (${postRows} rows)\n\n`);
printTable(rows);
process.stdout.write(`\nworkspace database size: ${(bytes / 1024 / 1024).toFixed(1)} MB\n`);
fs.rmSync(dataDir, { recursive: true, force: true });
