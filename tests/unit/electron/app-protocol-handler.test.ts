import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../../src-main/electron/app-protocol-handler';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/electron/guards/csp';

let tmp: string;
let handle: ReturnType<typeof createAppProtocolHandler>;

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-app-handler-')));
  fs.mkdirSync(path.join(tmp, 'renderer', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'renderer', 'index.html'), '<!doctype html><title>PromoGPT</title>');
  fs.writeFileSync(path.join(tmp, 'renderer', 'assets', 'app.js'), 'export const x = 1;');
  fs.writeFileSync(path.join(tmp, 'renderer', 'assets', 'blob.xyz'), 'opaque');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
  handle = createAppProtocolHandler(() => [{ mount: '/', dir: path.join(tmp, 'renderer'), index: 'index.html' }]);
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function expectSecurityHeaders(response: Response) {
  expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
}

describe('app:// protocol handler', () => {
  it('serves index.html for / with the CSP header and an HTML type', async () => {
    const response = await handle(new Request('app://promogpt/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(response);
    expect(await response.text()).toBe('<!doctype html><title>PromoGPT</title>');
  });

  it('serves scripts as JavaScript and unknown types as opaque bytes', async () => {
    const js = await handle(new Request('app://promogpt/assets/app.js'));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-length')).toBe(String('export const x = 1;'.length));
    const other = await handle(new Request('app://promogpt/assets/blob.xyz'));
    expect(other.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('answers POST with 405, Allow: GET and the CSP header', async () => {
    const response = await handle(new Request('app://promogpt/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expectSecurityHeaders(response);
  });

  it('answers an encoded traversal with 403 and does not leak the file', async () => {
    const response = await handle({ method: 'GET', url: 'app://promogpt/%252e%252e/secret.txt' });
    expect(response.status).toBe(403);
    expectSecurityHeaders(response);
    expect(await response.text()).toBe('Forbidden');
  });

  it('answers a missing file with 404', async () => {
    const response = await handle(new Request('app://promogpt/nope.js'));
    expect(response.status).toBe(404);
    expectSecurityHeaders(response);
  });

  it('keeps a Request-normalized traversal inside the root', async () => {
    // Chromium and WHATWG Request resolve `..` before we see the URL: it lands on /secret.txt, which the root does not hold.
    const request = new Request('app://promogpt/assets/../../secret.txt');
    expect(request.url).toBe('app://promogpt/secret.txt');
    expect((await handle(request)).status).toBe(404);
  });
});
