// Many jobs due at once (issue 4's 1,000 posts in one minute): one claim starts as many as fit,
// still one per key and shared fairly between workspaces; progress is written only for jobs
// that run long enough to show it (at most every PROGRESS_WRITE_MS).
import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler, PROGRESS_WRITE_MS } from '../../../src-main/core/jobs/scheduler';
import { sequentialIds } from '../../../src-main/core/platform/ids';
import { FIXED_NOW } from '../../helpers/core';
import { closeCores, eventually, gate, rawJob, workspaceSetup, type TestCore } from './kit';

const schedulers: Scheduler[] = [];
afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop(50)));
  closeCores();
});

const at = (offsetMs: number) => new Date(Date.parse(FIXED_NOW) + offsetMs);

function schedulerFor(core: TestCore, concurrency: number): Scheduler {
  const ids = sequentialIds();
  const s = new Scheduler({ workspaces: core.workspaces, clock: core.clock, ids: (prefix) => ids(`${prefix}_s`), random: () => 0.5, concurrency });
  schedulers.push(s);
  return s;
}

type Payload = { account: string };

describe('scheduler, many jobs due at once', () => {
  it('starts as many as the concurrency allows, one per key, shared between workspaces, and runs them all', async () => {
    const { core, workspaceId: first } = await workspaceSetup('First');
    const second = (await core.call('workspace.create', { name: 'Second' })).id;
    const s = schedulerFor(core, 4);
    const release = gate();
    const started: { ws: string; account: string }[] = [];
    const active = new Set<string>();
    let overlap = false;
    s.register<Payload>('publish', async ({ payload, workspaceId }) => {
      const key = `${workspaceId}/${payload.account}`;
      if (active.has(key)) overlap = true;
      active.add(key);
      started.push({ ws: workspaceId, account: payload.account });
      await release.promise;
      active.delete(key);
    });
    s.concurrencyKey<Payload>('publish', (payload, { workspaceId }) => `account:${workspaceId}:${payload.account}`);
    for (const ws of [first, second]) {
      for (let i = 0; i < 12; i++) s.enqueue(ws, { kind: 'publish', payload: { account: `a${i % 3}` }, runAt: at(-1000), idempotencyKey: `${ws}:${i}` });
    }
    const run = s.runUntilIdle();
    await eventually(() => started.length === 4);
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toHaveLength(4);
    expect(started.filter((x) => x.ws === first)).toHaveLength(2);
    expect(new Set(started.map((x) => `${x.ws}/${x.account}`)).size).toBe(4);
    release.open();
    expect(await run).toMatchObject({ started: 24, succeeded: 24 });
    expect(overlap).toBe(false);
    expect(s.queue(first).list({ state: 'succeeded' })).toHaveLength(12);
    expect(s.queue(second).list({ state: 'succeeded' })).toHaveLength(12);
  });

  it('shows the latest progress of a long job within a moment, and every job ends at 100', async () => {
    const { core, workspaceId } = await workspaceSetup();
    const s = schedulerFor(core, 2);
    const long = gate();
    s.register<{ long: boolean }>('render', async ({ payload, progress }) => {
      progress(10);
      progress(40);
      if (payload.long) await long.promise;
    });
    const quick = s.enqueue(workspaceId, { kind: 'render', payload: { long: false }, runAt: at(0), idempotencyKey: 'quick' });
    const slow = s.enqueue(workspaceId, { kind: 'render', payload: { long: true }, runAt: at(0), idempotencyKey: 'slow' });
    const run = s.runUntilIdle();
    await eventually(() => (rawJob(core, workspaceId, slow.id) as { progress: number | null }).progress === 40, PROGRESS_WRITE_MS * 8);
    expect(rawJob(core, workspaceId, quick.id)).toMatchObject({ state: 'succeeded', progress: 100 });
    long.open();
    expect(await run).toMatchObject({ started: 2, succeeded: 2 });
    expect(rawJob(core, workspaceId, slow.id)).toMatchObject({ state: 'succeeded', progress: 100 });
  });
});
