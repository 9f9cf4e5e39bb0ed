import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Generation } from '../../src-shared/ai';
import { assertBuilt, promogptAsync } from '../helpers/cli';
import { tempDir } from '../helpers/core';
import { startFakeOpenAi, type ChatBody, type FakeOpenAi } from '../fakes/openai/server';

// `generate rewrite|translate|thread|hashtags` as a user scripts them, against the fake server.

const dataDir = tempDir('promogpt-cli-actions-');
let fake: FakeOpenAi;
const cli = (args: string[]) => promogptAsync(['--data-dir', dataDir, ...args]);
const json = async <T>(args: string[]): Promise<T> => {
  const r = await cli(['--json', ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

beforeAll(async () => {
  assertBuilt();
  fake = await startFakeOpenAi();
  expect((await cli(['workspace', 'create', 'Acme'])).code).toBe(0);
  expect((await cli(['provider', 'add', 'local', '--base-url', fake.baseUrl, '--model', 'fake-text-1', '--max-retries', '0'])).code).toBe(0);
}, 60_000);
afterAll(() => fake?.close());

describe('promogpt generate text actions', () => {
  it('rewrites and translates, printing the checked text', async () => {
    fake.answers.push({ content: 'Spring plants: in. Come by!' });
    const r = await cli(['generate', 'rewrite', '--text', 'Our spring plants are in, come by', '--style', 'punchier', '--platform', 'bluesky']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^gen_\S+ \(succeeded\)\n--- bluesky #1 \(fits\)\nSpring plants: in\. Come by!\n$/);
    fake.answers.push({ content: 'Nos plantes de printemps sont arrivées.' });
    const g = await json<Generation>(['generate', 'translate', '--text', 'Our spring plants are in', '--to', 'fr', '--platform', 'mastodon']);
    expect(g.params).toMatchObject({ action: 'translate', language: 'fr' });
    expect((fake.requestsTo('/v1/chat/completions').at(-1)!.body as ChatBody).messages[0]!.content).toContain('into French (fr)');
  });

  it('splits a thread and suggests hashtags', async () => {
    fake.answers.push({ content: '["First part.", "Second part."]' });
    const t = await cli(['generate', 'thread', '--text', 'First part. Second part.', '--platform', 'x']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('--- x part 1/2 (fits)\nFirst part.\n--- x part 2/2 (fits)\nSecond part.');
    fake.answers.push({ content: '["#spring", "#plants"]' });
    const h = await json<Generation>(['generate', 'hashtags', '--text', 'Spring plants', '--platform', 'bluesky']);
    expect(h.variants[0]!.hashtags).toEqual(['#spring', '#plants']);
  });

  it('refuses a bad style, an unknown language and a bad platform with exit 1', async () => {
    const style = await cli(['--json', 'generate', 'rewrite', '--text', 'Hi', '--style', 'louder', '--platform', 'x']);
    expect(style.code).toBe(1);
    expect(JSON.parse(style.stderr).error.message).toContain('shorter, punchier or formal');
    const lang = await cli(['--json', 'generate', 'translate', '--text', 'Hi', '--to', 'qq', '--platform', 'x']);
    expect(lang.code).toBe(1);
    expect(JSON.parse(lang.stderr).error.message).toContain('known language tag');
    const platform = await cli(['--json', 'generate', 'thread', '--text', 'Hi', '--platform', 'myspace']);
    expect(platform.code).toBe(1);
  });

  it('history list --search finds what was asked, with literal wildcards', async () => {
    const found = await json<Generation[]>(['history', 'list', '--search', 'spring plants are']);
    expect(found.map((g) => g.params.kind === 'text' && g.params.action)).toEqual(['translate', 'rewrite']);
    expect(await json<Generation[]>(['history', 'list', '--search', '%'])).toEqual([]);
    const none = await cli(['history', 'list', '--search', 'zebra']);
    expect(none.stdout).toBe('Nothing matches "zebra".\n');
  });
});
