import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core/app';
import { AppError } from '../../src-shared/errors';
import type { ClientFrame, ServerFrame } from '../../src-shared/transport';
import { MAX_FRAME_BYTES, WS_PATH } from '../../src-shared/transport';
import { createMediaRoute } from '../core/media/media-http';
import { createLogger } from '../core/platform/logger';
import {
  sessionCookieName,
  allowedHosts,
  contentSecurityPolicy,
  isAllowedHost,
  isAllowedOrigin,
  isLoopbackAddress,
  readCookie,
  tokensMatch,
} from './security';
import { serveRenderer } from './static-files';
import { sendWebResponse, toWebRequest } from './web-bridge';

const log = createLogger('server');

export interface ServeOptions {
  core: Core;
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  allowRemote?: boolean;
  /** Fixed token for tests; random per run otherwise. */
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  token: string;
  close(): Promise<void>;
}

type Refusal = { status: number; reason: string };

/**
 * Browser mode: the built renderer over HTTP and the core's contract over one WebSocket,
 * on loopback only unless told otherwise, guarded by a per-run token, Host and Origin checks.
 */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackAddress(host) && !opts.allowRemote) {
    throw new AppError('ValidationError', `Refusing to listen on ${host}: other machines could reach your data. Add --allow-remote if you really mean it.`);
  }
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const server = http.createServer();
  const port = await listen(server, host, opts.port ?? 0);
  const hosts = allowedHosts(host, port);
  const cookie = sessionCookieName(port);
  const lastRefusal = new Map<string, number>();
  const media = createMediaRoute({ media: opts.core.media, maxUploadBytes: () => opts.core.media.maxBytes() });

  const refuseLogged = (r: Refusal) => {
    // At most one security-log row per reason a minute: a hostile page could otherwise flood it.
    const now = Date.now();
    if ((lastRefusal.get(r.reason) ?? 0) + 60_000 < now) {
      lastRefusal.set(r.reason, now);
      opts.core.securityEvent('server.refused', `Browser-mode request refused: ${r.reason}`);
    }
    log.warn('request refused', { reason: r.reason });
    return r;
  };

  const check = (req: http.IncomingMessage, isUpgrade: boolean): Refusal | null => {
    if (!isAllowedHost(req.headers.host, hosts)) return refuseLogged({ status: 421, reason: 'unknown Host header' });
    if (!isAllowedOrigin(req.headers.origin, req.headers.host, isUpgrade)) return refuseLogged({ status: 403, reason: 'foreign Origin' });
    if (req.headers['sec-fetch-site'] === 'cross-site') return refuseLogged({ status: 403, reason: 'cross-site request' });
    return null;
  };

  server.on('request', (req, res) => {
    const security = { 'Content-Security-Policy': contentSecurityPolicy(req.headers.host ?? ''), 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' };
    const refusal = check(req, false);
    if (refusal) return plain(res, refusal.status, 'Refused: PromoGPT only answers its own pages on this machine.', security);
    const url = new URL(req.url ?? '/', 'http://placeholder');
    // The media route answers its own methods (uploads are POSTs); everything else is read-only.
    const isMedia = media.handles(url.pathname);
    if (!isMedia && req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed.', security);
    const fromQuery = isMedia ? null : url.searchParams.get('token');
    if (fromQuery !== null) {
      if (!tokensMatch(fromQuery, token)) {
        refuseLogged({ status: 401, reason: 'wrong token' });
        return plain(res, 401, 'This link has an old or wrong token. Open the URL that `promogpt serve` printed last.', security);
      }
      // Trade the URL token for an HttpOnly cookie and drop it from the address bar and history.
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...security,
        'Set-Cookie': `${cookie}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
      });
      return res.end();
    }
    if (!tokensMatch(readCookie(req.headers.cookie, cookie), token)) {
      refuseLogged({ status: 401, reason: 'missing token' });
      return plain(res, 401, 'PromoGPT needs its access token. Open the full URL that `promogpt serve` printed (it ends in ?token=…).', security);
    }
    if (isMedia) {
      // An upload must come from our own page: browsers send Origin on every POST, and another
      // site (even another port on this machine, which counts as same-site) has a different one.
      if (req.method === 'POST' && !isAllowedOrigin(req.headers.origin, req.headers.host, true)) {
        refuseLogged({ status: 403, reason: 'upload without our Origin' });
        return plain(res, 403, 'Refused: uploads are only taken from the PromoGPT page itself.', security);
      }
      return void media
        .handle(toWebRequest(req, url))
        .then((response) => sendWebResponse(res, response, security, req))
        .catch((error: unknown) => {
          log.error('media request failed', { error });
          if (!res.headersSent) plain(res, 500, 'Something went wrong while serving media. Try again.', security);
          else res.destroy();
        });
    }
    serveRenderer(opts.rendererDir, url.pathname, req, res, security);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const refusal =
      check(req, true) ??
      (url.pathname !== WS_PATH ? { status: 404, reason: 'unknown path' } : null) ??
      (tokensMatch(readCookie(req.headers.cookie, cookie), token) ? null : refuseLogged({ status: 401, reason: 'missing token' }));
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal.status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, opts.core));
  });

  const unsubscribe = opts.core.events.onAny((event, payload) => {
    const frame = JSON.stringify({ type: 'event', event, payload } satisfies ServerFrame);
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/?token=${token}`;
  opts.core.securityEvent('server.started', `Browser mode listening on ${shownHost}:${port}`);
  log.info('browser mode listening', { host, port });

  return {
    url,
    port,
    host,
    token,
    close: () =>
      new Promise((resolve) => {
        unsubscribe();
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function attach(ws: WebSocket, core: Core): void {
  const reply = (frame: ServerFrame) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(frame));
  const bad = (message: string) => reply({ type: 'result', id: null, result: { ok: false, error: { name: 'ValidationError', message } } });
  ws.on('message', async (data, isBinary) => {
    if (isBinary) return bad('Frames must be JSON text.');
    let frame: Partial<ClientFrame>;
    try {
      frame = JSON.parse(data.toString()) as Partial<ClientFrame>;
    } catch {
      return bad('A frame was not valid JSON.');
    }
    if (typeof frame !== 'object' || frame === null || frame.type !== 'call' || !Number.isSafeInteger(frame.id)) {
      return bad('A frame must be {"type":"call","id":<integer>,"method":…,"input":…}.');
    }
    reply({ type: 'result', id: frame.id as number, result: await core.invoke(frame.method, frame.input) });
  });
  ws.on('error', (error) => log.warn('websocket error', { error }));
}

function plain(res: http.ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE'
          ? new AppError('Conflict', `Port ${port} is already in use on ${host}. Choose another with --port N, or --port 0 for any free port.`)
          : new AppError('Internal', `Cannot listen on ${host}:${port} (${error.code ?? error.message}).`),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
