import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_BRAND_VOICE } from '../../../src-shared/ai';
import type { ChatBody } from '../../fakes/openai/server';
import { addLocalProvider, failure, studioSetup, type StudioSetup } from './helpers';

// The brand voice's lists (do, don't, examples, banned words, default hashtags) reach the model,
// banned words in an answer are flagged (never removed), the preview shows the exact messages,
// and values stored before the lists existed still read.

let s: StudioSetup;
beforeEach(async () => {
  s = await studioSetup();
  await addLocalProvider(s);
});
afterEach(() => s.close());

const chatBodies = () => s.fake.requestsTo('/v1/chat/completions').map((r) => r.body as ChatBody);
const VOICE = {
  tone: 'warm',
  doList: ['Name the plant', '  Say when it flowers  ', ''],
  dontList: ['Promise results'],
  examplePosts: ['Our hellebores are out. Come and see them.\nOpen 9-5.'],
  bannedWords: ['cheap', 'Guaranteed'],
  defaultHashtags: ['gardening', '#Leeds'],
};

describe('brand voice lists', () => {
  it('stores the lists cleaned (trimmed, empty lines dropped, hashtags with #) and sends them all in the system message', async () => {
    const settings = await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, brandVoice: VOICE });
    expect(settings.brandVoice).toEqual({
      ...EMPTY_BRAND_VOICE,
      tone: 'warm',
      doList: ['Name the plant', 'Say when it flowers'],
      dontList: ['Promise results'],
      examplePosts: ['Our hellebores are out. Come and see them.\nOpen 9-5.'],
      bannedWords: ['cheap', 'Guaranteed'],
      defaultHashtags: ['#gardening', '#Leeds'],
    });
    s.fake.answers.push({ content: 'Hellebores are flowering now. #gardening #Leeds' });
    const g = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Hellebores', platforms: ['bluesky'] });
    const system = chatBodies()[0]!.messages[0]!.content;
    expect(system).toContain('Do:\n- Name the plant\n- Say when it flowers');
    expect(system).toContain("Don't:\n- Promise results");
    expect(system).toContain('Never use these words: cheap, Guaranteed');
    expect(system).toContain('Example 1:\nOur hellebores are out. Come and see them.\nOpen 9-5.');
    expect(system).toContain('End the post with these hashtags, as many as fit within the limit (leave out the rest rather than go over): #gardening #Leeds');
    // The hashtags are the model's to add: the text is exactly what came back, nothing appended.
    expect(g.variants[0]).toMatchObject({ text: 'Hellebores are flowering now. #gardening #Leeds', fits: true, issues: [] });
    expect(g.brandVoice?.bannedWords).toEqual(['cheap', 'Guaranteed']);
  });

  it('flags a banned word in an answer (whole words, any case) without changing the text', async () => {
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, brandVoice: VOICE });
    s.fake.answers.push({ content: 'Results GUARANTEED, and cheap too!' }, { content: 'Wholesale prices on cheapest-looking pots? No: cheaply made is not us.' });
    const g = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Pots', platforms: ['bluesky', 'mastodon'] });
    expect(g.variants[0]).toMatchObject({ text: 'Results GUARANTEED, and cheap too!', fits: false, shortened: false });
    expect(g.variants[0]!.issues).toEqual([expect.objectContaining({ rule: 'banned-word', severity: 'error', count: 2, message: expect.stringContaining('"cheap", "Guaranteed"') })]);
    // "cheapest", "cheaply" and "Wholesale" are other words: not flagged.
    expect(g.variants[1]).toMatchObject({ fits: true, issues: [] });
    // A banned word is not a length problem: it is not asked again.
    expect(chatBodies()).toHaveLength(2);
  });

  it('never pushes a post past the limit with hashtags: an over-long answer is asked again, not appended to', async () => {
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, brandVoice: { defaultHashtags: ['#gardening'] } });
    s.fake.answers.push({ content: `${'word '.repeat(60).trim()} #gardening` }, { content: 'Short one. #gardening' });
    const g = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Anything', platforms: ['x'] });
    expect(g.variants[0]).toMatchObject({ text: 'Short one. #gardening', shortened: true, fits: true });
  });

  it('previews exactly the messages a run sends, and sends nothing itself', async () => {
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, brandVoice: VOICE });
    const preview = await s.core.call('studio.previewText', { workspaceId: s.workspaceId, brief: 'Hellebores', platforms: ['bluesky', 'x'], variations: 2 });
    expect(preview.map((p) => [p.platform, p.index])).toEqual([
      ['bluesky', 0],
      ['bluesky', 1],
      ['x', 0],
      ['x', 1],
    ]);
    expect(chatBodies()).toHaveLength(0);
    expect(await s.core.call('studio.history', { workspaceId: s.workspaceId })).toEqual([]);
    s.fake.answers.push({ content: 'a' }, { content: 'b' }, { content: 'c' }, { content: 'd' });
    await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Hellebores', platforms: ['bluesky', 'x'], variations: 2 });
    expect(chatBodies().map((b) => b.messages)).toEqual(preview.map((p) => p.messages));
  });

  it('refuses bad lists with a clear message and keeps what was stored', async () => {
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, brandVoice: VOICE });
    const badTag = await failure(s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, brandVoice: { defaultHashtags: ['#two words'] } }));
    expect(badTag).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('a hashtag is letters, digits and _ only') });
    const tooMany = await failure(s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, brandVoice: { bannedWords: Array.from({ length: 31 }, (_, n) => `w${n}`) } }));
    expect(tooMany.name).toBe('ValidationError');
    const control = await failure(s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, brandVoice: { doList: ['bell\u0007'] } }));
    expect(control.name).toBe('ValidationError');
    expect((await s.core.call('ai.getSettings', { workspaceId: s.workspaceId })).brandVoice.defaultHashtags).toEqual(['#gardening', '#Leeds']);
  });

  it('reads settings and history rows stored before the lists existed', async () => {
    s.fake.answers.push({ content: 'Hello.' });
    const g = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Hi', platforms: ['bluesky'] });
    const db = new Database(path.join(s.dataDir, 'workspaces', s.workspaceId, 'workspace.db'));
    const old = JSON.stringify({ description: 'Old nursery', audience: '', tone: 'calm', avoid: 'jargon' });
    db.prepare("INSERT OR REPLACE INTO workspace_settings (key, value) VALUES ('ai', ?)").run(JSON.stringify({ localOnly: false, monthlyCapUsd: null, brandVoice: JSON.parse(old) }));
    db.prepare('UPDATE ai_generations SET brand_voice = ? WHERE id = ?').run(old, g.id);
    db.close();
    const settings = await s.core.call('ai.getSettings', { workspaceId: s.workspaceId });
    expect(settings.brandVoice).toEqual({ ...EMPTY_BRAND_VOICE, description: 'Old nursery', tone: 'calm', avoid: 'jargon' });
    const row = await s.core.call('studio.get', { workspaceId: s.workspaceId, generationId: g.id });
    expect(row.brandVoice).toEqual({ ...EMPTY_BRAND_VOICE, description: 'Old nursery', tone: 'calm', avoid: 'jargon' });
    // A re-run of the old row sends its voice as it was, with no list lines.
    s.fake.answers.push({ content: 'Hello again.' });
    await s.core.call('studio.rerun', { workspaceId: s.workspaceId, generationId: g.id });
    const system = chatBodies().at(-1)!.messages[0]!.content;
    expect(system).toContain('The brand: Old nursery');
    expect(system).not.toContain('Do:');
  });
});
