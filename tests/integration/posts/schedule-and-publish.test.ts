import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/app';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { memorySecretStore } from '../../../src-main/core/platform/secrets';
import { startMastodonFake, type FakeAccount, type MastodonFake } from '../../fakes/mastodon/server';
import { tempDir } from '../../helpers/core';

const clock = fixedClock('2026-03-27T08:00:00.000Z'); // a Friday; Europe/Berlin moves to summer time on Sunday the 29th
let fake: MastodonFake;
let alice: FakeAccount;
let core: Core;
let workspaceId: string;
let accountId: string;

beforeAll(async () => {
  fake = await startMastodonFake({ clock });
  alice = fake.addAccount({ username: 'alice', displayName: 'Alice' });
  core = createCore({ dataDir: tempDir(), shell: 'cli', secrets: memorySecretStore(), clock });
  workspaceId = (await core.call('workspace.create', { name: 'Acme' })).id;
  const account = await core.accounts.saveConnected(workspaceId, 'mastodon', {
    tokens: { accessToken: fake.issueToken(alice.id) },
    identity: { platformUserId: alice.id, handle: '@alice' },
    apiBase: fake.url,
    extras: { instanceUrl: fake.url },
  });
  accountId = account.id;
});
afterAll(async () => {
  core?.close();
  await fake?.close();
});

describe('scheduling and publishing', () => {
  it('publishes a post now, once, with a live link', async () => {
    const post = await core.call('post.create', { workspaceId, accountIds: [accountId], text: 'Hello from PromoGPT', when: { kind: 'now' } });
    expect(post.targets).toEqual([expect.objectContaining({ state: 'queued', handle: '@alice' })]);
    await core.scheduler.runUntilIdle();
    const done = await core.call('post.get', { workspaceId, postId: post.id });
    expect(done.targets[0]).toMatchObject({ state: 'published', remoteUrl: expect.stringContaining(fake.url) });
    expect(fake.createdStatuses(alice.id)).toBe(1);
    await core.scheduler.runUntilIdle();
    expect(fake.createdStatuses(alice.id)).toBe(1);
  });

  it('keeps the wall-clock time in the chosen zone across a DST change, and publishes only when due', async () => {
    const post = await core.call('post.create', { workspaceId, accountIds: [accountId], text: 'Monday morning', when: { kind: 'at', at: '2026-03-30 09:00', timeZone: 'Europe/Berlin' } });
    expect(post.scheduledAt).toBe('2026-03-30T07:00:00.000Z'); // 09:00 CEST = 07:00 UTC (it was UTC+1 when scheduled)
    await core.scheduler.runUntilIdle();
    expect((await core.call('post.get', { workspaceId, postId: post.id })).targets[0]?.state).toBe('queued');
    clock.set('2026-03-30T07:00:30.000Z');
    await core.scheduler.runUntilIdle();
    expect((await core.call('post.get', { workspaceId, postId: post.id })).targets[0]?.state).toBe('published');
  });

  it('a post whose time passed while PromoGPT was off is published late within the late window', async () => {
    const post = await core.call('post.create', { workspaceId, accountIds: [accountId], text: 'A bit late', when: { kind: 'at', at: '2026-03-30 10:00', timeZone: 'Europe/Berlin' } });
    clock.set('2026-03-30T09:30:00.000Z'); // 1.5 h late
    await core.scheduler.runUntilIdle();
    expect((await core.call('post.get', { workspaceId, postId: post.id })).targets[0]?.state).toBe('published');
  });

  it('…and marked needs attention with the reason when it is later than that, never silently dropped', async () => {
    const post = await core.call('post.create', { workspaceId, accountIds: [accountId], text: 'Far too late', when: { kind: 'at', at: '2026-03-30 12:00', timeZone: 'Europe/Berlin' } });
    const before = fake.createdStatuses(alice.id);
    clock.set('2026-03-30T14:30:00.000Z'); // 4.5 h late
    await core.scheduler.runUntilIdle();
    const target = (await core.call('post.get', { workspaceId, postId: post.id })).targets[0];
    expect(target).toMatchObject({ state: 'needs_attention', message: expect.stringMatching(/late|window|was not running/i) });
    expect(fake.createdStatuses(alice.id)).toBe(before);
    expect((await core.call('post.list', { workspaceId, status: 'needs_attention' })).map((p) => p.id)).toContain(post.id);
  });

  it('a cancelled post is never published', async () => {
    const post = await core.call('post.create', { workspaceId, accountIds: [accountId], text: 'Never mind', when: { kind: 'at', at: '2026-03-31 09:00', timeZone: 'Europe/Berlin' } });
    const cancelled = await core.call('post.cancel', { workspaceId, postId: post.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', targets: [expect.objectContaining({ state: 'cancelled' })] });
    const before = fake.createdStatuses(alice.id);
    clock.set('2026-03-31T08:00:00.000Z');
    await core.scheduler.runUntilIdle();
    expect(fake.createdStatuses(alice.id)).toBe(before);
  });

  it('a rate limit waits for the platform’s reset time, then publishes once', async () => {
    const resetAt = new Date(clock.now().getTime() + 10 * 60_000);
    fake.fail({ ...fake.faults.rateLimited(resetAt), match: { method: 'POST', path: '/api/v1/statuses' } });
    const post = await core.call('post.create', { workspaceId, accountIds: [accountId], text: 'Patience', when: { kind: 'now' } });
    const before = fake.createdStatuses(alice.id);
    await core.scheduler.runUntilIdle();
    expect((await core.call('post.get', { workspaceId, postId: post.id })).targets[0]?.state).toBe('queued');
    expect((await core.call('account.list', { workspaceId }))[0]?.health.summary).toMatch(/^Rate-limited until/);
    clock.set(new Date(resetAt.getTime() + 11_000).toISOString());
    await core.scheduler.runUntilIdle();
    expect((await core.call('post.get', { workspaceId, postId: post.id })).targets[0]?.state).toBe('published');
    expect(fake.createdStatuses(alice.id)).toBe(before + 1);
  });

  it('refuses bad times and zones in words', async () => {
    const past = await core.invoke('post.create', { workspaceId, accountIds: [accountId], text: 'x', when: { kind: 'at', at: '2020-01-01 09:00', timeZone: 'Europe/Berlin' } });
    expect(past).toMatchObject({ ok: false, error: { name: 'ValidationError', message: expect.stringContaining('in the past') } });
    const zone = await core.invoke('post.create', { workspaceId, accountIds: [accountId], text: 'x', when: { kind: 'at', at: '2027-01-01 09:00', timeZone: 'Mars/Olympus' } });
    expect(zone).toMatchObject({ ok: false, error: { name: 'ValidationError', message: expect.stringContaining('Mars/Olympus') } });
    const unknown = await core.invoke('post.create', { workspaceId, accountIds: ['acct_nope'], text: 'x', when: { kind: 'now' } });
    expect(unknown).toMatchObject({ ok: false, error: { name: 'NotFound' } });
  });
});
