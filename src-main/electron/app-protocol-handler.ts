import fs from 'node:fs/promises';
import type { MediaRoute } from '../core/media/media-http';
import { createLogger } from '../core/platform/logger';
import { contentTypeFor } from './content-type';
import type { AppRoot } from './guards/app-protocol';
import { resolveAppRequest } from './guards/app-protocol';
import { CONTENT_SECURITY_POLICY } from './guards/csp';
import { APP_ORIGIN, isAppUrl } from './guards/navigation';

const log = createLogger('electron.protocol');

const STATUS_TEXT = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed' } as const;

/** Sent with every app:// response, refusals included, so no page of ours ever lacks them. */
function baseHeaders(): Headers {
  return new Headers({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
}

function refusal(status: keyof typeof STATUS_TEXT): Response {
  const headers = baseHeaders();
  headers.set('Content-Type', 'text/plain; charset=utf-8');
  if (status === 405) headers.set('Allow', 'GET');
  return new Response(STATUS_TEXT[status], { status, headers });
}

/**
 * The app:// handler given to `protocol.handle`: plain Request in, Response out, so it is
 * tested without Electron. `roots` is read per request because workspace media mounts
 * change while the app runs. `/media/…` goes to the media route (files by id, Range,
 * uploads) once the core is up; everything else is a GET of a file under `roots`.
 */
export function createAppProtocolHandler(roots: () => readonly AppRoot[], media: () => MediaRoute | undefined = () => undefined) {
  return async (request: Request | { method: string; url: string }): Promise<Response> => {
    const mediaRoute = media();
    if (mediaRoute && isAppUrl(request.url) && mediaRoute.handles(new URL(request.url).pathname)) {
      // Electron always hands over a full Request; a bare {method, url} (tests) has no body or headers to route.
      return 'headers' in request ? serveMedia(mediaRoute, request) : refusal(400);
    }
    const resolution = await resolveAppRequest(request, roots());
    if (!resolution.ok) {
      // 404s are ordinary; the other refusals suggest something is probing.
      if (resolution.status !== 404) log.warn('app:// request refused', { status: resolution.status, reason: resolution.reason });
      return refusal(resolution.status);
    }
    let body: Buffer;
    try {
      // Whole-file reads suit the renderer's assets; media streams through the media route.
      body = await fs.readFile(resolution.filePath);
    } catch {
      return refusal(404); // removed between the check and the read
    }
    const headers = baseHeaders();
    headers.set('Content-Type', contentTypeFor(resolution.filePath));
    headers.set('Content-Length', String(body.byteLength));
    return new Response(new Uint8Array(body), { status: 200, headers });
  };
}

async function serveMedia(route: MediaRoute, request: Request): Promise<Response> {
  // Only our page can reach app://, but an upload must still say it comes from it.
  const origin = request.headers.get('origin');
  if (request.method === 'POST' && origin !== null && origin !== APP_ORIGIN) {
    log.warn('app:// upload refused', { reason: 'foreign Origin' });
    return refusal(403);
  }
  const response = await route.handle(request);
  // The route's own headers (type, caching, ranges) win; ours fill in the rest.
  const headers = baseHeaders();
  response.headers.forEach((value, name) => headers.set(name, value));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
