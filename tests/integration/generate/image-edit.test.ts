import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaItem } from '../../../src-shared/domain';
import { FAULTS, type RecordedFile } from '../../fakes/openai/server';
import { makeMaskPng, makePng, makeWav } from '../../fakes/openai/media-bytes';
import { tempDir } from '../../helpers/core';
import { addLocalProvider, failure, studioSetup, type StudioSetup } from './helpers';

// Editing a library picture with a prompt (and a mask), through the contract against the fake
// server's /v1/images/edits: what is sent, what is stored, its lineage, re-runs and refusals.

let s: StudioSetup;
let dir: string;
beforeEach(async () => {
  s = await studioSetup();
  await addLocalProvider(s);
  dir = tempDir('promogpt-edit-src-');
});
afterEach(() => s.close());

async function add(name: string, bytes: Buffer): Promise<MediaItem> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  const [result] = await s.core.call('media.add', { workspaceId: s.workspaceId, paths: [file] });
  if (!result?.ok) throw new Error(`expected ${name} to be added: ${JSON.stringify(result)}`);
  return result.item;
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const edits = () => s.fake.requestsTo('/v1/images/edits').map((r) => r.body as Record<string, unknown>);

describe('editing a picture', () => {
  it('sends the picture and prompt as multipart and stores the result with lineage to the source', async () => {
    const png = makePng(96, 64, 3);
    const fern = await add('fern.png', png);
    const g = await s.core.call('studio.editImage', { workspaceId: s.workspaceId, mediaId: fern.id, prompt: 'Add a red watering can' });
    expect(g).toMatchObject({ kind: 'image', state: 'succeeded', model: 'fake-image-1', params: { kind: 'image', prompt: 'Add a red watering can', size: 'auto', count: 1, edit: { mediaId: fern.id } } });
    const [body] = edits();
    // No size: the provider's default (the fake answers at the source's size). No mask field.
    expect(body).toEqual({
      model: 'fake-image-1',
      prompt: 'Add a red watering can',
      n: '1',
      response_format: 'b64_json',
      image: { file: 'fern.png', bytes: png.length, sha256: sha(png), type: 'image/png' } satisfies RecordedFile,
    });
    expect(g.mediaIds).toHaveLength(1);
    const item = await s.core.call('media.get', { workspaceId: s.workspaceId, mediaId: g.mediaIds[0]! });
    expect(item).toMatchObject({ kind: 'image', mimeType: 'image/png', width: 96, height: 64, fileName: 'ai-edit-add-a-red-watering-can.png', tags: ['ai-generated', 'ai-edited'] });
    expect(item.lineage).toEqual({
      renderId: g.id,
      sourceIds: [fern.id],
      request: { kind: 'ai-edit', generationId: g.id, prompt: 'Add a red watering can', providerName: 'Local', model: 'fake-image-1', size: 'auto', masked: false },
    });
    expect(fs.existsSync(s.core.media.storedFile(s.workspaceId, item.storedPath))).toBe(true);
  });

  it('sends the mask too, with the size and count asked for, and records both sources', async () => {
    const png = makePng(64, 64, 1);
    const maskPng = makeMaskPng(64, 64);
    const pot = await add('pot.png', png);
    const mask = await add('pot-mask.png', maskPng);
    const g = await s.core.call('studio.editImage', { workspaceId: s.workspaceId, mediaId: pot.id, maskMediaId: mask.id, prompt: 'A cactus in the pot', size: '128x128', count: 2 });
    expect(g).toMatchObject({ state: 'succeeded', params: { size: '128x128', count: 2, edit: { mediaId: pot.id, maskMediaId: mask.id } } });
    expect(edits()[0]).toMatchObject({ n: '2', size: '128x128', image: { sha256: sha(png), type: 'image/png' }, mask: { file: 'pot-mask.png', sha256: sha(maskPng), type: 'image/png' } });
    expect(g.mediaIds).toHaveLength(2);
    for (const id of g.mediaIds) {
      const item = await s.core.call('media.get', { workspaceId: s.workspaceId, mediaId: id });
      expect(item).toMatchObject({ width: 128, height: 128 });
      expect(item.lineage).toMatchObject({ sourceIds: [pot.id, mask.id], request: { kind: 'ai-edit', masked: true } });
    }
  });

  it('re-runs with identical multipart fields (same files, same prompt, size, count)', async () => {
    const pot = await add('pot.png', makePng(64, 64, 2));
    const mask = await add('mask.png', makeMaskPng(64, 64));
    const g = await s.core.call('studio.editImage', { workspaceId: s.workspaceId, mediaId: pot.id, maskMediaId: mask.id, prompt: 'Snow on the leaves', size: '64x64' });
    const again = await s.core.call('studio.rerun', { workspaceId: s.workspaceId, generationId: g.id });
    expect(again).toMatchObject({ rerunOf: g.id, state: 'succeeded', params: g.params });
    const [a, b] = edits();
    expect(b).toEqual(a);
    // The re-run's picture (the fake draws a new one each time) names its own generation.
    expect(again.mediaIds[0]).not.toBe(g.mediaIds[0]);
    const item = await s.core.call('media.get', { workspaceId: s.workspaceId, mediaId: again.mediaIds[0]! });
    expect(item.lineage).toMatchObject({ renderId: again.id, sourceIds: [pot.id, mask.id] });
  });

  it('a re-run whose source picture was removed fails with NotFound in its history row, sending nothing', async () => {
    const pot = await add('pot.png', makePng(64, 64, 4));
    const g = await s.core.call('studio.editImage', { workspaceId: s.workspaceId, mediaId: pot.id, prompt: 'More leaves' });
    await s.core.call('media.remove', { workspaceId: s.workspaceId, mediaId: pot.id });
    const error = await failure(s.core.call('studio.rerun', { workspaceId: s.workspaceId, generationId: g.id }));
    expect(error).toMatchObject({ name: 'NotFound' });
    expect(error.message).toContain('promogpt media list');
    expect(edits()).toHaveLength(1);
    const [latest] = await s.core.call('studio.history', { workspaceId: s.workspaceId, limit: 1 });
    expect(latest).toMatchObject({ rerunOf: g.id, state: 'failed', params: { prompt: 'More leaves', edit: { mediaId: pot.id } }, error: { name: 'NotFound' } });
  });
});

describe('refusals, before anything is recorded or sent', () => {
  it('refuses an unknown id, a non-picture, a bad mask, and says what to do', async () => {
    const pic = await add('pic.png', makePng(64, 64, 5));
    const wav = await add('voice.wav', makeWav(1));
    const other = await add('other.png', makePng(32, 32, 6));
    const small = await add('small-mask.png', makeMaskPng(32, 32));
    const jpgFile = path.join(dir, 'mask.jpg');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', path.join(dir, 'pic.png'), jpgFile]);
    const [jpgAdded] = await s.core.call('media.add', { workspaceId: s.workspaceId, paths: [jpgFile] });
    const jpg = jpgAdded?.ok ? jpgAdded.item : null;
    expect(jpg?.mimeType).toBe('image/jpeg');
    const opaque = await add('opaque.png', makePng(64, 64, 7));

    const cases: [Record<string, string>, string, RegExp][] = [
      [{ mediaId: 'media_nope' }, 'NotFound', /promogpt media list/],
      [{ mediaId: wav.id }, 'ValidationError', /voice\.wav is audio; only a picture can be edited/],
      [{ mediaId: pic.id, maskMediaId: 'media_nope' }, 'NotFound', /no media item/],
      [{ mediaId: pic.id, maskMediaId: jpg!.id }, 'ValidationError', /a mask must be a PNG with transparency/],
      [{ mediaId: pic.id, maskMediaId: wav.id }, 'ValidationError', /a mask must be a PNG/],
      [{ mediaId: pic.id, maskMediaId: small.id }, 'ValidationError', /is 32×32 but pic\.png is 64×64.*Make it at 64×64/],
      [{ mediaId: pic.id, maskMediaId: opaque.id }, 'ValidationError', /has no transparency/],
      [{ mediaId: pic.id, maskMediaId: pic.id }, 'ValidationError', /The mask is the picture itself/],
      [{ mediaId: other.id, maskMediaId: pic.id }, 'ValidationError', /is 64×64 but other\.png is 32×32/],
    ];
    for (const [ids, name, message] of cases) {
      const error = await failure(s.core.call('studio.editImage', { workspaceId: s.workspaceId, prompt: 'p', ...ids } as never));
      expect(error.name, JSON.stringify(ids)).toBe(name);
      expect(error.message, JSON.stringify(ids)).toMatch(message);
    }
    // Bad input to the contract itself.
    for (const input of [{ mediaId: pic.id, size: '12' }, { mediaId: pic.id, count: 5 }, { mediaId: pic.id, prompt: '  ' }, { mediaId: '../etc' }]) {
      expect((await failure(s.core.call('studio.editImage', { workspaceId: s.workspaceId, prompt: 'p', ...input } as never))).name).toBe('ValidationError');
    }
    expect(edits()).toHaveLength(0);
    expect(await s.core.call('studio.history', { workspaceId: s.workspaceId })).toEqual([]);
  });
});

describe('provider errors', () => {
  it('maps a refusal to a named error, keeps the prompt in history and stores nothing', async () => {
    const pic = await add('pic.png', makePng(64, 64, 8));
    s.fake.fail('/v1/images/edits', FAULTS.contentPolicy());
    const error = await failure(s.core.call('studio.editImage', { workspaceId: s.workspaceId, mediaId: pic.id, prompt: 'something refused' }));
    expect(error).toMatchObject({ name: 'PlatformRejected', details: { reason: 'content_refused' } });
    expect(error.details?.generationId).toEqual(expect.any(String));
    const [g] = await s.core.call('studio.history', { workspaceId: s.workspaceId });
    expect(g).toMatchObject({ state: 'failed', params: { prompt: 'something refused', edit: { mediaId: pic.id } }, mediaIds: [], error: { name: 'PlatformRejected', reason: 'content_refused' } });
    expect((await s.core.call('media.list', { workspaceId: s.workspaceId })).map((m) => m.id)).toEqual([pic.id]);
  });

  it('says rate limited with the wait, and model not found', async () => {
    const pic = await add('pic.png', makePng(64, 64, 9));
    s.fake.fail('/v1/images/edits', FAULTS.rateLimited(20));
    expect(await failure(s.core.call('studio.editImage', { workspaceId: s.workspaceId, mediaId: pic.id, prompt: 'p' }))).toMatchObject({ name: 'RateLimited', details: { retryAfterSeconds: 20 } });
    s.fake.models = s.fake.models.filter((m) => m !== 'fake-image-1');
    expect(await failure(s.core.call('studio.editImage', { workspaceId: s.workspaceId, mediaId: pic.id, prompt: 'p' }))).toMatchObject({ name: 'NotFound', details: { reason: 'model_not_found' } });
  });
});
