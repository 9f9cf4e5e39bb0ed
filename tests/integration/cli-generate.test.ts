import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_BRAND_VOICE, type AiProvider, type AiSettings, type ConnectionTest, type Generation, type UsageSummary } from '../../src-shared/ai';
import { assertBuilt, promogptAsync } from '../helpers/cli';
import { tempDir } from '../helpers/core';
import { FAULTS, startFakeOpenAi, type ChatBody, type FakeOpenAi } from '../fakes/openai/server';

// The AI Studio as a user scripts it, against the fake OpenAI-compatible server. The key goes
// through the real keychain (run with scripts/with-keyring.sh).

const dataDir = tempDir('promogpt-cli-ai-');
const KEY = 'sk-cli-test-0123456789abcdef';
let fake: FakeOpenAi;
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => promogptAsync(['--data-dir', dataDir, ...args], { env });
const json = async <T>(args: string[], env?: NodeJS.ProcessEnv): Promise<T> => {
  const r = await cli(['--json', ...args], env);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

beforeAll(async () => {
  if (process.platform === 'linux' && process.env.PROMOGPT_TEST_KEYRING !== '1') throw new Error('Run with `bash scripts/with-keyring.sh npx vitest run …`.');
  assertBuilt();
  fake = await startFakeOpenAi();
  fake.apiKey = KEY;
  expect((await cli(['workspace', 'create', 'Acme'])).code).toBe(0);
}, 60_000);
afterAll(() => fake?.close());

describe('promogpt provider', () => {
  it('adds a provider with its key read from an env var, and never prints the key', async () => {
    const r = await cli(['--json', 'provider', 'add', 'local', '--base-url', fake.baseUrl, '--model', 'fake-text-1', '--image-model', 'fake-image-1', '--speech-model', 'fake-tts-1', '--video-model', 'fake-video-1', '--api-key-env', 'MY_AI_KEY', '--max-retries', '0'], { MY_AI_KEY: KEY });
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as AiProvider;
    expect(p).toMatchObject({ name: 'local', baseUrl: fake.baseUrl, textModel: 'fake-text-1', imageModel: 'fake-image-1', speechModel: 'fake-tts-1', hasKey: true, local: true });
    expect(r.stdout + r.stderr).not.toContain(KEY);
    const list = await json<AiProvider[]>(['provider', 'list']);
    expect(list.map((x) => x.name)).toEqual(['local']);
    expect(JSON.stringify(list)).not.toContain(KEY);
  });

  it('refuses a missing env var, saying which', async () => {
    const r = await cli(['--json', 'provider', 'add', 'other', '--base-url', fake.baseUrl, '--model', 'm', '--api-key-env', 'NOT_SET_ANYWHERE']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toEqual({ error: { name: 'ValidationError', message: expect.stringContaining('NOT_SET_ANYWHERE is not set') } });
  });

  it('tests the connection: models, or exactly what failed with exit 1', async () => {
    const ok = await json<ConnectionTest>(['provider', 'test', 'local']);
    expect(ok).toMatchObject({ ok: true, missingModels: [] });
    expect(ok.models).toContain('fake-text-1');
    fake.fail('/v1/models', FAULTS.invalidKey());
    const r = await cli(['--json', 'provider', 'test', 'local']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { name: 'AuthExpired', reason: 'invalid_key' } });
    const human = await cli(['provider', 'test', 'local']);
    expect(human.stdout).toMatch(/^OK: 5 model\(s\): fake-text-1/);
  });

  it('sets local-only, the brand voice and the cap', async () => {
    const on = await json<AiSettings>(['provider', 'local-only', 'on']);
    expect(on.localOnly).toBe(true);
    const refused = await cli(['--json', 'provider', 'add', 'cloud', '--base-url', 'https://api.openai.com/v1', '--model', 'gpt-4o-mini']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr).error).toMatchObject({ name: 'PermissionDenied', message: expect.stringContaining('local-only') });
    const voice = await json<AiSettings>(['provider', 'voice', '--tone', 'friendly and brief', '--avoid', 'jargon']);
    expect(voice.brandVoice).toEqual({ ...EMPTY_BRAND_VOICE, tone: 'friendly and brief', avoid: 'jargon' });
    expect((await json<AiSettings>(['provider', 'cap', '12.5'])).monthlyCapUsd).toBe(12.5);
    expect((await cli(['--json', 'provider', 'cap', 'lots'])).code).toBe(1);
    expect((await cli(['--json', 'provider', 'local-only', 'maybe'])).code).toBe(1);
  });

  it('sets the brand voice lists (each flag replaces its list; "" empties it) and refuses a bad hashtag', async () => {
    const set = await json<AiSettings>(['provider', 'voice', '--do', 'Name the plant', 'Say when it flowers', '--dont', 'Shout', '--example', 'Our ferns are in.', '--banned', 'cheap', 'guaranteed', '--hashtags', 'gardening', '#leeds']);
    expect(set.brandVoice).toMatchObject({ tone: 'friendly and brief', doList: ['Name the plant', 'Say when it flowers'], dontList: ['Shout'], examplePosts: ['Our ferns are in.'], bannedWords: ['cheap', 'guaranteed'], defaultHashtags: ['#gardening', '#leeds'] });
    const human = await cli(['provider', 'voice']);
    expect(human.stdout).toContain('bannedWords: ["cheap","guaranteed"]');
    const bad = await cli(['--json', 'provider', 'voice', '--hashtags', 'two words!']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr).error.message).toContain('a hashtag is letters, digits and _ only');
    const cleared = await json<AiSettings>(['provider', 'voice', '--do', '', '--dont', '', '--example', '', '--banned', '', '--hashtags', '']);
    expect(cleared.brandVoice).toEqual({ ...EMPTY_BRAND_VOICE, tone: 'friendly and brief', avoid: 'jargon' });
  });
});

describe('promogpt generate and history', () => {
  let textId = '';

  it('generates one variant per platform with its validation result', async () => {
    fake.answers.push({ content: 'Short and sweet for Bluesky.' }, { content: 'word '.repeat(80).trim() }, { content: 'word '.repeat(70).trim() });
    const g = await json<Generation>(['generate', 'text', '--brief', 'Open day on Saturday', '--platform', 'bluesky', '--platform', 'x']);
    textId = g.id;
    expect(g.state).toBe('succeeded');
    expect(g.variants.map((v) => [v.platform, v.fits])).toEqual([
      ['bluesky', true],
      ['x', false],
    ]);
    expect(g.variants[1]).toMatchObject({ shortened: true, text: 'word '.repeat(70).trim(), issues: [expect.objectContaining({ rule: 'text-length' })] });
    expect(g.brandVoice?.tone).toBe('friendly and brief');
  });

  it('streams to stderr for a person and prints the variants on stdout', async () => {
    fake.answers.push({ content: 'Hello from the nursery.' });
    const r = await cli(['generate', 'text', '--brief', 'Hi', '--platform', 'mastodon']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[mastodon #1] Hello from the nursery.');
    expect(r.stdout).toMatch(/^gen_\S+ \(succeeded\)\n--- mastodon #1 \(fits\)\nHello from the nursery\.\n$/);
  });

  it('generates a picture and speech, printing media ids and stored files', async () => {
    const img = await json<Generation & { files: { mediaId: string; file: string }[] }>(['generate', 'image', '--prompt', 'A fern', '--size', '64x64', '--count', '2']);
    expect(img.files).toHaveLength(2);
    for (const f of img.files) {
      expect(f.mediaId).toMatch(/^media_/);
      expect(fs.readFileSync(f.file).subarray(1, 4).toString()).toBe('PNG');
    }
    const speech = await json<Generation & { files: { mediaId: string; file: string }[] }>(['generate', 'speech', '--text', 'Welcome!', '--voice', 'coral']);
    expect(fs.readFileSync(speech.files[0]!.file).subarray(0, 4).toString()).toBe('RIFF');
    const media = await json<{ id: string; kind: string }[]>(['media', 'list']);
    expect(media.map((m) => m.kind).sort()).toEqual(['audio', 'image', 'image']);
  });

  it('makes a video in the foreground with its progress on stderr', async () => {
    const r = await cli(['generate', 'video', '--prompt', 'Ferns swaying', '--seconds', '4']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/video: 0%\nvideo: 50%\n/);
    const [id, file] = r.stdout.trim().split('\n')[1]!.split(/ {2}/);
    expect(id).toMatch(/^media_/);
    expect(fs.readFileSync(file!).subarray(4, 8).toString()).toBe('ftyp');
    expect((await cli(['--json', 'generate', 'video', '--prompt', 'x', '--seconds', '5'])).code).toBe(1);
  });

  it('lists the history and re-runs a generation with the same request', async () => {
    const list = await json<Generation[]>(['history', 'list']);
    expect(list.map((g) => g.kind)).toEqual(['video', 'speech', 'image', 'text', 'text']);
    const bodies = () => fake.requestsTo('/v1/chat/completions').map((r) => r.body as ChatBody);
    const original = bodies().slice(0, 3); // bluesky, x, x asked again
    fake.answers.push({ content: 'Short and sweet for Bluesky.' }, { content: 'word '.repeat(80).trim() }, { content: 'word '.repeat(70).trim() });
    const before = bodies().length;
    const again = await json<Generation>(['history', 'rerun', textId]);
    expect(again).toMatchObject({ rerunOf: textId, state: 'succeeded' });
    expect(bodies().slice(before)).toEqual(original);
    const human = await cli(['history', 'list', '--kind', 'text']);
    expect(human.stdout.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('says what failed, keeps the prompt, and shows usage', async () => {
    fake.fail('/v1/chat/completions', FAULTS.rateLimited(30));
    const r = await cli(['--json', 'generate', 'text', '--brief', 'Do not lose me', '--platform', 'x']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toEqual({ error: { name: 'RateLimited', message: expect.stringContaining('Try again in 30 s') } });
    const [latest] = await json<Generation[]>(['history', 'list', '--limit', '1']);
    expect(latest).toMatchObject({ state: 'failed', params: { brief: 'Do not lose me' } });
    const usage = await json<UsageSummary>(['provider', 'usage']);
    expect(usage.rows[0]).toMatchObject({ providerName: 'local', local: true, estimatedCostUsd: 0 });
    expect(usage.rows[0]!.generations).toBe(7);
    expect((await cli(['--json', 'generate', 'text', '--brief', 'x', '--platform', 'myspace'])).code).toBe(1);
    expect((await cli(['--json', 'history', 'rerun', 'gen_nope'])).code).toBe(1);
  });

  it('removes the provider and its key', async () => {
    expect((await json<{ id: string }>(['provider', 'remove', 'local'])).id).toMatch(/^prov_/);
    expect(await json<AiProvider[]>(['provider', 'list'])).toEqual([]);
  });
});
