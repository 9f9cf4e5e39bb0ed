// Captions by the provider's transcription model: the item's sound (real ffmpeg) is sent as a
// small MP3 for WebVTT, which becomes the video's captions file, recorded in the history.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MediaItem } from '../../../src-shared/domain';
import { tempDir } from '../../helpers/core';
import { makeClip, makePicture } from '../media/render-helpers';
import { addLocalProvider, failure, studioSetup, type StudioSetup } from './helpers';

let inputs: { talk: string; silent: string; picture: string };
beforeAll(() => {
  const dir = tempDir('promogpt-transcribe-');
  inputs = {
    talk: makeClip(path.join(dir, 'talk.mp4'), { size: '160x90', seconds: 3 }),
    silent: makeClip(path.join(dir, 'silent.mp4'), { size: '160x90', seconds: 1, audio: null }),
    picture: makePicture(path.join(dir, 'still.png'), '64x64'),
  };
}, 60_000);

let s: StudioSetup;
beforeEach(async () => {
  s = await studioSetup();
  await addLocalProvider(s);
});
afterEach(() => s.close());

async function add(file: string): Promise<MediaItem> {
  const [result] = await s.core.call('media.add', { workspaceId: s.workspaceId, paths: [file] });
  if (!result?.ok) throw new Error(`expected ${file} to be added`);
  return result.item;
}

describe('transcription into a captions file', () => {
  it('sends the sound as mono MP3 for WebVTT, keeps the answer as the video’s captions, and records it; a re-run sends the same', async () => {
    const video = await add(inputs.talk);
    const g = await s.core.call('studio.transcribe', { workspaceId: s.workspaceId, mediaId: video.id, lang: 'de-AT' });
    expect(g).toMatchObject({ kind: 'transcription', state: 'succeeded', model: 'fake-whisper-1', params: { kind: 'transcription', mediaId: video.id, lang: 'de-AT' }, mediaIds: [video.id] });

    const [sent] = s.fake.requestsTo('/v1/audio/transcriptions');
    expect(sent?.body).toMatchObject({ model: 'fake-whisper-1', language: 'de', response_format: 'vtt', file: { file: 'speech.mp3' } });
    // 3 s of mono 32 kbit/s MP3 is about 12 kB: the video itself is never sent.
    const bytes = (sent?.body as { file: { bytes: number } }).file.bytes;
    expect(bytes).toBeGreaterThan(4_000);
    expect(bytes).toBeLessThan(40_000);

    const item = await s.core.call('media.get', { workspaceId: s.workspaceId, mediaId: video.id });
    expect(item.captions).toEqual([{ lang: 'de-AT', cues: 2 }]);
    const [track] = await s.core.call('media.getCaptions', { workspaceId: s.workspaceId, mediaId: video.id });
    expect(track?.vtt).toContain('Transcript of speech.mp3');

    await s.core.call('studio.rerun', { workspaceId: s.workspaceId, generationId: g.id });
    const [first, again] = s.fake.requestsTo('/v1/audio/transcriptions').map((r) => r.body);
    expect(again).toEqual(first);
    // The temporary MP3 is gone.
    expect(fs.readdirSync(s.core.media.uploadDir(s.workspaceId)).filter((n) => n.startsWith('.speech-'))).toEqual([]);
  });

  it('refuses a picture and a video without sound before sending anything, and a provider without a transcription model', async () => {
    const picture = await add(inputs.picture);
    const silent = await add(inputs.silent);
    const onPicture = await failure(s.core.call('studio.transcribe', { workspaceId: s.workspaceId, mediaId: picture.id, lang: 'en' }));
    expect(onPicture.message).toMatch(/is a picture; caption files go with videos/);
    const quiet = await failure(s.core.call('studio.transcribe', { workspaceId: s.workspaceId, mediaId: silent.id, lang: 'en' }));
    expect(quiet.message).toMatch(/has no sound/);
    expect(s.fake.requestsTo('/v1/audio/transcriptions')).toEqual([]);

    await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Text only', baseUrl: s.fake.baseUrl, textModel: 'fake-text-1', maxRetries: 0 });
    const video = await add(inputs.talk);
    const noModel = await failure(s.core.call('studio.transcribe', { workspaceId: s.workspaceId, provider: 'Text only', mediaId: video.id, lang: 'en' }));
    expect(noModel.message).toMatch(/has no transcription model/);
    expect((await s.core.call('media.get', { workspaceId: s.workspaceId, mediaId: video.id })).captions).toEqual([]);
  });
});
