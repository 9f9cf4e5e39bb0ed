import { createCore, type Core } from '../../../src-main/core/app';
import type { WorkspaceDb } from '../../../src-main/core/db/app-db';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { sequentialIds } from '../../../src-main/core/platform/ids';
import { memorySecretStore } from '../../../src-main/core/platform/secrets';
import { startFakeOpenAi, type FakeOpenAi } from '../../fakes/openai/server';
import { FIXED_NOW, tempDir } from '../../helpers/core';
import { seedAccount, seedPosts } from '../analytics/history';
import { routedFetch } from '../generate/helpers';

export interface AskSetup {
  core: Core;
  fake: FakeOpenAi;
  workspaceId: string;
  dataDir: string;
  db: WorkspaceDb;
  close(): Promise<void>;
}

/** A real core on a real SQLite file, a fake OpenAI-compatible server as its one provider, and seeded analytics. */
export async function askSetup(opts: { askTimeLimitMs?: number } = {}): Promise<AskSetup> {
  const fake = await startFakeOpenAi();
  const dataDir = tempDir('promogpt-ask-');
  const core = createCore({ dataDir, shell: 'cli', clock: fixedClock(FIXED_NOW), ids: sequentialIds(), secrets: memorySecretStore(), fetch: routedFetch(fake), askTimeLimitMs: opts.askTimeLimitMs ?? 1500 });
  const workspaceId = (await core.call('workspace.create', { name: 'Acme' })).id;
  await core.call('ai.saveProvider', { workspaceId, name: 'Local', baseUrl: fake.baseUrl, textModel: 'fake-text-1', maxRetries: 0 });
  const db = core.workspaces.db(workspaceId);
  seedAnalytics(db);
  return {
    core,
    fake,
    workspaceId,
    dataDir,
    db,
    async close() {
      core.close();
      await fake.close();
    },
  };
}

const video = [{ path: 'clip.mp4', mimeType: 'video/mp4' }];
const image = [{ path: 'pic.png', mimeType: 'image/png' }];

/**
 * Known answers: on X in Q4 2025 the video posts are 11 (likes 90+reposts 10), 12 (40) and 13 (5);
 * a picture post (300) and a Mastodon video (500) and an X video from Q1 2026 (700) must not count.
 */
export function seedAnalytics(db: WorkspaceDb): void {
  seedAccount(db, 'acc_x', 'x', '@acme');
  seedAccount(db, 'acc_masto', 'mastodon', '@acme@example.social');
  seedPosts(db, 'acc_x', [
    { publishedAt: '2025-10-05T10:00:00.000Z', likes: 90, reposts: 10, text: 'Video eleven', media: video },
    { publishedAt: '2025-11-20T10:00:00.000Z', likes: 40, text: 'Video twelve', media: video },
    { publishedAt: '2025-12-30T10:00:00.000Z', likes: 5, text: 'Video thirteen', media: video },
    { publishedAt: '2025-11-01T10:00:00.000Z', likes: 300, text: 'A picture', media: image },
    { publishedAt: '2026-01-15T10:00:00.000Z', likes: 700, text: 'Video of the new year', media: video },
  ]);
  seedPosts(db, 'acc_masto', [{ publishedAt: '2025-11-11T10:00:00.000Z', likes: 500, text: 'Mastodon video', media: video }]);
}

/** Every table's rows and the schema, to show a refused query changed nothing (the history table aside). */
export function dump(db: WorkspaceDb): string {
  const tables = db.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string | null }[];
  const out: Record<string, unknown> = { schema: tables };
  for (const t of tables) {
    if (t.name === 'analytics_queries' || !t.sql?.startsWith('CREATE TABLE')) continue;
    out[t.name] = db.sqlite.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).all();
  }
  return JSON.stringify(out);
}
