import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentDisposition, createMediaRoute, parseRange, type MediaRouteLibrary } from '../../../src-main/core/media/media-http';
import type { MediaAddResult, MediaItem } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';

// A faithful fake of the library's side of the route: real files in a temp folder, items by id.
let root: string;
let uploads: string;
let outside: string;
const BYTES = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
const added: { temp: string; name: string; bytes: Buffer }[] = [];
let addUploadImpl: (temp: string, name: string) => Promise<MediaAddResult>;

const item = (over: Partial<MediaItem> = {}): MediaItem => ({
  id: 'media_1',
  kind: 'video',
  sha256: 'a'.repeat(64),
  fileName: 'clip "final";\n.mp4',
  storedPath: 'media/aa/clip.mp4',
  mimeType: 'video/mp4',
  bytes: BYTES.length,
  width: 320,
  height: 240,
  durationSeconds: 2,
  videoCodec: 'h264',
  audioCodec: null,
  frameRate: 25,
  loudnessLufs: null,
  altText: null,
  tags: [],
  hasThumbnail: true,
  lineage: null,
  captions: [],
  createdAt: '2026-03-01T09:00:00.000Z',
  ...over,
});

const library: MediaRouteLibrary = {
  get(workspaceId, id) {
    if (workspaceId !== 'ws_1') throw new AppError('NotFound', `There is no workspace with id ${workspaceId}.`);
    if (id === 'media_1') return item();
    if (id === 'media_2') return item({ id: 'media_2', storedPath: 'media/aa/gone.mp4', hasThumbnail: false });
    throw new AppError('NotFound', `There is no media item with id ${id} in this workspace.`);
  },
  storedFile: (_ws, storedPath) => path.join(root, storedPath),
  thumbnailFile: (_ws, it) => (it.hasThumbnail ? path.join(root, 'media', 'thumbs', 'a.jpg') : null),
  addUpload: (_ws, temp, name) => addUploadImpl(temp, name),
  uploadDir(workspaceId) {
    if (workspaceId !== 'ws_1') throw new AppError('NotFound', 'There is no such workspace.');
    return uploads;
  },
};
let maxBytes = 5000;
const route = createMediaRoute({ media: library, maxUploadBytes: () => maxBytes });
const get = (p: string, headers: Record<string, string> = {}, method = 'GET') => route.handle(new Request(`app://promogpt${p}`, { method, headers }));
const post = (p: string, body: BodyInit | null, headers: Record<string, string> = {}) =>
  route.handle(new Request(`app://promogpt${p}`, { method: 'POST', body, headers, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit));
const bytesOf = async (r: Response) => Buffer.from(await r.arrayBuffer());

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-media-http-'));
  uploads = path.join(root, 'media', '.uploads');
  fs.mkdirSync(path.join(root, 'media', 'aa'), { recursive: true });
  fs.mkdirSync(path.join(root, 'media', 'thumbs'), { recursive: true });
  fs.writeFileSync(path.join(root, 'media', 'aa', 'clip.mp4'), BYTES);
  fs.writeFileSync(path.join(root, 'media', 'thumbs', 'a.jpg'), 'jpeg-bytes');
  outside = path.join(root, 'secret.txt');
  fs.writeFileSync(outside, 'secret');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  added.length = 0;
  maxBytes = 5000;
  addUploadImpl = async (temp, name) => {
    added.push({ temp, name, bytes: fs.readFileSync(temp) });
    return { path: temp, ok: true, item: item({ id: 'media_9', fileName: name }), deduplicated: false };
  };
});

describe('parseRange', () => {
  it.each([
    [null, { kind: 'none' }],
    ['bytes=0-99', { kind: 'range', start: 0, end: 99 }],
    ['bytes=900-', { kind: 'range', start: 900, end: 999 }],
    ['bytes=-100', { kind: 'range', start: 900, end: 999 }],
    ['bytes=-5000', { kind: 'range', start: 0, end: 999 }],
    ['bytes=990-5000', { kind: 'range', start: 990, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=5-1', { kind: 'none' }],
    ['bytes=0-1,5-6', { kind: 'none' }],
    ['items=0-1', { kind: 'none' }],
    ['bytes=-', { kind: 'none' }],
    ['bytes=99999999999999999999-', { kind: 'none' }],
  ])('%s on 1000 bytes', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });
});

describe('contentDisposition', () => {
  it('percent-encodes everything that could end or split the header', () => {
    const value = contentDisposition('a"b;c\r\nSet-Cookie: x=1\u0000 (d)\'.mp4');
    expect(value).toMatch(/^inline; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(decodeURIComponent(value.split("''")[1] ?? '')).toBe('a"b;c Set-Cookie: x=1 (d)\'.mp4');
    expect(contentDisposition('../../etc/passwd')).toBe("inline; filename*=UTF-8''passwd");
    expect(contentDisposition('été.mp4')).toBe("inline; filename*=UTF-8''%C3%A9t%C3%A9.mp4");
  });
});

describe('media route: files', () => {
  it('claims every path under /media and nothing else', () => {
    expect(route.handles('/media')).toBe(true);
    expect(route.handles('/media/x')).toBe(true);
    expect(route.handles('/mediax')).toBe(false);
    expect(route.handles('/assets/media/x')).toBe(false);
  });

  it('serves the whole file with its type, length, name and caching', async () => {
    const r = await get('/media/ws_1/media_1');
    expect(r.status).toBe(200);
    expect(Object.fromEntries(r.headers)).toMatchObject({
      'content-type': 'video/mp4',
      'content-length': '1000',
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'private, max-age=31536000, immutable',
      'content-disposition': "inline; filename*=UTF-8''clip%20%22final%22%3B%20.mp4",
      etag: `"${'a'.repeat(64)}"`,
    });
    expect((await bytesOf(r)).equals(BYTES)).toBe(true);
  });

  it('serves byte ranges with 206 and Content-Range, and 416 past the end', async () => {
    const first = await get('/media/ws_1/media_1', { Range: 'bytes=0-9' });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe('bytes 0-9/1000');
    expect(first.headers.get('content-length')).toBe('10');
    expect((await bytesOf(first)).equals(BYTES.subarray(0, 10))).toBe(true);

    const suffix = await get('/media/ws_1/media_1', { Range: 'bytes=-10' });
    expect(suffix.headers.get('content-range')).toBe('bytes 990-999/1000');
    expect((await bytesOf(suffix)).equals(BYTES.subarray(990))).toBe(true);

    const open = await get('/media/ws_1/media_1', { Range: 'bytes=500-' });
    expect(open.headers.get('content-range')).toBe('bytes 500-999/1000');
    expect((await bytesOf(open)).equals(BYTES.subarray(500))).toBe(true);

    const beyond = await get('/media/ws_1/media_1', { Range: 'bytes=1000-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */1000');
  });

  it('ignores a Range whose If-Range names other content, and answers a matching If-None-Match with 304', async () => {
    const stale = await get('/media/ws_1/media_1', { Range: 'bytes=0-9', 'If-Range': '"other"' });
    expect(stale.status).toBe(200);
    expect((await bytesOf(stale)).length).toBe(1000);
    const cached = await get('/media/ws_1/media_1', { 'If-None-Match': `"${'a'.repeat(64)}"` });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe('');
  });

  it('answers HEAD with the headers and no body', async () => {
    const r = await get('/media/ws_1/media_1', {}, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-length')).toBe('1000');
    expect(await r.text()).toBe('');
  });

  it('streams without reading the whole file, and stops when the reader goes away', async () => {
    const r = await get('/media/ws_1/media_1');
    const reader = r.body?.getReader();
    const firstChunk = await reader?.read();
    expect(firstChunk?.value?.byteLength).toBeGreaterThan(0);
    await reader?.cancel();
  });

  it('serves the thumbnail, or 404 when there is none', async () => {
    const r = await get('/media/ws_1/media_1/thumbnail');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(await r.text()).toBe('jpeg-bytes');
    expect((await get('/media/ws_1/media_2/thumbnail')).status).toBe(404);
  });

  it.each([
    '/media',
    '/media/',
    '/media/ws_1',
    '/media/ws_1/',
    '/media/ws_1/media_404',
    '/media/ws_404/media_1',
    '/media/ws_1/media_1/',
    '/media/ws_1/media_1/original',
    '/media/ws_1/media_1/thumbnail/x',
    '/media/WS_1/media_1',
    '/media/ws_1/%2e%2e',
    '/media/ws_1/..%2fsecret.txt',
    '/media/ws_1/media_1%00',
    '/media/ws_1/%252e%252e%252fsecret.txt',
    '/media/ws_1/-x',
    `/media/ws_1/${'a'.repeat(65)}`,
  ])('answers %s with a plain 404 and nothing outside', async (p) => {
    const r = await get(p);
    expect(r.status).toBe(404);
    const text = await r.text();
    expect(text).not.toContain('secret');
    expect(text).not.toContain(root);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('says the file is missing without saying where', async () => {
    const r = await get('/media/ws_1/media_2');
    expect(r.status).toBe(404);
    const text = await r.text();
    expect(text).toMatch(/missing/);
    expect(text).not.toContain(root);
  });

  it('refuses other methods with 405 and Allow', async () => {
    const put = await route.handle(new Request('app://promogpt/media/ws_1/media_1', { method: 'PUT', body: 'x' }));
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
    const getUpload = await get('/media/ws_1/upload?name=a.png');
    expect(getUpload.status).toBe(405);
    expect(getUpload.headers.get('allow')).toBe('POST');
    expect((await post('/media/ws_1/media_1', 'x')).status).toBe(405);
  });

  it('turns an unexpected failure into a 500 without details', async () => {
    const broken = createMediaRoute({
      media: { ...library, get: () => { throw new Error(`disk exploded at ${root}`); } },
      maxUploadBytes: () => maxBytes,
    });
    const r = await broken.handle(new Request('app://promogpt/media/ws_1/media_1'));
    expect(r.status).toBe(500);
    expect(await r.text()).not.toContain(root);
  });
});

describe('media route: uploads', () => {
  const uploadsLeft = () => (fs.existsSync(uploads) ? fs.readdirSync(uploads) : []);

  it('streams the body to a private temp file, hands it to the library, then removes it', async () => {
    const body = Buffer.alloc(3000, 7);
    const r = await post('/media/ws_1/upload?name=photo.png', body);
    expect(r.status).toBe(200);
    const result = (await r.json()) as MediaAddResult;
    expect(result).toMatchObject({ ok: true, path: 'photo.png', item: { id: 'media_9' } });
    expect(added).toHaveLength(1);
    expect(added[0]?.bytes.equals(body)).toBe(true);
    expect(path.dirname(added[0]?.temp ?? '')).toBe(uploads);
    expect(fs.statSync(uploads).mode & 0o777).toBe(0o700);
    expect(uploadsLeft()).toEqual([]);
    // The temp path never reaches the page.
    expect(JSON.stringify(result)).not.toContain(root);
  });

  it('takes a chunked body without Content-Length', async () => {
    const chunks = [Buffer.alloc(1000, 1), Buffer.alloc(1000, 2)];
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        const next = chunks.shift();
        if (next) c.enqueue(new Uint8Array(next));
        else c.close();
      },
    });
    const r = await post('/media/ws_1/upload?name=a.bin', stream);
    expect(r.status).toBe(200);
    expect(added[0]?.bytes.length).toBe(2000);
  });

  it('answers a refused file with 200 ok:false and the reason', async () => {
    addUploadImpl = async () => ({ path: '/abs/temp', ok: false, error: { name: 'ValidationError', message: 'This is not a picture, video or audio file.' } });
    const r = await post('/media/ws_1/upload?name=notes.mp4', 'hello');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ path: 'notes.mp4', ok: false, error: { name: 'ValidationError', message: 'This is not a picture, video or audio file.' } });
    expect(uploadsLeft()).toEqual([]);
  });

  it('turns an AppError thrown by the library into ok:false too', async () => {
    addUploadImpl = async () => {
      throw new AppError('DependencyMissing', 'ffprobe was not found.');
    };
    const r = await post('/media/ws_1/upload?name=a.png', 'x');
    expect(await r.json()).toMatchObject({ ok: false, error: { name: 'DependencyMissing' } });
    expect(uploadsLeft()).toEqual([]);
  });

  it('refuses a body over the cap with 413 as soon as it passes, and keeps nothing', async () => {
    maxBytes = 1500;
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled += 1;
        c.enqueue(new Uint8Array(1000));
      },
    });
    const r = await post('/media/ws_1/upload?name=big.mp4', endless);
    expect(r.status).toBe(413);
    expect(await r.text()).toMatch(/larger than/);
    expect(pulled).toBeLessThan(5);
    expect(added).toEqual([]);
    expect(uploadsLeft()).toEqual([]);
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    maxBytes = 10;
    const r = await post('/media/ws_1/upload?name=big.mp4', 'x'.repeat(11), { 'Content-Length': '11' });
    expect(r.status).toBe(413);
    expect(added).toEqual([]);
  });

  it('cleans up when the client stops halfway', async () => {
    let sent = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 2) c.enqueue(new Uint8Array(100));
        else c.error(new Error('connection reset'));
      },
    });
    const r = await post('/media/ws_1/upload?name=a.png', failing);
    expect(r.status).toBe(400);
    expect(added).toEqual([]);
    expect(uploadsLeft()).toEqual([]);
  });

  it.each([
    ['/media/ws_1/upload', 400],
    ['/media/ws_1/upload?name=', 400],
    ['/media/ws_1/upload?name=%20%20', 400],
    ['/media/ws_404/upload?name=a.png', 404],
    ['/media/..%2f/upload?name=a.png', 404],
  ])('answers POST %s with %i', async (p, status) => {
    expect((await post(p, 'x')).status).toBe(status);
    expect(added).toEqual([]);
  });

  it('sweeps upload temp files a crash left behind (older than a day), once, and nothing else', async () => {
    const dir = path.join(root, 'sweep-uploads');
    fs.mkdirSync(dir);
    const old = new Date(Date.now() - 25 * 3600 * 1000);
    for (const name of ['.upload-old', 'keep-old']) {
      fs.writeFileSync(path.join(dir, name), 'x');
      fs.utimesSync(path.join(dir, name), old, old);
    }
    fs.writeFileSync(path.join(dir, '.upload-fresh'), 'x');
    const sweeping = createMediaRoute({ media: { ...library, uploadDir: () => dir }, maxUploadBytes: () => maxBytes });
    await sweeping.handle(new Request('app://promogpt/media/ws_1/upload?name=a.png', { method: 'POST', body: 'x' }));
    for (let i = 0; i < 50 && fs.existsSync(path.join(dir, '.upload-old')); i++) await new Promise((r) => setTimeout(r, 10));
    expect(fs.readdirSync(dir).sort()).toEqual(['.upload-fresh', 'keep-old']);
  });

  it('passes hostile names on as text only', async () => {
    const names = ['a"b;c.png', 'x\r\nSet-Cookie: y=1.png', '../../../etc/passwd', 'nul\u0000byte.png', 'é'.repeat(300), "'; DROP TABLE media; --"];
    for (const name of names) {
      const r = await post(`/media/ws_1/upload?name=${encodeURIComponent(name)}`, 'x');
      expect(r.status).toBe(200);
    }
    expect(added.map((a) => a.name)).toEqual(names);
    // Every temp was ours, in the upload folder, whatever the name said.
    for (const a of added) expect(path.dirname(a.temp)).toBe(uploads);
    expect(uploadsLeft()).toEqual([]);
    expect(fs.readFileSync(outside, 'utf8')).toBe('secret');
  });
});
