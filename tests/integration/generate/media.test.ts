import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAiProvider } from '../../../src-main/core/generate/provider';
import { FAULTS } from '../../fakes/openai/server';
import { makeWav } from '../../fakes/openai/media-bytes';
import { addLocalProvider, failure, studioSetup, type StudioSetup } from './helpers';

// Pictures and speech land in the real media library (probed by ffprobe); transcription is on the seam.

let s: StudioSetup;
beforeEach(async () => {
  s = await studioSetup();
  await addLocalProvider(s);
});
afterEach(() => s.close());

describe('pictures', () => {
  it('stores each b64_json picture as a library image, tagged, linked from the history', async () => {
    const g = await s.core.call('studio.generateImage', { workspaceId: s.workspaceId, prompt: 'A fern on a sunny windowsill', size: '256x128', count: 2 });
    expect(g).toMatchObject({ kind: 'image', state: 'succeeded', model: 'fake-image-1', params: { prompt: 'A fern on a sunny windowsill', size: '256x128', count: 2 } });
    expect(g.mediaIds).toHaveLength(2);
    for (const id of g.mediaIds) {
      const item = await s.core.call('media.get', { workspaceId: s.workspaceId, mediaId: id });
      expect(item).toMatchObject({ kind: 'image', mimeType: 'image/png', width: 256, height: 128, tags: ['ai-generated'], hasThumbnail: true });
      expect(item.fileName).toMatch(/^ai-a-fern-on-a-sunny-windowsill-[12]\.png$/);
      expect(fs.existsSync(s.core.media.storedFile(s.workspaceId, item.storedPath))).toBe(true);
    }
    const body = s.fake.requestsTo('/v1/images/generations')[0]!.body;
    expect(body).toEqual({ model: 'fake-image-1', prompt: 'A fern on a sunny windowsill', n: 2, size: '256x128', response_format: 'b64_json' });
    // No temp folder is left in the media folder.
    const mediaDir = path.dirname(s.core.media.uploadDir(s.workspaceId));
    expect(fs.readdirSync(mediaDir).filter((n) => n.startsWith('.incoming'))).toEqual([]);
  });

  it('re-runs a picture with the same request', async () => {
    const g = await s.core.call('studio.generateImage', { workspaceId: s.workspaceId, prompt: 'A cactus', size: '64x64' });
    const again = await s.core.call('studio.rerun', { workspaceId: s.workspaceId, generationId: g.id });
    const [a, b] = s.fake.requestsTo('/v1/images/generations').map((r) => r.body);
    expect(b).toEqual(a);
    expect(again).toMatchObject({ rerunOf: g.id, state: 'succeeded' });
    expect(again.mediaIds).toHaveLength(1);
  });

  it('keeps the prompt and stores nothing when the provider refuses the picture', async () => {
    s.fake.fail('/v1/images/generations', FAULTS.contentPolicy());
    const error = await failure(s.core.call('studio.generateImage', { workspaceId: s.workspaceId, prompt: 'something refused' }));
    expect(error).toMatchObject({ name: 'PlatformRejected', details: { reason: 'content_refused' } });
    expect(await s.core.call('media.list', { workspaceId: s.workspaceId })).toEqual([]);
    const [g] = await s.core.call('studio.history', { workspaceId: s.workspaceId });
    expect(g).toMatchObject({ state: 'failed', params: { prompt: 'something refused' }, mediaIds: [] });
  });

  it('refuses a bad size or count before sending', async () => {
    for (const input of [{ size: '1024' }, { size: '1024x1024;rm' }, { count: 0 }, { count: 5 }]) {
      expect((await failure(s.core.call('studio.generateImage', { workspaceId: s.workspaceId, prompt: 'p', ...input }))).name).toBe('ValidationError');
    }
    expect(s.fake.requests).toHaveLength(0);
  });
});

describe('speech', () => {
  it('stores the spoken text as an audio item', async () => {
    const g = await s.core.call('studio.generateSpeech', { workspaceId: s.workspaceId, text: 'Welcome to the spring open day at the nursery.', voice: 'coral' });
    expect(g).toMatchObject({ kind: 'speech', state: 'succeeded', model: 'fake-tts-1' });
    const item = await s.core.call('media.get', { workspaceId: s.workspaceId, mediaId: g.mediaIds[0]! });
    expect(item).toMatchObject({ kind: 'audio', audioCodec: 'pcm_s16le', tags: ['ai-generated', 'voiceover'] });
    expect(item.durationSeconds).toBeGreaterThan(0.5);
    expect(s.fake.requestsTo('/v1/audio/speech')[0]!.body).toEqual({ model: 'fake-tts-1', input: 'Welcome to the spring open day at the nursery.', voice: 'coral', response_format: 'wav' });
  });
});

describe('the Provider seam', () => {
  it('transcribes audio through audio.transcriptions (for captions)', async () => {
    const provider = openAiProvider({ name: 'Local', baseUrl: s.fake.baseUrl, apiKey: null, timeoutMs: 10_000, maxRetries: 0 });
    const wav = makeWav(1);
    const result = await provider.transcribe({ model: 'fake-whisper-1', file: wav, fileName: 'voice.wav', language: 'en' });
    expect(result.text).toBe(`Transcript of voice.wav (${wav.length} bytes).`);
    expect(s.fake.requestsTo('/v1/audio/transcriptions')[0]!.body).toMatchObject({ model: 'fake-whisper-1', language: 'en', file: { file: 'voice.wav', bytes: wav.length } });
  });

  it('answers a plain (not streamed) chat with tool calls, for callers like "ask your data"', async () => {
    s.fake.answers.push({ toolCalls: [{ name: 'run_query', arguments: '{"metric":"likes"}' }] });
    const provider = openAiProvider({ name: 'Local', baseUrl: s.fake.baseUrl, apiKey: null, timeoutMs: 10_000, maxRetries: 0 });
    const r = await provider.chat({ model: 'fake-text-1', messages: [{ role: 'user', content: 'likes last week?' }], tools: [{ name: 'run_query', description: 'query', parameters: { type: 'object' } }] });
    expect(r).toMatchObject({ finishReason: 'tool_calls', toolCalls: [{ name: 'run_query', arguments: '{"metric":"likes"}' }] });
    expect((s.fake.requestsTo('/v1/chat/completions')[0]!.body as { stream?: boolean; tools: unknown[] }).tools).toHaveLength(1);
    // The same over SSE.
    s.fake.answers.push({ toolCalls: [{ name: 'run_query', arguments: '{}' }] });
    const streamed = await provider.chat({ model: 'fake-text-1', messages: [{ role: 'user', content: 'again' }] }, { onDelta: () => undefined });
    expect(streamed).toMatchObject({ finishReason: 'tool_calls', toolCalls: [{ name: 'run_query', arguments: '{}' }] });
  });
});
