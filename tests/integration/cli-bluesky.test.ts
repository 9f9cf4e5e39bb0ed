import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBlueskyNetwork, type BlueskyTestNetwork, type TestAccount } from '../fakes/bluesky-pds';
import { assertBuilt, promogpt, promogptAsync } from '../helpers/cli';
import { tempDir } from '../helpers/core';

// Issue 3's "done means": the real binary connects Bluesky with the app password from stdin
// or PROMOGPT_APP_PASSWORD (never argv), lists and removes it, with --json.
let net: BlueskyTestNetwork;
let alice: TestAccount;
const dataDir = tempDir();
const run = (args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}) => promogptAsync(['--data-dir', dataDir, '--json', ...args], opts);

beforeAll(async () => {
  if (process.platform === 'linux' && process.env.PROMOGPT_TEST_KEYRING !== '1') throw new Error('Run with `npm test`: the CLI keeps tokens in the real keychain.');
  assertBuilt();
  net = await startBlueskyNetwork();
  alice = await net.createAccount('alice');
  promogpt(['--data-dir', dataDir, 'workspace', 'create', 'Acme']);
}, 180_000);
afterAll(async () => {
  await net?.close();
});

describe('promogpt account … bluesky', () => {
  let accountId: string;

  it('adds an account with the app password on standard input', async () => {
    const r = await run(['account', 'add', 'bluesky', '--service', net.pdsUrl, '--identifier', alice.handle], { input: `${alice.appPassword}\n` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const account = JSON.parse(r.stdout) as { id: string; handle: string; health: { summary: string } };
    expect(account).toMatchObject({ handle: alice.handle, health: { summary: 'Connected' } });
    accountId = account.id;
  });

  it('takes the app password from PROMOGPT_APP_PASSWORD too, reconnecting the same account', async () => {
    const r = await run(['account', 'add', 'bluesky', '--service', net.pdsUrl, '--identifier', alice.handle], { env: { PROMOGPT_APP_PASSWORD: alice.appPassword } });
    expect((JSON.parse(r.stdout) as { id: string }).id).toBe(accountId);
  });

  it('refuses a wrong app password with a JSON error, and an empty one', async () => {
    const wrong = await run(['account', 'add', 'bluesky', '--service', net.pdsUrl, '--identifier', alice.handle], { input: 'nope-nope-nope-nope\n' });
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stderr)).toMatchObject({ error: { name: 'ValidationError', message: expect.stringContaining('app password') } });
    const empty = await run(['account', 'add', 'bluesky', '--service', net.pdsUrl, '--identifier', alice.handle], { input: '' });
    expect(JSON.parse(empty.stderr)).toMatchObject({ error: { name: 'ValidationError', message: expect.stringContaining('PROMOGPT_APP_PASSWORD') } });
  });

  it('lists it, and removes it while keeping its history', async () => {
    const listed = JSON.parse((await run(['account', 'list'])).stdout) as { id: string; status: string }[];
    expect(listed).toEqual([expect.objectContaining({ id: accountId, status: 'connected' })]);
    const removed = await run(['account', 'remove', accountId]);
    expect(JSON.parse(removed.stdout)).toEqual({ removed: accountId, revoked: true });
    expect(JSON.parse((await run(['account', 'list'])).stdout)).toEqual([expect.objectContaining({ id: accountId, status: 'disconnected' })]);
    const gone = await run(['account', 'remove', accountId, '--delete-history']);
    expect(gone.code).toBe(0);
    expect(JSON.parse((await run(['account', 'list'])).stdout)).toEqual([]);
  });

  it('never wrote the app password anywhere under the data folder', () => {
    const files: string[] = [];
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
    walk(dataDir);
    for (const f of files) expect(fs.readFileSync(f).includes(alice.appPassword), f).toBe(false);
  });
});
