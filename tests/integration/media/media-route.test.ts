import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src-main/server/server';
import type { MediaAddResult, MediaItem } from '../../../src-shared/domain';
import { tempDir, testCore } from '../../helpers/core';

// Browser mode's media route end to end: a real core, real files, real ffmpeg, real HTTP.
const TOKEN = 'media-token-0123456789abcdef';
const MAX_BYTES = 150_000;
let core: ReturnType<typeof testCore>;
let server: RunningServer;
let workspaceId: string;
let clip: MediaItem;
let tone: MediaItem;
let inputs: string;
const input = (name: string) => path.join(inputs, name);
const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP request with full control over headers and body, as a page (or an attacker) has. */
function request(p: string, opts: { method?: string; headers?: Record<string, string>; body?: Buffer | Buffer[]; cookie?: boolean; origin?: string | null } = {}): Promise<Reply> {
  const headers: Record<string, string> = { host: `127.0.0.1:${server.port}`, ...opts.headers };
  if (opts.cookie !== false) headers.cookie = `promogpt_session_${server.port}=${TOKEN}`;
  if (opts.origin !== undefined && opts.origin !== null) headers.origin = opts.origin;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: p, method: opts.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    // An array is sent chunked, without Content-Length.
    if (Array.isArray(opts.body)) for (const chunk of opts.body) req.write(chunk);
    else if (opts.body) req.write(opts.body);
    req.end();
  });
}

const ownOrigin = () => `http://127.0.0.1:${server.port}`;
const upload = (name: string, body: Buffer | Buffer[], headers: Record<string, string> = {}) =>
  request(`/media/${workspaceId}/upload?name=${encodeURIComponent(name)}`, { method: 'POST', body, origin: ownOrigin(), headers });
const storedBytes = (item: MediaItem) => fs.readFileSync(path.join(core.dataDir, 'workspaces', workspaceId, item.storedPath));
const uploadsLeft = () => {
  const dir = core.media.uploadDir(workspaceId);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};
const itemCount = async () => (await core.call('media.list', { workspaceId })).length;

function added(result: MediaAddResult | undefined): MediaItem {
  if (!result?.ok) throw new Error(`expected the file to be added, got ${JSON.stringify(result)}`);
  return result.item;
}

beforeAll(async () => {
  inputs = tempDir('promogpt-media-route-in-');
  ffmpeg(
    ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2'],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', input('clip.mp4')],
  );
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=1.5', '-c:a', 'libmp3lame', input('tone.mp3'));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=25', '-frames:v', '1', input('upload.png'));
  ffmpeg('-f', 'lavfi', '-i', 'mandelbrot=size=96x64:rate=25', '-frames:v', '1', input('hostile.png'));
  fs.writeFileSync(input('notes.mp4'), 'These are my notes, not a video.\n');

  core = testCore({ env: { ...process.env, PROMOGPT_MEDIA_MAX_BYTES: String(MAX_BYTES) } });
  workspaceId = (await core.call('workspace.create', { name: 'Acme' })).id;
  const results = await core.call('media.add', { workspaceId, paths: [input('clip.mp4'), input('tone.mp3')] });
  [clip, tone] = results.map(added) as [MediaItem, MediaItem];
  // Something outside the media folder that no URL may ever reach.
  fs.writeFileSync(path.join(core.dataDir, 'workspaces', workspaceId, 'secret.txt'), 'TOP-SECRET');

  const rendererDir = tempDir('promogpt-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PromoGPT</title>');
  server = await startServer({ core, rendererDir, port: 0, token: TOKEN });
}, 120_000);

afterAll(async () => {
  await server?.close();
  core?.close();
});

describe('media route over HTTP: reading', () => {
  it('serves the whole stored file with its type, length and headers', async () => {
    const r = await request(`/media/${workspaceId}/${clip.id}`);
    expect(r.status).toBe(200);
    expect(r.body.equals(storedBytes(clip))).toBe(true);
    expect(r.headers).toMatchObject({
      'content-type': 'video/mp4',
      'content-length': String(clip.bytes),
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=31536000, immutable',
      'content-disposition': "inline; filename*=UTF-8''clip.mp4",
    });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves ranges so that a <video> can seek: first bytes, suffix, open-ended, unsatisfiable', async () => {
    const bytes = storedBytes(clip);
    const size = bytes.length;
    const first = await request(`/media/${workspaceId}/${clip.id}`, { headers: { Range: 'bytes=0-99' } });
    expect(first.status).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-99/${size}`);
    expect(first.headers['content-length']).toBe('100');
    expect(first.body.equals(bytes.subarray(0, 100))).toBe(true);

    const suffix = await request(`/media/${workspaceId}/${clip.id}`, { headers: { Range: 'bytes=-500' } });
    expect(suffix.status).toBe(206);
    expect(suffix.headers['content-range']).toBe(`bytes ${size - 500}-${size - 1}/${size}`);
    expect(suffix.body.equals(bytes.subarray(size - 500))).toBe(true);

    const open = await request(`/media/${workspaceId}/${clip.id}`, { headers: { Range: `bytes=${size - 1000}-` } });
    expect(open.status).toBe(206);
    expect(open.body.equals(bytes.subarray(size - 1000))).toBe(true);

    const beyond = await request(`/media/${workspaceId}/${clip.id}`, { headers: { Range: `bytes=${size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${size}`);
  });

  it('answers HEAD with the length and no body', async () => {
    const r = await request(`/media/${workspaceId}/${clip.id}`, { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBe(String(clip.bytes));
    expect(r.body.length).toBe(0);
  });

  it('serves thumbnails: a JPEG frame for video, a PNG waveform for audio', async () => {
    expect(clip.hasThumbnail).toBe(true);
    const frame = await request(`/media/${workspaceId}/${clip.id}/thumbnail`);
    expect(frame.status).toBe(200);
    expect(frame.headers['content-type']).toBe('image/jpeg');
    expect(frame.body.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    const wave = await request(`/media/${workspaceId}/${tone.id}/thumbnail`);
    expect(wave.status).toBe(200);
    expect(wave.headers['content-type']).toBe('image/png');
    expect(wave.body.subarray(1, 4).toString()).toBe('PNG');
  });

  it('survives a client that leaves in the middle of a file', async () => {
    await new Promise<void>((resolve) => {
      const req = http.get(
        { host: '127.0.0.1', port: server.port, path: `/media/${workspaceId}/${clip.id}`, headers: { host: `127.0.0.1:${server.port}`, cookie: `promogpt_session_${server.port}=${TOKEN}` } },
        (res) => res.once('data', () => (req.destroy(), resolve())),
      );
      req.on('error', () => undefined);
    });
    expect((await request(`/media/${workspaceId}/${clip.id}`, { headers: { Range: 'bytes=0-9' } })).status).toBe(206);
  });

  it.each([
    'unknown item',
    'unknown workspace',
    'thumbnail of an unknown item',
    'encoded traversal',
    'double-encoded traversal',
    'encoded slash',
    'NUL',
    'upper case',
  ])('answers %s with 404 and never a file outside', async (what) => {
    const paths: Record<string, string> = {
      'unknown item': `/media/${workspaceId}/media_nope`,
      'unknown workspace': `/media/ws_nope/${clip.id}`,
      'thumbnail of an unknown item': `/media/${workspaceId}/media_nope/thumbnail`,
      'encoded traversal': `/media/${workspaceId}/%2e%2e%2fsecret.txt`,
      'double-encoded traversal': `/media/${workspaceId}/%252e%252e%252fsecret.txt`,
      'encoded slash': `/media/${workspaceId}/..%2f..%2f..%2fapp.db`,
      NUL: `/media/${workspaceId}/${clip.id}%00`,
      'upper case': `/media/${workspaceId.toUpperCase()}/${clip.id}`,
    };
    const r = await request(paths[what] ?? '/');
    expect(r.status).toBe(404);
    expect(r.body.toString()).not.toContain('TOP-SECRET');
    expect(r.body.toString()).not.toContain('SQLite');
    expect(r.body.toString()).not.toContain(core.dataDir);
  });

  it('never reaches outside through dot segments (they leave /media and get the app page)', async () => {
    for (const p of [`/media/${workspaceId}/../secret.txt`, `/media/${workspaceId}/%2e%2e/secret.txt`, `/media/../workspaces/${workspaceId}/secret.txt`]) {
      const r = await request(p);
      expect(r.body.toString(), p).not.toContain('TOP-SECRET');
    }
  });

  it('needs the session cookie (401), like every other request', async () => {
    const r = await request(`/media/${workspaceId}/${clip.id}`, { cookie: false });
    expect(r.status).toBe(401);
    expect(r.body.length).toBeLessThan(500);
    const up = await request(`/media/${workspaceId}/upload?name=a.png`, { method: 'POST', body: fs.readFileSync(input('upload.png')), cookie: false, origin: ownOrigin() });
    expect(up.status).toBe(401);
  });

  it('refuses a foreign Host (421)', async () => {
    expect((await request(`/media/${workspaceId}/${clip.id}`, { headers: { host: `evil.example:${server.port}` } })).status).toBe(421);
  });
});

describe('media route over HTTP: uploads', () => {
  it('refuses a POST without an Origin or from another origin (CSRF), storing nothing', async () => {
    const before = await itemCount();
    const body = fs.readFileSync(input('upload.png'));
    const none = await request(`/media/${workspaceId}/upload?name=a.png`, { method: 'POST', body });
    expect(none.status).toBe(403);
    const foreign = await request(`/media/${workspaceId}/upload?name=a.png`, { method: 'POST', body, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const otherPort = await request(`/media/${workspaceId}/upload?name=a.png`, { method: 'POST', body, origin: `http://127.0.0.1:${server.port + 1}` });
    expect(otherPort.status).toBe(403);
    expect(await itemCount()).toBe(before);
  });

  it('takes a picture, probes it, makes its thumbnail, and then serves it', async () => {
    const bytes = fs.readFileSync(input('upload.png'));
    const r = await upload('holiday.png', bytes);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    const result = JSON.parse(r.body.toString()) as MediaAddResult;
    const item = added(result);
    expect(result).toMatchObject({ path: 'holiday.png', deduplicated: false });
    expect(item).toMatchObject({ kind: 'image', mimeType: 'image/png', width: 160, height: 120, fileName: 'holiday.png', hasThumbnail: true });
    expect(r.body.toString()).not.toContain(core.dataDir);

    const served = await request(`/media/${workspaceId}/${item.id}`);
    expect(served.status).toBe(200);
    expect(served.body.equals(bytes)).toBe(true);
    expect(served.headers['content-type']).toBe('image/png');
    expect((await request(`/media/${workspaceId}/${item.id}/thumbnail`)).status).toBe(200);
    expect(uploadsLeft()).toEqual([]);
  });

  it('takes a chunked upload without Content-Length, and finds content it already has', async () => {
    const bytes = fs.readFileSync(input('upload.png'));
    const r = await upload('again.png', [bytes.subarray(0, 100), bytes.subarray(100)]);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body.toString())).toMatchObject({ ok: true, deduplicated: true });
    expect(uploadsLeft()).toEqual([]);
  });

  it('answers a text file named .mp4 with 200 ok:false and the reason, leaving no temp file', async () => {
    const before = await itemCount();
    const r = await upload('notes.mp4', fs.readFileSync(input('notes.mp4')));
    expect(r.status).toBe(200);
    const result = JSON.parse(r.body.toString()) as MediaAddResult;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.path).toBe('notes.mp4');
    expect(result.error.message.length).toBeGreaterThan(10);
    expect(result.error.message).not.toContain(core.dataDir);
    expect(uploadsLeft()).toEqual([]);
    expect(await itemCount()).toBe(before);
  });

  it('refuses an upload over the cap with 413 and stores nothing (chunked, and with Content-Length)', async () => {
    const before = await itemCount();
    // Far more than the socket buffers hold: the client is still sending when the answer comes,
    // and must still get to read it (no reset under it).
    const big = randomBytes(8 * 1024 * 1024);
    const chunks = Array.from({ length: 128 }, (_, i) => big.subarray(i * 65_536, (i + 1) * 65_536));
    const chunked = await upload('big.mp4', chunks);
    expect(chunked.status).toBe(413);
    expect(chunked.body.toString()).toMatch(/larger than/);
    const declared = await upload('big.mp4', big);
    expect(declared.status).toBe(413);
    expect(uploadsLeft()).toEqual([]);
    expect(await itemCount()).toBe(before);
    // The server is still fine afterwards.
    expect((await request(`/media/${workspaceId}/${clip.id}`, { method: 'HEAD' })).status).toBe(200);
  });

  it('removes the temp file when the client leaves halfway through an upload', async () => {
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      method: 'POST',
      path: `/media/${workspaceId}/upload?name=half.mp4`,
      headers: { host: `127.0.0.1:${server.port}`, cookie: `promogpt_session_${server.port}=${TOKEN}`, origin: ownOrigin() },
    });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(10_000, 1));
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    for (let i = 0; i < 100 && uploadsLeft().length === 0; i++) await sleep(20);
    expect(uploadsLeft()).toHaveLength(1); // streaming into its temp file
    req.destroy();
    for (let i = 0; i < 100 && uploadsLeft().length > 0; i++) await sleep(20);
    expect(uploadsLeft()).toEqual([]);
  });

  it('answers a missing or empty name with 400 and an unknown workspace with 404', async () => {
    const body = fs.readFileSync(input('upload.png'));
    expect((await request(`/media/${workspaceId}/upload`, { method: 'POST', body, origin: ownOrigin() })).status).toBe(400);
    expect((await request(`/media/${workspaceId}/upload?name=`, { method: 'POST', body, origin: ownOrigin() })).status).toBe(400);
    expect((await request(`/media/ws_nope/upload?name=a.png`, { method: 'POST', body, origin: ownOrigin() })).status).toBe(404);
    expect(fs.existsSync(path.join(core.dataDir, 'workspaces', 'ws_nope'))).toBe(false);
  });

  it('stores a hostile name only as sanitised display text', async () => {
    const hostile = `../../evil"; filename=x.exe\r\nSet-Cookie: a=1\u0000\u202e${'é'.repeat(300)}.png`;
    const r = await upload(hostile, fs.readFileSync(input('hostile.png')));
    expect(r.status).toBe(200);
    const item = added(JSON.parse(r.body.toString()) as MediaAddResult);
    // eslint-disable-next-line no-control-regex
    expect(item.fileName).not.toMatch(/[\u0000-\u001f\u202e/\\]/);
    expect(Array.from(item.fileName).length).toBeLessThanOrEqual(200);
    expect(item.fileName.startsWith('evil"; filename=x.exe Set-Cookie: a=1')).toBe(true);
    expect(item.storedPath).toMatch(/^media\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);

    const served = await request(`/media/${workspaceId}/${item.id}`);
    expect(served.status).toBe(200);
    const disposition = String(served.headers['content-disposition']);
    expect(disposition).toMatch(/^inline; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(served.headers['set-cookie']).toBeUndefined();
    expect(fs.readdirSync(path.join(core.dataDir, 'workspaces', workspaceId)).sort()).toEqual(expect.not.arrayContaining(['evil']));
  });
});
