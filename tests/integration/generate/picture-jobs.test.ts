import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/app';
import { PICTURE_JOB } from '../../../src-main/core/generate/picture-jobs';
import { fixedClock } from '../../../src-main/core/platform/clock';
import type { Generation } from '../../../src-shared/ai';
import { assertBuilt, BIN } from '../../helpers/cli';
import { FIXED_NOW } from '../../helpers/core';
import { addLocalProvider, studioSetup, type StudioSetup } from './helpers';

// Pictures are made by a scheduler job, one per generation: the contract still answers with the
// finished row; cancel works here and from another process (through the lease); a generation
// whose process was killed ends failed once its lease has run out, never "running" forever.

let s: StudioSetup;
const others: Core[] = [];
beforeEach(async () => {
  s = await studioSetup();
  await addLocalProvider(s);
});
afterEach(async () => {
  for (const c of others.splice(0)) c.close();
  await s.close();
});

/** A second core on the same data folder: another PromoGPT process, as far as the database knows. */
function otherProcess(clock = fixedClock(FIXED_NOW)): Core {
  const core = createCore({ dataDir: s.dataDir, shell: 'cli', clock, secrets: s.secrets, videoPollMs: 20 });
  others.push(core);
  return core;
}

async function runningRow(core: Core): Promise<Generation> {
  for (let i = 0; i < 400; i++) {
    const [g] = await core.call('studio.history', { workspaceId: s.workspaceId, limit: 1 });
    if (g?.state === 'running' && g.jobId && s.fake.requestsTo('/v1/images/generations').length + s.fake.requestsTo('/v1/images/edits').length > 0) return g;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no running picture generation appeared');
}

describe('pictures as jobs', () => {
  it('runs one job per generation and still answers with the finished row', async () => {
    const g = await s.core.call('studio.generateImage', { workspaceId: s.workspaceId, prompt: 'A fern', size: '64x64', count: 2 });
    expect(g).toMatchObject({ state: 'succeeded', progress: null, jobId: expect.any(String) });
    expect(g.mediaIds).toHaveLength(2);
    const job = s.core.scheduler.queue(s.workspaceId).get(g.jobId!);
    expect(job).toMatchObject({ kind: PICTURE_JOB, state: 'succeeded', maxAttempts: 1, payload: { generationId: g.id } });
    // One request for all the pictures: no made-up percentage while the provider works.
    expect(s.fake.requestsTo('/v1/images/generations')).toHaveLength(1);
  });

  it('cancels in this process: the request is dropped, the row and the job say cancelled, nothing is stored', async () => {
    s.fake.imageDelayMs = 5000;
    const pending = s.core.call('studio.generateImage', { workspaceId: s.workspaceId, prompt: 'A slow fern', size: '64x64' });
    const running = await runningRow(s.core);
    const cancelled = await s.core.call('studio.cancel', { workspaceId: s.workspaceId, generationId: running.id });
    expect(cancelled.state).toBe('cancelled');
    const ended = await pending;
    expect(ended).toMatchObject({ id: running.id, state: 'cancelled', mediaIds: [], error: null });
    expect(s.core.scheduler.queue(s.workspaceId).get(running.jobId!)?.state).toBe('cancelled');
    expect(await s.core.call('media.list', { workspaceId: s.workspaceId })).toEqual([]);
  });

  it('cancels from another process: the lease is dropped and the running process stops at its next lease check', async () => {
    s.fake.imageDelayMs = 5000;
    const pending = s.core.call('studio.generateImage', { workspaceId: s.workspaceId, prompt: 'Another slow fern', size: '64x64' });
    const running = await runningRow(s.core);
    const other = otherProcess();
    // The other process does not run it: it cannot abort it directly, only through the job.
    const answer = await other.call('studio.cancel', { workspaceId: s.workspaceId, generationId: running.id });
    expect(answer.state).toBe('cancelled');
    const ended = await pending;
    expect(ended).toMatchObject({ state: 'cancelled', mediaIds: [] });
    expect(s.core.scheduler.queue(s.workspaceId).get(running.jobId!)?.state).toBe('cancelled');
    expect(await s.core.call('media.list', { workspaceId: s.workspaceId })).toEqual([]);
  });

  it('an edit is a job too, cancelled the same way', async () => {
    const { makePng } = await import('../../fakes/openai/media-bytes');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const file = path.join(s.dataDir, 'pot.png');
    fs.writeFileSync(file, makePng(64, 64, 3));
    const [added] = await s.core.call('media.add', { workspaceId: s.workspaceId, paths: [file] });
    if (!added?.ok) throw new Error('not added');
    s.fake.imageDelayMs = 5000;
    const pending = s.core.call('studio.editImage', { workspaceId: s.workspaceId, prompt: 'Snow', mediaId: added.item.id });
    const running = await runningRow(s.core);
    expect(s.core.scheduler.queue(s.workspaceId).get(running.jobId!)).toMatchObject({ kind: PICTURE_JOB, state: 'running' });
    await s.core.call('studio.cancel', { workspaceId: s.workspaceId, generationId: running.id });
    expect(await pending).toMatchObject({ state: 'cancelled', mediaIds: [] });
  });
});

describe('a process killed mid-way', () => {
  it('ends the row failed once the lease has run out (not sent again), instead of "running" forever', async () => {
    assertBuilt();
    s.fake.imageDelayMs = 60_000;
    // The real CLI, killed with SIGKILL while the provider works.
    const child = spawn(process.execPath, [BIN, '--data-dir', s.dataDir, 'generate', 'image', '--prompt', 'A fern that never arrives', '--size', '64x64'], { stdio: 'ignore' });
    try {
      const running = await runningRow(s.core);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      // Seen before the lease runs out: still running (its process might only be slow).
      const clock = fixedClock(new Date());
      const other = otherProcess(clock);
      expect((await other.call('studio.get', { workspaceId: s.workspaceId, generationId: running.id })).state).toBe('running');
      // After the lease (2 minutes) the job has no attempt left: the row ends, saying what happened.
      clock.advance(3 * 60_000);
      const ended = await other.call('studio.get', { workspaceId: s.workspaceId, generationId: running.id });
      expect(ended).toMatchObject({ state: 'failed', mediaIds: [], error: { name: 'Transient', reason: 'abandoned' } });
      expect(ended.error?.message).toContain('Run it again');
      expect((await other.call('studio.history', { workspaceId: s.workspaceId })).find((g) => g.id === running.id)?.state).toBe('failed');
      // A scheduler that claims jobs now gives it up rather than sending it again.
      await other.scheduler.runUntilIdle();
      expect(other.scheduler.queue(s.workspaceId).get(running.jobId!)?.state).toBe('failed');
      expect(s.fake.requestsTo('/v1/images/generations')).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('ends a video the same way when the worker holding its job vanished', async () => {
    const queued = await s.core.call('studio.generateVideo', { workspaceId: s.workspaceId, prompt: 'Ferns swaying' });
    // A worker takes the job and is never heard of again (its process died).
    const [claimed] = s.core.scheduler.queue(s.workspaceId).claim({ owner: 'worker-that-died', now: new Date(FIXED_NOW), leaseMs: 60_000, limit: 1 });
    expect(claimed?.id).toBe(queued.jobId);
    const clock = fixedClock(FIXED_NOW);
    const other = otherProcess(clock);
    expect((await other.call('studio.get', { workspaceId: s.workspaceId, generationId: queued.id })).state).toBe('running');
    clock.advance(61_000);
    expect(await other.call('studio.get', { workspaceId: s.workspaceId, generationId: queued.id })).toMatchObject({ state: 'failed', error: { reason: 'abandoned' } });
    expect(s.fake.requestsTo('/v1/videos')).toHaveLength(0);
  });
});
