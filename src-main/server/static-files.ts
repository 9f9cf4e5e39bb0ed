import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { resolveInside } from '../core/platform/safe-path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Serves the built renderer; unknown paths get index.html so hash-free deep links still load. */
export function serveRenderer(root: string, pathname: string, req: http.IncomingMessage, res: http.ServerResponse, headers: Record<string, string>): void {
  const file = resolveInside(root, pathname === '/' ? '/index.html' : pathname) ?? resolveInside(root, '/index.html');
  if (!file) {
    res.writeHead(503, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('The PromoGPT interface is not built. Run `npm run build` in the PromoGPT folder, then reload.');
    return;
  }
  const isIndex = path.basename(file) === 'index.html';
  res.writeHead(200, {
    ...headers,
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': isIndex ? 'no-store' : 'private, max-age=3600',
  });
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(file).pipe(res);
}
