import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followAuthorize } from '../fakes/fake-http';
import { startMastodonFake, type FakeAccount, type MastodonFake } from '../fakes/mastodon/server';
import { BIN, assertBuilt, promogpt, promogptAsync } from '../helpers/cli';
import { tempDir } from '../helpers/core';

// The CLI as a user scripts it: connect Mastodon in the "browser", post, run the scheduler.
let fake: MastodonFake;
let alice: FakeAccount;
const dataDir = tempDir();
const json = (s: string) => JSON.parse(s) as Record<string, unknown>;

beforeAll(async () => {
  if (process.platform === 'linux' && process.env.PROMOGPT_TEST_KEYRING !== '1') throw new Error('Run with `npm test`: the CLI keeps tokens in the real keychain.');
  assertBuilt();
  fake = await startMastodonFake();
  alice = fake.addAccount({ username: 'alice' });
  promogpt(['--data-dir', dataDir, 'workspace', 'create', 'Acme']);
});
afterAll(async () => {
  await fake?.close();
});

describe('promogpt account add mastodon, post and scheduler', () => {
  let accountId: string;

  it('connects an account through the browser sign-in', async () => {
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, '--json', 'account', 'add', 'mastodon', '--instance', fake.url, '--no-open'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const url = await new Promise<string>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const found = /(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\S+)/.exec(stderr);
        if (found?.[1]) resolve(found[1]);
      }),
    );
    const { location } = await followAuthorize(url);
    await fetch(location);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const account = json(stdout);
    expect(account).toMatchObject({ platform: 'mastodon', handle: expect.stringContaining('alice'), status: 'connected' });
    accountId = account.id as string;
  });

  it('creates a post, publishes it with scheduler run --until-idle, and shows the live link', async () => {
    const created = json(promogpt(['--data-dir', dataDir, '--json', 'post', 'create', '--account', accountId, '--text', 'Hello from the CLI', '--now']).stdout);
    expect(created).toMatchObject({ status: 'scheduled', targets: [expect.objectContaining({ state: 'queued' })] });
    const ran = await promogptAsync(['--data-dir', dataDir, '--json', 'scheduler', 'run', '--until-idle']);
    // The publish, and the workspace's first automatic backup.
    expect(json(ran.stdout)).toMatchObject({ started: 2, succeeded: 2, failed: 0 });
    const shown = json(promogpt(['--data-dir', dataDir, '--json', 'post', 'show', created.id as string]).stdout);
    expect(shown).toMatchObject({ targets: [expect.objectContaining({ state: 'published', remoteUrl: expect.stringContaining(fake.url) })] });
    expect(fake.createdStatuses(alice.id)).toBe(1);
    expect(json((await promogptAsync(['--data-dir', dataDir, '--json', 'scheduler', 'run', '--until-idle'])).stdout)).toMatchObject({ started: 0 });
    expect(fake.createdStatuses(alice.id)).toBe(1);
  });

  it('lists by status, and cancels a scheduled post', () => {
    const later = json(promogpt(['--data-dir', dataDir, '--json', 'post', 'create', '--account', accountId, '--text', 'Later', '--at', '2099-01-01 09:00', '--tz', 'Europe/Berlin']).stdout);
    expect(later.scheduledAt).toBe('2099-01-01T08:00:00.000Z');
    const queued = JSON.parse(promogpt(['--data-dir', dataDir, '--json', 'post', 'list', '--status', 'queued']).stdout) as { id: string }[];
    expect(queued.map((p) => p.id)).toEqual([later.id]);
    const cancelled = json(promogpt(['--data-dir', dataDir, '--json', 'post', 'cancel', later.id as string]).stdout);
    expect(cancelled).toMatchObject({ status: 'cancelled', targets: [expect.objectContaining({ state: 'cancelled' })] });
  });

  it('says what is wrong with a bad post command', () => {
    const noWhen = promogpt(['--data-dir', dataDir, '--json', 'post', 'create', '--account', accountId, '--text', 'x']);
    expect(noWhen.code).toBe(1);
    expect(json(noWhen.stderr)).toEqual({ error: { name: 'ValidationError', message: 'Say when: exactly one of --at TIME --tz ZONE, --now, --next-slot, --every N (with --at and --tz) or --draft.' } });
    const badZone = promogpt(['--data-dir', dataDir, '--json', 'post', 'create', '--account', accountId, '--text', 'x', '--at', '2099-01-01 09:00', '--tz', 'Nowhere/Land']);
    expect(json(badZone.stderr)).toMatchObject({ error: { name: 'ValidationError', message: expect.stringContaining('Nowhere/Land') } });
  });

  it('queue set, then post create --next-slot puts each post in the next free slot', () => {
    const queue = json(promogpt(['--data-dir', dataDir, '--json', 'queue', 'set', accountId, '--tz', 'Europe/Berlin', '--slot', 'mon@09:00', '--slot', 'thu@17:30']).stdout);
    expect(queue).toMatchObject({ timeZone: 'Europe/Berlin', slots: [{ weekday: 1, time: '09:00' }, { weekday: 4, time: '17:30' }] });
    const first = json(promogpt(['--data-dir', dataDir, '--json', 'post', 'create', '--account', accountId, '--text', 'Slot one', '--next-slot']).stdout);
    const second = json(promogpt(['--data-dir', dataDir, '--json', 'post', 'create', '--account', accountId, '--text', 'Slot two', '--next-slot']).stdout);
    expect(first.scheduledAt).toBe(queue.nextFreeSlot);
    expect(Date.parse(second.scheduledAt as string)).toBeGreaterThan(Date.parse(first.scheduledAt as string));
    const local = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
    expect([local(first.scheduledAt as string), local(second.scheduledAt as string)].sort()).toEqual(['Mon 09:00', 'Thu 17:30']);
    const bad = promogpt(['--data-dir', dataDir, '--json', 'queue', 'set', accountId, '--tz', 'Europe/Berlin', '--slot', 'someday@09:00']);
    expect(json(bad.stderr)).toMatchObject({ error: { name: 'ValidationError', message: expect.stringContaining('"someday" is not a weekday') } });
  });

  it('post create --every repeats at the same wall-clock time in the chosen zone; post cancel stops the series', () => {
    // Occurrences are created 60 days ahead, so the series starts next week (DST across a series is covered in tests/integration/posts).
    const start = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const series = json(promogpt(['--data-dir', dataDir, '--json', 'post', 'create', '--account', accountId, '--text', 'Weekly tip', '--every', '1', '--unit', 'week', '--on', 'tue,fri', '--at', `${start} 09:00`, '--tz', 'Europe/Berlin', '--count', '4']).stdout);
    expect(series).toMatchObject({ status: 'recurring', scheduledAt: null, recurrence: { every: 1, unit: 'week', weekdays: [2, 5], count: 4 } });
    const all = JSON.parse(promogpt(['--data-dir', dataDir, '--json', 'post', 'list']).stdout) as { seriesId: string | null; scheduledAt: string }[];
    const local = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
    const occurrences = all.filter((p) => p.seriesId === series.id).map((p) => p.scheduledAt).sort();
    expect(occurrences).toHaveLength(4);
    expect(occurrences.map(local)).toEqual(expect.arrayContaining(['Tue 09:00', 'Fri 09:00']));
    expect(new Set(occurrences.map(local))).toEqual(new Set(['Tue 09:00', 'Fri 09:00']));
    expect(occurrences[0]! >= `${start}T00:00`).toBe(true);
    expect(json(promogpt(['--data-dir', dataDir, '--json', 'post', 'cancel', series.id as string]).stdout)).toMatchObject({ status: 'cancelled' });
    const left = JSON.parse(promogpt(['--data-dir', dataDir, '--json', 'post', 'list', '--status', 'scheduled']).stdout) as { seriesId: string | null }[];
    expect(left.filter((p) => p.seriesId === series.id)).toEqual([]);
  });

  it('the duplicate guard refuses the same text close in time unless --allow-duplicate; post reschedule moves a post', () => {
    const args = ['--data-dir', dataDir, '--json', 'post', 'create', '--account', accountId, '--text', 'Big news!', '--at', '2099-06-01 10:00', '--tz', 'UTC'];
    const original = json(promogpt(args).stdout);
    const again = promogpt([...args.slice(0, -4), '--at', '2099-06-01 13:00', '--tz', 'UTC']);
    expect(again.code).toBe(1);
    expect(json(again.stderr)).toMatchObject({ error: { name: 'Conflict', message: expect.stringMatching(/same text is already scheduled for .*alice.* 3 h from this time/) } });
    expect(promogpt([...args, '--allow-duplicate']).code).toBe(0);
    const moved = json(promogpt(['--data-dir', dataDir, '--json', 'post', 'reschedule', original.id as string, '--at', '2099-07-01 10:00', '--tz', 'UTC']).stdout);
    expect(moved).toMatchObject({ scheduledAt: '2099-07-01T10:00:00.000Z', targets: [expect.objectContaining({ scheduledAt: '2099-07-01T10:00:00.000Z', state: 'queued' })] });
  });

  it('publishing shows and sets the late window and duplicate window; evergreen configures the pool', () => {
    expect(json(promogpt(['--data-dir', dataDir, '--json', 'publishing']).stdout)).toEqual({ lateWindowMinutes: 120, duplicateWindowHours: 24 });
    expect(json(promogpt(['--data-dir', dataDir, '--json', 'publishing', '--late-window', '30', '--duplicate-window', '0']).stdout)).toEqual({ lateWindowMinutes: 30, duplicateWindowHours: 0 });
    expect(json(promogpt(['--data-dir', dataDir, '--json', 'publishing', '--late-window', 'soon']).stderr)).toMatchObject({ error: { name: 'ValidationError' } });
    const published = (JSON.parse(promogpt(['--data-dir', dataDir, '--json', 'post', 'list', '--status', 'published']).stdout) as { id: string }[])[0]?.id as string;
    json(promogpt(['--data-dir', dataDir, '--json', 'evergreen', 'add', published]).stdout);
    const pool = json(promogpt(['--data-dir', dataDir, '--json', 'evergreen', 'configure', '--on', '--every-days', '2', '--time', '08:30', '--tz', 'UTC', '--min-gap-days', '10']).stdout);
    expect(pool).toMatchObject({ enabled: true, everyDays: 2, time: '08:30', timeZone: 'UTC', minGapDays: 10, entries: [expect.objectContaining({ postId: published, lastQueuedAt: null })] });
    expect(pool.nextRunAt).toMatch(/T08:30:00\.000Z$/);
    expect(json(promogpt(['--data-dir', dataDir, '--json', 'evergreen', 'configure', '--off']).stdout)).toMatchObject({ enabled: false, nextRunAt: null });
  });
});
