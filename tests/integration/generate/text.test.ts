import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatBody } from '../../fakes/openai/server';
import { EMPTY_BRAND_VOICE } from '../../../src-shared/ai';
import { addLocalProvider, studioSetup, type StudioSetup } from './helpers';

// Text per platform against the fake OpenAI-compatible server: streamed, judged with the
// composer's rules, asked again when too long, cancellable, and re-runnable with the same request.

let s: StudioSetup;
beforeEach(async () => {
  s = await studioSetup();
  await addLocalProvider(s);
});
afterEach(() => s.close());

const chatBodies = () => s.fake.requestsTo('/v1/chat/completions').map((r) => r.body as ChatBody);

describe('studio text generation', () => {
  it('streams one variant per platform, checks each, and records usage and the request in the history', async () => {
    s.fake.answers.push({ content: 'Spring sale: 20% off every plant this weekend.' }, { content: 'Our spring sale starts Saturday: 20% off all plants, in store and online.' });
    const g = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Announce the spring sale', platforms: ['bluesky', 'mastodon'] });
    expect(g).toMatchObject({ kind: 'text', state: 'succeeded', providerName: 'Local', model: 'fake-text-1', error: null });
    expect(g.variants.map((v) => [v.platform, v.text, v.fits, v.partial])).toEqual([
      ['bluesky', 'Spring sale: 20% off every plant this weekend.', true, false],
      ['mastodon', 'Our spring sale starts Saturday: 20% off all plants, in store and online.', true, false],
    ]);
    // Streaming was visible piece by piece, and the usage chunk was asked for and counted.
    const bluesky = s.deltas.filter((d) => d.generationId === g.id && d.platform === 'bluesky');
    expect(bluesky.length).toBeGreaterThan(3);
    expect(bluesky.map((d) => d.delta).join('').trim()).toBe(g.variants[0]!.text);
    const bodies = chatBodies();
    expect(bodies).toHaveLength(2);
    expect(bodies.every((b) => b.stream === true && b.stream_options?.include_usage === true)).toBe(true);
    expect(g.usage?.totalTokens).toBeGreaterThan(0);
    expect(g.estimatedCostUsd).toBe(0); // a local server costs nothing
    expect(await s.core.call('studio.get', { workspaceId: s.workspaceId, generationId: g.id })).toEqual(g);
  });

  it('sends the brand voice and keeps a snapshot of it with the generation', async () => {
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, brandVoice: { description: 'A family plant nursery', tone: 'warm, plain words', avoid: 'discount codes' } });
    const g = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Say hello', platforms: ['x'] });
    const system = chatBodies()[0]!.messages[0]!;
    expect(system.role).toBe('system');
    expect(system.content).toContain('A family plant nursery');
    expect(system.content).toContain('Tone: warm, plain words');
    expect(system.content).toContain('Never mention or use: discount codes');
    expect(system.content).toMatch(/at most 280 weighted characters/);
    expect(g.brandVoice).toEqual({ ...EMPTY_BRAND_VOICE, description: 'A family plant nursery', tone: 'warm, plain words', avoid: 'discount codes' });
  });

  it('asks again, shorter, when the answer is over the platform limit, and never cuts the text', async () => {
    const long = `${'Plants make people happy and our nursery has more of them than ever. '.repeat(6)}Come by.`;
    s.fake.answers.push({ content: long }, { content: 'Plants make people happy. Come by this weekend.' });
    const g = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Invite people', platforms: ['bluesky'] });
    expect(g.variants[0]).toMatchObject({ text: 'Plants make people happy. Come by this weekend.', fits: true, shortened: true, issues: [] });
    const second = chatBodies()[1]!;
    expect(second.messages.at(-2)).toEqual({ role: 'assistant', content: long.trim() });
    expect(second.messages.at(-1)!.content).toMatch(/^That is \d+ graphemes; Bluesky allows at most 300\./);
    expect(s.deltas.some((d) => d.restart)).toBe(true);
  });

  it('flags a variant still too long after asking again, keeping every word', async () => {
    const long = 'word '.repeat(80).trim();
    s.fake.answers.push({ content: long }, { content: long });
    const g = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Go long', platforms: ['x'] });
    expect(g.state).toBe('succeeded');
    expect(g.variants[0]).toMatchObject({ text: long, fits: false, shortened: true });
    expect(g.variants[0]!.issues[0]).toMatchObject({ rule: 'text-length', severity: 'error', limit: 280 });
    expect(chatBodies()).toHaveLength(2);
  });

  it('makes N variations per platform', async () => {
    const g = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Hello', platforms: ['x', 'bluesky'], variations: 2 });
    expect(g.variants.map((v) => `${v.platform}:${v.index}`)).toEqual(['x:0', 'x:1', 'bluesky:0', 'bluesky:1']);
    expect(chatBodies()[1]!.messages[1]!.content).toContain('Version 2 of 2');
  });

  it('stops mid-stream on cancel and keeps the partial text in a consistent history record', async () => {
    s.fake.chunkDelayMs = 40;
    const full = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    s.fake.answers.push({ content: full });
    let cancelled: Promise<unknown> | undefined;
    s.core.events.onAny((event, payload) => {
      const d = payload as { generationId: string; delta: string };
      if (event === 'studio.delta' && d.delta.includes('word3') && !cancelled) cancelled = s.core.call('studio.cancel', { workspaceId: s.workspaceId, generationId: d.generationId });
    });
    const g = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'A long one', platforms: ['mastodon', 'x'] });
    await cancelled;
    expect(g.state).toBe('cancelled');
    expect(g.error).toBeNull();
    expect(g.finishedAt).not.toBeNull();
    expect(g.variants).toHaveLength(1); // x was never asked
    const v = g.variants[0]!;
    expect(v).toMatchObject({ platform: 'mastodon', partial: true });
    expect(v.text.startsWith('word0 word1 word2 word3')).toBe(true);
    expect(v.text.length).toBeLessThan(full.length);
    expect(full.startsWith(v.text)).toBe(true);
    expect(v.text).toBe(s.deltas.filter((d) => d.generationId === g.id).map((d) => d.delta).join('').trim());
    const stored = await s.core.call('studio.get', { workspaceId: s.workspaceId, generationId: g.id });
    expect(stored).toEqual(g);
    expect(chatBodies()).toHaveLength(1);
    // Nothing is left to stop.
    await expect(s.core.call('studio.cancel', { workspaceId: s.workspaceId, generationId: g.id })).rejects.toMatchObject({ name: 'Conflict' });
  });

  it('re-runs with exactly the same request, even after the brand voice changed', async () => {
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, brandVoice: { tone: 'cheerful' } });
    const first = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief: 'Open day', platforms: ['bluesky', 'x'], seed: 42, temperature: 0.3 });
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, brandVoice: { tone: 'grumpy' } });
    const before = chatBodies().length;
    const again = await s.core.call('studio.rerun', { workspaceId: s.workspaceId, generationId: first.id });
    expect(again).toMatchObject({ rerunOf: first.id, params: first.params, brandVoice: first.brandVoice, model: first.model, providerId: first.providerId, state: 'succeeded' });
    const bodies = chatBodies();
    expect(bodies.slice(before)).toEqual(bodies.slice(0, before));
    expect(bodies[0]).toMatchObject({ seed: 42, temperature: 0.3 });
    const history = await s.core.call('studio.history', { workspaceId: s.workspaceId });
    expect(history.map((h) => h.id)).toEqual([again.id, first.id].sort().reverse());
  });

  it('refuses bad input with the field named, and sends nothing', async () => {
    const bad = [
      { brief: '   ', platforms: ['x'] },
      { brief: 'ok', platforms: [] },
      { brief: 'ok', platforms: ['x', 'x'] },
      { brief: 'ok', platforms: ['myspace'] },
      { brief: 'ok', platforms: ['x'], variations: 6 },
      { brief: 'x'.repeat(4001), platforms: ['x'] },
    ];
    for (const input of bad) {
      await expect(s.core.call('studio.generateText', { workspaceId: s.workspaceId, ...input } as never)).rejects.toMatchObject({ name: 'ValidationError' });
    }
    expect(s.fake.requests).toHaveLength(0);
    expect(await s.core.call('studio.history', { workspaceId: s.workspaceId })).toEqual([]);
  });
});
