import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatBody } from '../../fakes/openai/server';
import { addLocalProvider, failure, studioSetup, type StudioSetup } from './helpers';

// Rewrite, translate, thread and hashtag suggestions on a given text, against the fake server:
// each is a text generation (history, usage, re-run sends the same), checked with the rules.

let s: StudioSetup;
beforeEach(async () => {
  s = await studioSetup();
  await addLocalProvider(s);
});
afterEach(() => s.close());

const chatBodies = () => s.fake.requestsTo('/v1/chat/completions').map((r) => r.body as ChatBody);
const SOURCE = 'Our spring plants are in. Ferns, herbs and climbing roses are on the tables now. Come by this weekend and say hello.';

describe('text actions', () => {
  it('rewrites in a style, with the brand voice, checked like a variant, and re-runs the same request', async () => {
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, brandVoice: { bannedWords: ['cheap'] } });
    s.fake.answers.push({ content: 'Spring plants are in: ferns, herbs, roses. Cheap!' });
    const g = await s.core.call('studio.textAction', { workspaceId: s.workspaceId, action: 'rewrite', style: 'punchier', text: SOURCE, platform: 'bluesky' });
    expect(g).toMatchObject({ kind: 'text', state: 'succeeded', params: { kind: 'text', action: 'rewrite', style: 'punchier', brief: SOURCE, platforms: ['bluesky'] } });
    expect(g.variants[0]!.issues.map((i) => i.rule)).toEqual(['banned-word']);
    const body = chatBodies()[0]!;
    expect(body.stream).toBe(true);
    expect(body.messages[0]!.content).toContain('Make it punchier');
    expect(body.messages[0]!.content).toContain('Never use these words: cheap');
    expect(body.messages[1]).toEqual({ role: 'user', content: SOURCE });
    s.fake.answers.push({ content: 'Again.' });
    const again = await s.core.call('studio.rerun', { workspaceId: s.workspaceId, generationId: g.id });
    expect(again).toMatchObject({ rerunOf: g.id, params: g.params });
    expect(chatBodies()[1]!.messages).toEqual(body.messages);
  });

  it('translates into a named language and refuses an unknown tag or a missing one', async () => {
    s.fake.answers.push({ content: 'Unsere Frühlingspflanzen sind da.' });
    const g = await s.core.call('studio.textAction', { workspaceId: s.workspaceId, action: 'translate', language: 'de', text: SOURCE, platform: 'mastodon' });
    expect(g.variants[0]).toMatchObject({ text: 'Unsere Frühlingspflanzen sind da.', fits: true });
    expect(chatBodies()[0]!.messages[0]!.content).toContain('Translate the post into German (de)');
    const unknown = await failure(s.core.call('studio.textAction', { workspaceId: s.workspaceId, action: 'translate', language: 'qq', text: SOURCE, platform: 'x' }));
    expect(unknown).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('give a known language tag') });
    const missing = await failure(s.core.call('studio.textAction', { workspaceId: s.workspaceId, action: 'translate', text: SOURCE, platform: 'x' }));
    expect(missing.message).toContain('say which language');
    const empty = await failure(s.core.call('studio.textAction', { workspaceId: s.workspaceId, action: 'rewrite', style: 'shorter', text: '   ', platform: 'x' }));
    expect(empty.message).toContain('the text cannot be empty');
    const noStyle = await failure(s.core.call('studio.textAction', { workspaceId: s.workspaceId, action: 'rewrite', text: SOURCE, platform: 'x' }));
    expect(noStyle.message).toContain('say how to rewrite it');
    // Refused before anything was sent or stored.
    expect(chatBodies()).toHaveLength(1);
    expect(await s.core.call('studio.history', { workspaceId: s.workspaceId })).toHaveLength(1);
  });

  it('splits a thread from a JSON array, checks each part, and asks again once when a part is over', async () => {
    const long = `${'word '.repeat(70).trim()}.`;
    s.fake.answers.push({ content: JSON.stringify([long, 'Come by.']) }, { content: '```json\n' + JSON.stringify(['word '.repeat(35).trim(), `${'word '.repeat(35).trim()}.`, 'Come by.']) + '\n```' });
    const g = await s.core.call('studio.textAction', { workspaceId: s.workspaceId, action: 'thread', text: `${long} Come by.`, platform: 'x' });
    expect(g.variants.map((v) => [v.index, v.fits, v.shortened])).toEqual([
      [0, true, true],
      [1, true, true],
      [2, true, true],
    ]);
    // The words are kept (only split), so no "changed" warning; the one long sentence had to
    // break mid-way, and that is said on the part that stops.
    expect(g.variants.map((v) => v.issues.map((i) => i.rule))).toEqual([['thread-break'], [], []]);
    expect(g.variants[0]!.issues[0]!.message).toBe('Part 1 stops mid-sentence (“…word word word word”). Move the break to the end of a sentence before posting.');
    const retry = chatBodies()[1]!.messages.at(-1)!.content;
    expect(retry).toMatch(/^part 1 is \d+ weighted characters; X allows at most 280/);
  });

  it('flags a part still over after the second try, and warns when the model changed the words', async () => {
    const long = `${'word '.repeat(70).trim()}.`;
    s.fake.answers.push({ content: JSON.stringify([long]) }, { content: JSON.stringify([long, 'And something new.']) });
    const g = await s.core.call('studio.textAction', { workspaceId: s.workspaceId, action: 'thread', text: long, platform: 'x' });
    expect(g.state).toBe('succeeded');
    expect(g.variants[0]).toMatchObject({ fits: false, shortened: true });
    expect(g.variants[0]!.issues.map((i) => i.rule).sort()).toEqual(['text-length', 'thread-changed']);
    expect(chatBodies()).toHaveLength(2);
  });

  it('fails clearly when the thread answer is no JSON array, even asked again, keeping the row', async () => {
    s.fake.answers.push({ content: 'Here is your thread: part one, part two' }, { content: 'Sorry, still prose.' });
    const err = await failure(s.core.call('studio.textAction', { workspaceId: s.workspaceId, action: 'thread', text: SOURCE, platform: 'bluesky' }));
    expect(err).toMatchObject({ name: 'PlatformRejected', details: expect.objectContaining({ reason: 'bad_answer' }) });
    const [row] = await s.core.call('studio.history', { workspaceId: s.workspaceId });
    expect(row).toMatchObject({ state: 'failed', params: { action: 'thread', brief: SOURCE } });
  });

  it('suggests hashtags as a list, never inserting them', async () => {
    s.fake.answers.push({ content: '["#spring", "gardening", "not a tag", "#spring"]' });
    const g = await s.core.call('studio.textAction', { workspaceId: s.workspaceId, action: 'hashtags', text: SOURCE, platform: 'bluesky' });
    expect(g.variants).toEqual([expect.objectContaining({ hashtags: ['#spring', '#gardening'], text: '#spring #gardening' })]);
    expect(g.params).toMatchObject({ action: 'hashtags', brief: SOURCE });
  });
});
