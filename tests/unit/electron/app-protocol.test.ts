import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRoot } from '../../../src-main/electron/guards/app-protocol';
import { resolveAppRequest } from '../../../src-main/electron/guards/app-protocol';

// A real tree on disk:
//   <tmp>/renderer/index.html, assets/app.js, assets/link-inside.js -> app.js,
//                  assets/escape.txt -> ../../secret.txt, assets/escape-dir -> ../../outside,
//                  .env, sub/ (a folder)
//   <tmp>/media/ab/clip.mp4
//   <tmp>/secret.txt, <tmp>/outside/passwd
let tmp: string;
let roots: AppRoot[];
const canSymlink = process.platform !== 'win32';

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-app-protocol-')));
  const renderer = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.mkdirSync(path.join(renderer, 'sub'));
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'export {}');
  fs.writeFileSync(path.join(renderer, 'assets', 'name with space.js'), 'export {}');
  fs.writeFileSync(path.join(renderer, '.env'), 'SECRET=1');
  fs.mkdirSync(path.join(tmp, 'media', 'ab'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'media', 'ab', 'clip.mp4'), 'mp4');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
  fs.mkdirSync(path.join(tmp, 'outside'));
  fs.writeFileSync(path.join(tmp, 'outside', 'passwd'), 'root:x:0:0');
  if (canSymlink) {
    fs.symlinkSync('app.js', path.join(renderer, 'assets', 'link-inside.js'));
    fs.symlinkSync(path.join('..', '..', 'secret.txt'), path.join(renderer, 'assets', 'escape.txt'));
    fs.symlinkSync(path.join(tmp, 'outside'), path.join(renderer, 'assets', 'escape-dir'));
  }
  roots = [
    { mount: '/', dir: renderer, index: 'index.html' },
    { mount: '/media/ws1/', dir: path.join(tmp, 'media') },
  ];
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => resolveAppRequest({ method, url }, roots);
const file = (...parts: string[]) => path.join(tmp, ...parts);

describe('resolveAppRequest: valid requests', () => {
  it('maps / to index.html', async () => {
    expect(await get('app://promogpt/')).toEqual({ ok: true, filePath: file('renderer', 'index.html') });
  });

  it('serves a file, ignoring the query and fragment', async () => {
    expect(await get('app://promogpt/assets/app.js')).toEqual({ ok: true, filePath: file('renderer', 'assets', 'app.js') });
    expect(await get('app://promogpt/assets/app.js?v=../../secret.txt#../x')).toEqual({ ok: true, filePath: file('renderer', 'assets', 'app.js') });
    expect(await get('app://promogpt/?x=%2e%2e')).toEqual({ ok: true, filePath: file('renderer', 'index.html') });
  });

  it('decodes ordinary percent-encoding', async () => {
    expect(await get('app://promogpt/assets/name%20with%20space.js')).toEqual({ ok: true, filePath: file('renderer', 'assets', 'name with space.js') });
  });

  it('serves from the longest matching mount', async () => {
    expect(await get('app://promogpt/media/ws1/ab/clip.mp4')).toEqual({ ok: true, filePath: file('media', 'ab', 'clip.mp4') });
  });

  it.skipIf(!canSymlink)('follows a symlink that stays inside the root, returning the real path', async () => {
    expect(await get('app://promogpt/assets/link-inside.js')).toEqual({ ok: true, filePath: file('renderer', 'assets', 'app.js') });
  });
});

describe('resolveAppRequest: refusals', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get', ''])('refuses method %j with 405', async (method) => {
    expect(await get('app://promogpt/index.html', method)).toMatchObject({ ok: false, status: 405 });
  });

  it.each([
    'app://promogpt/../secret.txt',
    'app://promogpt/assets/../../secret.txt',
    'app://promogpt/./index.html',
    'app://promogpt/%2e%2e/secret.txt',
    'app://promogpt/%2E%2E/secret.txt',
    'app://promogpt/.%2e/secret.txt',
    'app://promogpt/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://promogpt/%252e%252e/secret.txt',
    'app://promogpt/%25252e%25252e/secret.txt',
    'app://promogpt/assets%2f..%2f..%2fsecret.txt',
    'app://promogpt/..%2fsecret.txt',
    'app://promogpt/..%5csecret.txt',
    'app://promogpt/assets%5capp.js',
    'app://promogpt//etc/passwd',
    'app://promogpt/%2fetc%2fpasswd',
    'app://promogpt/C:/Windows/win.ini',
    'app://promogpt/C%3a%5cWindows%5cwin.ini',
    'app://promogpt/index.html%00.png',
    'app://promogpt/index.html%0a',
    'app://promogpt/.env',
    'app://promogpt/assets/',
    'app://promogpt/media/ws1/',
  ])('refuses %s with 403', async (url) => {
    expect(await get(url)).toMatchObject({ ok: false, status: 403 });
  });

  it.each([
    'app://promogpt/..\\secret.txt',
    'app://promogpt/assets\\..\\..\\secret.txt',
    'app://promogpt/index.html\u0000.png',
    'app://evil/index.html',
    'app://promogpt.evil/index.html',
    'app://promogpt@evil/index.html',
    'app://PROMOGPT/index.html',
    'file:///etc/passwd',
    'https://promogpt/index.html',
    '/etc/passwd',
    '\\\\server\\share\\index.html',
  ])('refuses a URL that is not ours, or has backslashes or NUL, with 403: %j', async (url) => {
    expect(await get(url)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses malformed percent-encoding with 400', async () => {
    expect(await get('app://promogpt/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
    expect(await get('app://promogpt/%c0%ae%c0%ae/secret.txt')).toMatchObject({ ok: false, status: 400 });
  });

  it('answers 404 for missing files, folders, and paths no root serves', async () => {
    expect(await get('app://promogpt/missing.js')).toMatchObject({ ok: false, status: 404 });
    expect(await get('app://promogpt/sub')).toMatchObject({ ok: false, status: 404 });
    expect(await get('app://promogpt/media/ws2/ab/clip.mp4')).toMatchObject({ ok: false, status: 404 });
    expect(await resolveAppRequest({ method: 'GET', url: 'app://promogpt/x.js' }, [{ mount: '/media/', dir: tmp }])).toMatchObject({ ok: false, status: 404 });
    expect(await resolveAppRequest({ method: 'GET', url: 'app://promogpt/' }, [])).toMatchObject({ ok: false, status: 404 });
  });

  it('answers 404 when the root folder itself is missing', async () => {
    const gone = [{ mount: '/', dir: file('does-not-exist'), index: 'index.html' }];
    expect(await resolveAppRequest({ method: 'GET', url: 'app://promogpt/' }, gone)).toMatchObject({ ok: false, status: 404 });
  });

  it.skipIf(!canSymlink)('refuses a symlinked file that leads outside the root', async () => {
    expect(fs.readFileSync(file('renderer', 'assets', 'escape.txt'), 'utf8')).toBe('secret'); // the link works
    expect(await get('app://promogpt/assets/escape.txt')).toMatchObject({ ok: false, status: 403 });
  });

  it.skipIf(!canSymlink)('refuses a file under a symlinked folder that leads outside the root', async () => {
    expect(await get('app://promogpt/assets/escape-dir/passwd')).toMatchObject({ ok: false, status: 403 });
  });

  it.skipIf(!canSymlink)('refuses everything when the root is reached through a link and a file escapes it', async () => {
    // The root's own real path is the boundary, not its spelling.
    const linkedRoot = file('renderer-link');
    fs.symlinkSync(file('renderer'), linkedRoot);
    const linked = [{ mount: '/', dir: linkedRoot, index: 'index.html' }];
    expect(await resolveAppRequest({ method: 'GET', url: 'app://promogpt/' }, linked)).toEqual({ ok: true, filePath: file('renderer', 'index.html') });
    expect(await resolveAppRequest({ method: 'GET', url: 'app://promogpt/assets/escape.txt' }, linked)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a malformed mount as a programming error', async () => {
    await expect(resolveAppRequest({ method: 'GET', url: 'app://promogpt/x' }, [{ mount: 'media', dir: tmp }])).rejects.toThrow(/mount/);
  });
});
