import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addLocalProvider, failure, studioSetup, type StudioSetup } from './helpers';

// Searching the generation history: what was asked (brief, prompt, text) or what came back,
// with % and _ matched as themselves.

let s: StudioSetup;
beforeEach(async () => {
  s = await studioSetup();
  await addLocalProvider(s);
});
afterEach(() => s.close());

const search = async (q: string) => (await s.core.call('studio.history', { workspaceId: s.workspaceId, search: q })).map((g) => g.params.kind === 'text' ? g.params.brief : g.params.kind === 'image' ? g.params.prompt : '?');

describe('history search', () => {
  it('finds briefs, prompts and written texts, any case, wildcards literal, never JSON keys', async () => {
    s.fake.answers.push({ content: 'Ferns are back in stock.' }, { content: 'Roses bloom.' }, { content: 'Tulips.' });
    await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Spring sale 20% off', platforms: ['bluesky'] });
    await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Roses in_stock', platforms: ['bluesky'] });
    await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Tulips 200 off', platforms: ['bluesky'] });
    await s.core.call('studio.generateImage', { workspaceId: s.workspaceId, prompt: 'A FERN on a windowsill', size: '64x64', count: 1 });
    expect(await search('fern')).toEqual(['A FERN on a windowsill', 'Spring sale 20% off']);
    // "%" is a percent sign, not "anything": "20%" does not find "200 off".
    expect(await search('20%')).toEqual(['Spring sale 20% off']);
    // "_" is an underscore, not "one character".
    expect(await search('in_stock')).toEqual(['Roses in_stock']);
    expect(await search('brief')).toEqual([]);
    expect(await search('platforms')).toEqual([]);
    expect(await search('nothing like this')).toEqual([]);
    const kindAndSearch = await s.core.call('studio.history', { workspaceId: s.workspaceId, search: 'fern', kind: 'image' });
    expect(kindAndSearch).toHaveLength(1);
    expect((await failure(s.core.call('studio.history', { workspaceId: s.workspaceId, search: '   ' }))).message).toContain('give some words to search for');
  });
});
