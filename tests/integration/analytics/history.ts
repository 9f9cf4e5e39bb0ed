// Generated analytics histories with known answers, written straight into a real workspace
// database as the sync would have left them (targets published, snapshots, latest numbers).
import type { WorkspaceDb } from '../../../src-main/core/db/app-db';
import { insertAccountSnapshot, insertPostSnapshots } from '../../../src-main/core/analytics/store';

/** A small deterministic PRNG (mulberry32), so a generated history is the same every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedAccount(db: WorkspaceDb, id: string, platform = 'mastodon', handle = `@${id}`): void {
  const at = '2025-01-01T00:00:00.000Z';
  db.sqlite
    .prepare(
      `INSERT INTO accounts (id, platform, platform_user_id, handle, api_base, extras, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'http://127.0.0.1:9', '{}', 'connected', ?, ?)`,
    )
    .run(id, platform, id, handle, at, at);
}

export interface SeedPost {
  publishedAt: string;
  likes: number;
  reposts?: number;
  replies?: number;
  impressions?: number;
  text?: string;
  media?: { path: string; mimeType: string }[];
}

let n = 0;
/** Published posts with their latest numbers (one snapshot each); returns the target ids. */
export function seedPosts(db: WorkspaceDb, accountId: string, posts: SeedPost[]): string[] {
  const ids: string[] = [];
  const insertPost = db.sqlite.prepare(`INSERT INTO posts (id, status, text, time_zone, source, created_at, updated_at) VALUES (?, 'scheduled', ?, 'UTC', 'cli', ?, ?)`);
  const insertTarget = db.sqlite.prepare(
    `INSERT INTO post_targets (id, post_id, account_id, variant, state, idempotency_key, remote_id, remote_url, published_at, updated_at)
     VALUES (?, ?, ?, ?, 'published', ?, ?, ?, ?, ?)`,
  );
  db.write(() => {
    for (const p of posts) {
      const k = ++n;
      const text = p.text ?? `Post number ${k}`;
      insertPost.run(`post_g${k}`, text, p.publishedAt, p.publishedAt);
      insertTarget.run(`tgt_g${k}`, `post_g${k}`, accountId, JSON.stringify({ text, media: p.media ?? [], thread: [] }), `tgt_g${k}`, `r${k}`, `https://example.social/@x/${k}`, p.publishedAt, p.publishedAt);
      insertPostSnapshots(db.sqlite, [
        {
          targetId: `tgt_g${k}`,
          accountId,
          publishedAt: p.publishedAt,
          takenAt: new Date(Date.parse(p.publishedAt) + 86_400_000).toISOString(),
          values: { likes: p.likes, reposts: p.reposts ?? 0, replies: p.replies ?? 0, ...(p.impressions === undefined ? {} : { impressions: p.impressions }) },
        },
      ]);
      ids.push(`tgt_g${k}`);
    }
  });
  return ids;
}

export function seedFollowers(db: WorkspaceDb, accountId: string, points: { at: string; followers: number }[]): void {
  db.write(() => {
    for (const p of points) insertAccountSnapshot(db.sqlite, accountId, p.at, { followers: p.followers });
  });
}
