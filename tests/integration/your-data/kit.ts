// A workspace with data in every table and media of every kind, for the export tests.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { Core } from '../../../src-main/core/app';
import { HELD_MESSAGE } from '../../../src-main/core/data/hold-schedule';
import type { DataJob } from '../../../src-shared/your-data';
import { snapshotFiles, tempDir } from '../../helpers/core';
import { startFakeOpenAi } from '../../fakes/openai/server';
import { remoteIdOf, world, type World } from '../posts/scheduling-kit';

const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);

let inputs: string | undefined;
/** A picture, a video and two audio files, made once per test file. */
export function mediaInputs(): string[] {
  if (!inputs) {
    inputs = tempDir('promogpt-export-in-');
    const at = (n: string) => path.join(inputs as string, n);
    ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-frames:v', '1', at('pic.png'));
    ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=25:duration=1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', at('clip.mp4'));
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', at('tone.wav'));
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=660:duration=1', '-c:a', 'libmp3lame', at('tone.mp3'));
  }
  return ['pic.png', 'clip.mp4', 'tone.wav', 'tone.mp3'].map((n) => path.join(inputs as string, n));
}

export const APP_SECRET = 'x-app-client-secret-0123456789';

/**
 * Fills a workspace through the app: accounts, posts published and scheduled, a series, queue
 * slots, evergreen, media with captions, a render, an AI provider and a generation, and synced
 * metrics with a reply and its AI sentiment.
 */
export async function filledWorld(): Promise<World> {
  const w = await world('2026-03-02T09:00:00.000Z');
  const { core, workspaceId } = w;
  const { account } = await w.addMastodon('alice');
  await core.call('credentials.set', { workspaceId, platform: 'x', clientId: 'x-client-id', clientSecret: APP_SECRET });
  // Nothing in the app writes the audit log yet: one row by hand, so the table is covered too.
  core.workspaces.db(workspaceId).sqlite.prepare(`INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)`).run('2026-03-02T09:00:00.000Z', 'me', 'test', 'a row');
  await core.call('publishing.updateSettings', { workspaceId, lateWindowMinutes: 90 });
  await core.call('queue.set', { workspaceId, accountId: account.id, timeZone: 'Europe/Berlin', slots: [{ weekday: 2, time: '10:00' }] });
  const added = await core.call('media.add', { workspaceId, paths: mediaInputs() });
  const picture = added.find((r) => r.ok && r.item.kind === 'image');
  if (!picture?.ok) throw new Error('the picture was not added');
  await core.call('media.setAltText', { workspaceId, mediaId: picture.item.id, altText: 'A test card' });
  await core.call('media.setTags', { workspaceId, mediaId: picture.item.id, tags: ['launch'] });
  const published = await core.call('post.create', { workspaceId, accountIds: [account.id], text: 'Hello from the export test', when: { kind: 'now' } });
  await w.run();
  await core.call('post.create', {
    workspaceId,
    accountIds: [account.id],
    text: 'Later, with a picture',
    media: [{ mediaId: picture.item.id }],
    when: { kind: 'at', at: '2026-03-05 10:00', timeZone: 'Europe/Berlin' },
  });
  await core.call('post.create', {
    workspaceId,
    accountIds: [account.id],
    text: 'Every Monday',
    when: { kind: 'recurring', start: '2026-03-09 08:00', timeZone: 'Europe/Berlin', rule: { every: 1, unit: 'week' } },
  });
  await core.call('evergreen.add', { workspaceId, postId: published.id });
  await core.call('post.saveDraft', { workspaceId, draft: { text: 'A draft "with quotes", commas\nand a new line', accountIds: [account.id] } });
  const render = await core.call('media.render', { workspaceId, request: { kind: 'image-to-video', imageIds: [picture.item.id], aspect: '1:1', secondsPerImage: 1 } });
  await core.scheduler.runNow(workspaceId, render.id);

  const video = added.find((r) => r.ok && r.item.kind === 'video');
  if (!video?.ok) throw new Error('the video was not added');
  await core.call('media.setCaptions', { workspaceId, mediaId: video.item.id, lang: 'en', text: '1\n00:00:00,000 --> 00:00:00,900\nHello\n' });

  const ai = await startFakeOpenAi();
  try {
    await core.call('ai.saveProvider', { workspaceId, name: 'Local', baseUrl: ai.baseUrl, textModel: 'fake-text-1', maxRetries: 0 });
    await core.call('studio.generateText', { workspaceId, brief: 'Announce the export', platforms: ['mastodon'] });

    const fan = w.mastodon.addAccount({ username: 'fan', displayName: 'fan' });
    const live = (await w.get(published.id)).targets[0]?.remoteUrl ?? null;
    w.mastodon.reply(remoteIdOf(live), fan.id, 'Great news, thank you!');
    await core.call('analytics.sync', { workspaceId });
    // The reply's AI sentiment label, kept beside the lexicon's.
    await core.call('analytics.updateSettings', { workspaceId, aiSentiment: true });
    ai.answers.push({ content: JSON.stringify([{ n: 1, sentiment: 'positive', score: 0.9 }]) });
    await core.call('analytics.scoreSentiment', { workspaceId });
  } finally {
    await ai.close();
  }
  // A query-history row through the same API the "ask" answer goes through (typed SQL needs no AI provider), pinned so the flag round-trips.
  const asked = await core.call('analytics.runSql', { workspaceId, sql: 'SELECT platform, count(*) AS posts FROM analytics_posts GROUP BY platform', question: 'How many posts per platform?' });
  await core.call('analytics.pin', { workspaceId, id: asked.query.id });
  return w;
}

export function dbFile(core: Core, workspaceId: string): string {
  return core.layout.workspaceDb(workspaceId);
}

/** Every table's rows (ordered by rowid), read with a plain connection. */
export function tableRows(file: string): Map<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    return new Map(names.map((n) => [n, db.prepare(`SELECT * FROM "${n}" ORDER BY rowid`).all()]));
  } finally {
    db.close();
  }
}

export function mediaFiles(core: Core, workspaceId: string): Map<string, string> {
  const dir = path.join(core.layout.workspaceDir(workspaceId), 'media');
  const files = snapshotFiles(dir);
  for (const k of [...files.keys()]) if (k.startsWith('.')) files.delete(k);
  return files;
}

export async function exportAndWait(core: Core, input: { workspaceId?: string; all?: boolean; out: string; passphrase?: string }): Promise<DataJob> {
  const job = await core.call('data.export', input);
  return core.yourData.wait(job.id);
}

export async function importAndWait(core: Core, file: string, passphrase?: string): Promise<DataJob> {
  const job = await core.call('data.import', { file, ...(passphrase ? { passphrase } : {}) });
  return core.yourData.wait(job.id);
}

/** The whole data folder's files with hashes, to prove a refused import changed nothing. */
export function dataFolder(core: Core): Map<string, string> {
  const files = snapshotFiles(core.layout.root);
  // SQLite's side files change on any read; the databases themselves are what matter.
  for (const k of [...files.keys()]) if (k.endsWith('-shm') || k.endsWith('-wal') || k.startsWith('logs')) files.delete(k);
  return files;
}

export function exists(file: string): boolean {
  return fs.existsSync(file);
}

/**
 * The rows a copy imported beside its original should hold (hold-schedule.ts): waiting copies of
 * posts set to needs attention with the reason, the jobs that would post cancelled, the evergreen
 * pool off. Times written by the import are matched as any string.
 */
export function asHeld(rows: Map<string, unknown[]>): Map<string, unknown[]> {
  const out = new Map(rows);
  type Row = Record<string, unknown>;
  out.set('post_targets', (rows.get('post_targets') as Row[]).map((r) => (r.state === 'queued' || r.state === 'publishing' ? { ...r, state: 'needs_attention', error_name: 'Conflict', error_message: HELD_MESSAGE, updated_at: expect.any(String) } : r)));
  const posting = new Set(['publish', 'series.extend', 'evergreen.requeue']);
  out.set(
    'jobs',
    (rows.get('jobs') as Row[]).map((r) =>
      posting.has(r.kind as string) && ['queued', 'running', 'needs_attention'].includes(r.state as string)
        ? { ...r, state: 'cancelled', lease_owner: null, lease_expires_at: null, last_error_name: 'Conflict', last_error_message: HELD_MESSAGE, updated_at: expect.any(String) }
        : r,
    ),
  );
  out.set('workspace_settings', (rows.get('workspace_settings') as Row[]).map((r) => (r.key === 'evergreen' ? { ...r, value: JSON.stringify({ ...JSON.parse(r.value as string), enabled: false }) } : r)));
  return out;
}
