import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Generation } from '../../src-shared/ai';
import type { MediaAddResult, MediaItem } from '../../src-shared/domain';
import { assertBuilt, promogptAsync } from '../helpers/cli';
import { tempDir } from '../helpers/core';
import { makeMaskPng, makePng } from '../fakes/openai/media-bytes';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai/server';

// `promogpt generate image --edit MEDIA_ID [--mask MEDIA_ID]` against the fake server: prints the
// media ids and files it stored, like `generate image`; bad input exits 1 with what to do.

const dataDir = tempDir('promogpt-cli-edit-');
const files = tempDir('promogpt-cli-edit-files-');
let fake: FakeOpenAi;
const cli = (args: string[]) => promogptAsync(['--data-dir', dataDir, ...args]);
const json = async <T>(args: string[]): Promise<T> => {
  const r = await cli(['--json', ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};
async function add(name: string, bytes: Buffer): Promise<MediaItem> {
  const file = path.join(files, name);
  fs.writeFileSync(file, bytes);
  const [r] = await json<MediaAddResult[]>(['media', 'add', file]);
  if (!r?.ok) throw new Error(`not added: ${JSON.stringify(r)}`);
  return r.item;
}

beforeAll(async () => {
  assertBuilt();
  fake = await startFakeOpenAi();
  expect((await cli(['workspace', 'create', 'Acme'])).code).toBe(0);
  expect((await cli(['provider', 'add', 'local', '--base-url', fake.baseUrl, '--model', 'fake-text-1', '--image-model', 'fake-image-1', '--max-retries', '0'])).code).toBe(0);
}, 60_000);
afterAll(() => fake?.close());

describe('promogpt generate image --edit', () => {
  it('edits a library picture with a mask and prints the media ids and files it stored', async () => {
    const pic = await add('fern.png', makePng(64, 64, 1));
    const mask = await add('fern-mask.png', makeMaskPng(64, 64));
    const g = await json<Generation & { files: { mediaId: string; file: string }[] }>(['generate', 'image', '--edit', pic.id, '--mask', mask.id, '--prompt', 'A snail on the leaf', '--size', '64x64', '--count', '2']);
    expect(g).toMatchObject({ kind: 'image', state: 'succeeded', params: { prompt: 'A snail on the leaf', size: '64x64', count: 2, edit: { mediaId: pic.id, maskMediaId: mask.id } } });
    expect(g.files.map((f) => f.mediaId)).toEqual(g.mediaIds);
    for (const f of g.files) expect(fs.existsSync(f.file)).toBe(true);
    expect(fake.requestsTo('/v1/images/edits').at(-1)?.body).toMatchObject({ prompt: 'A snail on the leaf', n: '2', size: '64x64', image: { file: 'fern.png' }, mask: { file: 'fern-mask.png' } });
    // The item says what it was made from.
    const listed = await cli(['media', 'list', '--tag', 'ai-edited']);
    expect(listed.stdout.split('\n').filter((l) => l.startsWith(g.mediaIds[0]!))[0]).toContain(`made by ai-edit from ${pic.id}, ${mask.id}`);

    const human = await cli(['generate', 'image', '--edit', pic.id, '--prompt', 'A ladybird']);
    expect(human.code).toBe(0);
    expect(human.stdout.trim()).toMatch(/^gen_\S+ \(succeeded\)\nmedia_\S+ {2}\/\S+\.png$/);
  });

  it('refuses a mask without --edit, an unknown picture, and a mask of another size, with exit 1', async () => {
    const pic = await add('big.png', makePng(64, 64, 2));
    const small = await add('small-mask.png', makeMaskPng(32, 32));
    const before = fake.requestsTo('/v1/images/edits').length;
    const noEdit = await cli(['--json', 'generate', 'image', '--prompt', 'p', '--mask', small.id]);
    expect(noEdit.code).toBe(1);
    expect(JSON.parse(noEdit.stderr)).toEqual({ error: { name: 'ValidationError', message: expect.stringContaining('--mask goes with --edit') } });
    const unknown = await cli(['--json', 'generate', 'image', '--prompt', 'p', '--edit', 'media_nope']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { name: 'NotFound', message: expect.stringContaining('promogpt media list') } });
    const size = await cli(['generate', 'image', '--prompt', 'p', '--edit', pic.id, '--mask', small.id]);
    expect(size.code).toBe(1);
    expect(size.stderr).toContain('is 32×32 but big.png is 64×64');
    expect(fake.requestsTo('/v1/images/edits').length).toBe(before);
  });

  it('keeps the plain `generate image` JSON as before', async () => {
    const g = await json<Generation & { files: { mediaId: string; file: string }[] }>(['generate', 'image', '--prompt', 'A fern', '--size', '64x64']);
    expect(g.params).toEqual({ kind: 'image', prompt: 'A fern', size: '64x64', count: 1 });
    expect(Object.keys(g.files[0]!)).toEqual(['mediaId', 'file']);
  });
});
