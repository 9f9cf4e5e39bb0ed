// Importing a workspace beside its original must not post its schedule twice; importing it on
// another computer (no original there) keeps the schedule as it was.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HELD_MESSAGE } from '../../../src-main/core/data/hold-schedule';
import { tempDir, testCore } from '../../helpers/core';
import type { World } from '../posts/scheduling-kit';
import { dbFile, exportAndWait, filledWorld, importAndWait, tableRows } from './kit';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

type Row = Record<string, unknown>;
const rows = (file: string, table: string) => tableRows(file).get(table) as Row[];

async function exported(): Promise<{ w: World; out: string; queued: Row[] }> {
  const w = await filledWorld();
  worlds.push(w);
  await w.core.call('evergreen.configure', { workspaceId: w.workspaceId, enabled: true });
  const queued = rows(dbFile(w.core, w.workspaceId), 'post_targets').filter((t) => t.state === 'queued');
  expect(queued.length, 'the world has posts waiting to go out').toBeGreaterThan(1);
  const out = path.join(tempDir(), 'acme.promogpt');
  expect(await exportAndWait(w.core, { workspaceId: w.workspaceId, out })).toMatchObject({ state: 'succeeded' });
  return { w, out, queued };
}

describe('import beside the original', () => {
  it('holds the copy’s schedule: nothing would post twice, each post says why and how to resume', async () => {
    const { w, out, queued } = await exported();
    const original = tableRows(dbFile(w.core, w.workspaceId));
    const job = await importAndWait(w.core, out);
    expect(job.error).toBeNull();
    const copy = job.imported![0]!;
    expect(copy.heldPosts).toBe(queued.length);

    const file = dbFile(w.core, copy.id);
    const targets = rows(file, 'post_targets');
    for (const t of queued) expect(targets.find((x) => x.id === t.id)).toMatchObject({ state: 'needs_attention', error_message: HELD_MESSAGE });
    const posting = rows(file, 'jobs').filter((j) => ['publish', 'series.extend', 'evergreen.requeue'].includes(j.kind as string));
    expect(posting.length).toBeGreaterThan(0);
    expect(posting.filter((j) => j.state === 'queued' || j.state === 'running')).toEqual([]);
    expect((await w.core.call('evergreen.get', { workspaceId: copy.id })).enabled).toBe(false);

    // The post page shows the reason with a Retry; the original is untouched and still schedules them.
    const post = (await w.core.call('post.list', { workspaceId: copy.id })).find((p) => p.text === 'Later, with a picture')!;
    expect(post.targets[0]).toMatchObject({ state: 'needs_attention', message: HELD_MESSAGE, action: 'retry' });
    expect(tableRows(dbFile(w.core, w.workspaceId))).toEqual(original);
    expect((await w.core.call('evergreen.get', { workspaceId: w.workspaceId })).enabled).toBe(true);

    // Running everything due in the next 70 days: the original posts its schedule, the copy nothing.
    const published = (file: string) => rows(file, 'post_targets').filter((t) => t.state === 'published').length;
    const remote = rows(file, 'accounts')[0]!.platform_user_id as string;
    const [createdBefore, originalBefore] = [w.mastodon.createdStatuses(remote), published(dbFile(w.core, w.workspaceId))];
    w.clock.advance(70 * 86_400_000);
    await w.core.scheduler.runUntilIdle();
    const originalPosted = published(dbFile(w.core, w.workspaceId)) - originalBefore;
    expect(originalPosted).toBeGreaterThan(0);
    expect(w.mastodon.createdStatuses(remote) - createdBefore).toBe(originalPosted);
    expect(rows(file, 'post_targets').filter((t) => t.state === 'published')).toHaveLength(published(dbFile(w.core, w.workspaceId)) - originalPosted);
  }, 120_000);

  it('Retry resumes a held post at its planned time, not at once', async () => {
    const { w, out } = await exported();
    const copy = (await importAndWait(w.core, out)).imported![0]!;
    // Signed in again (as "reconnect" would leave it).
    w.core.workspaces.db(copy.id).sqlite.prepare(`UPDATE accounts SET status = 'connected', status_reason = NULL`).run();
    const post = (await w.core.call('post.list', { workspaceId: copy.id })).find((p) => p.text === 'Later, with a picture')!;
    const target = post.targets[0]!;
    const resumed = await w.core.call('post.retryTarget', { workspaceId: copy.id, targetId: target.id });
    expect(resumed.targets[0]).toMatchObject({ state: 'queued', message: null });
    const jobs = rows(dbFile(w.core, copy.id), 'jobs').filter((j) => j.kind === 'publish' && j.state === 'queued');
    expect(jobs.map((j) => j.run_at)).toEqual([post.scheduledAt]);
    expect(post.scheduledAt! > w.clock.now().toISOString()).toBe(true);
  }, 120_000);

  it('Retry on an occurrence of a held repeating post resumes the series in the copy', async () => {
    const { w, out } = await exported();
    const copy = (await importAndWait(w.core, out)).imported![0]!;
    w.core.workspaces.db(copy.id).sqlite.prepare(`UPDATE accounts SET status = 'connected', status_reason = NULL`).run();
    const file = dbFile(w.core, copy.id);
    const occurrences = () => rows(file, 'posts').filter((p) => p.series_id);
    const seriesId = occurrences()[0]!.series_id as string;
    const extensions = () => rows(file, 'jobs').filter((j) => j.kind === 'series.extend' && j.state === 'queued');
    expect(extensions()).toEqual([]);
    const lastBefore = occurrences().map((p) => p.scheduled_at as string).sort().at(-1)!;

    const held = (await w.core.call('post.list', { workspaceId: copy.id })).find((p) => p.id === occurrences()[0]!.id)!;
    await w.core.call('post.retryTarget', { workspaceId: copy.id, targetId: held.targets[0]!.id });
    expect(extensions().map((j) => JSON.parse(j.payload as string) as unknown)).toEqual([{ seriesId }]);
    // Later, the series goes on in the copy: occurrences beyond the last one it came with.
    w.clock.advance(45 * 86_400_000);
    await w.core.scheduler.runUntilIdle();
    expect(occurrences().filter((p) => (p.scheduled_at as string) > lastBefore).length).toBeGreaterThan(0);
    // Retrying another occurrence plans no second extension.
    const other = (await w.core.call('post.list', { workspaceId: copy.id })).find((p) => p.seriesId === seriesId && p.targets[0]?.state === 'needs_attention');
    if (other) await w.core.call('post.retryTarget', { workspaceId: copy.id, targetId: other.targets[0]!.id });
    expect(extensions()).toHaveLength(1);
  }, 120_000);
});

describe('import on another computer', () => {
  it('keeps the schedule exactly: there is no original to post it twice', async () => {
    const { w, out } = await exported();
    const other = testCore(); // a fresh data folder: no workspaces, so no original
    try {
      const job = await importAndWait(other, out);
      expect(job.error).toBeNull();
      const copy = job.imported![0]!;
      expect(copy).toMatchObject({ name: 'Acme', heldPosts: 0 });
    const strip = (r: Row[]) => r.map(({ updated_at: _u, ...rest }) => rest);
      for (const table of ['post_targets', 'jobs', 'workspace_settings']) {
        expect(strip(rows(dbFile(other, copy.id), table)), table).toEqual(strip(rows(dbFile(w.core, w.workspaceId), table)));
      }
    } finally {
      other.close();
    }
  }, 120_000);
});
