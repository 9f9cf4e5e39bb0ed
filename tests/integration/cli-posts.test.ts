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
    expect(json(ran.stdout)).toMatchObject({ started: 1, succeeded: 1 });
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
    expect(json(noWhen.stderr)).toEqual({ error: { name: 'ValidationError', message: 'Say when: exactly one of --at TIME --tz ZONE, --now or --draft.' } });
    const badZone = promogpt(['--data-dir', dataDir, '--json', 'post', 'create', '--account', accountId, '--text', 'x', '--at', '2099-01-01 09:00', '--tz', 'Nowhere/Land']);
    expect(json(badZone.stderr)).toMatchObject({ error: { name: 'ValidationError', message: expect.stringContaining('Nowhere/Land') } });
  });
});
