import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMediaRoute, type MediaRoute } from '../../../src-main/core/media/media-http';
import { createAppProtocolHandler } from '../../../src-main/electron/app-protocol-handler';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/electron/guards/csp';
import type { MediaItem } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';

// The Electron shell's side of the media route: app:// requests under /media reach the same
// route as browser mode, keep the app's security headers, and uploads carry our Origin.
let tmp: string;
let route: MediaRoute;
let handle: ReturnType<typeof createAppProtocolHandler>;
let current: MediaRoute | undefined;
const BYTES = Buffer.from('0123456789'.repeat(100));

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-app-media-')));
  fs.mkdirSync(path.join(tmp, 'renderer'));
  fs.writeFileSync(path.join(tmp, 'renderer', 'index.html'), '<!doctype html><title>PromoGPT</title>');
  fs.writeFileSync(path.join(tmp, 'clip.mp4'), BYTES);
  const item = { id: 'media_1', storedPath: 'clip.mp4', mimeType: 'video/mp4', fileName: 'clip.mp4', sha256: 'b'.repeat(64), hasThumbnail: false } as MediaItem;
  route = createMediaRoute({
    media: {
      get: (ws, id) => {
        if (ws === 'ws_1' && id === 'media_1') return item;
        throw new AppError('NotFound', 'no such item');
      },
      storedFile: (_ws, p) => path.join(tmp, p),
      thumbnailFile: () => null,
      addUpload: async (_ws, temp, name) => ({ path: name, ok: false, error: { name: 'ValidationError', message: `refused ${fs.statSync(temp).size} bytes` } }),
      uploadDir: () => path.join(tmp, 'uploads'),
    },
    maxUploadBytes: () => 1000,
  });
  current = route;
  handle = createAppProtocolHandler(() => [{ mount: '/', dir: path.join(tmp, 'renderer'), index: 'index.html' }], () => current);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('app:// media', () => {
  it('serves a range of a stored file with the route headers and the app CSP', async () => {
    const r = await handle(new Request('app://promogpt/media/ws_1/media_1', { headers: { Range: 'bytes=10-19' } }));
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe('bytes 10-19/1000');
    expect(r.headers.get('content-type')).toBe('video/mp4');
    expect(r.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(Buffer.from(await r.arrayBuffer()).equals(BYTES.subarray(10, 20))).toBe(true);
  });

  it('takes an upload from our own page (or with no Origin), refuses one from another origin', async () => {
    const ours = await handle(new Request('app://promogpt/media/ws_1/upload?name=a.png', { method: 'POST', body: 'hello', headers: { Origin: 'app://promogpt' } }));
    expect(ours.status).toBe(200);
    expect(await ours.json()).toMatchObject({ ok: false, path: 'a.png', error: { message: 'refused 5 bytes' } });
    expect((await handle(new Request('app://promogpt/media/ws_1/upload?name=a.png', { method: 'POST', body: 'hello' }))).status).toBe(200);
    const foreign = await handle(new Request('app://promogpt/media/ws_1/upload?name=a.png', { method: 'POST', body: 'x', headers: { Origin: 'https://evil.example' } }));
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(fs.readdirSync(path.join(tmp, 'uploads'))).toEqual([]);
  });

  it('keeps /media away from the renderer folder: unknown ids and traversal are 404', async () => {
    for (const p of ['/media/ws_1/nope', '/media/ws_1/..%2f..%2fclip.mp4', '/media/%2e%2e/clip.mp4', '/media/ws_1/media_1/../../clip.mp4']) {
      const r = await handle(new Request(`app://promogpt${p}`));
      expect(r.status, p).toBe(404);
      expect(await r.text()).not.toContain('0123456789');
    }
  });

  it('leaves the rest of app:// as it was (GET-only files under the roots)', async () => {
    const page = await handle(new Request('app://promogpt/'));
    expect(page.status).toBe(200);
    expect((await handle(new Request('app://promogpt/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    // Another host is not the app, even on a media path.
    expect((await handle(new Request('app://evil/media/ws_1/media_1'))).status).toBe(403);
  });

  it('answers /media with 404 before the core is up', async () => {
    current = undefined;
    try {
      expect((await handle(new Request('app://promogpt/media/ws_1/media_1'))).status).toBe(404);
    } finally {
      current = route;
    }
  });
});
