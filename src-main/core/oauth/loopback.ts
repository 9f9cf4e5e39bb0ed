import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import { platformMessage } from '../connectors/http';
import { createLogger } from '../platform/logger';
import { CALLBACK_PAGE_CSP, callbackPage } from './callback-page';

const log = createLogger('oauth.loopback');

export const DEFAULT_CALLBACK_PATH = '/callback';
export const DEFAULT_CALLBACK_TIMEOUT_MS = 5 * 60_000;

/** What an accepted callback carries; `code` is a credential and is never logged. */
export interface CallbackParams {
  code: string;
  /** RFC 9207 issuer identifier, when the server sends one. */
  iss?: string;
}

export interface LoopbackOptions<T> {
  /** 0 = any free port; a fixed port where the platform matches redirect URIs exactly (X). */
  port: number;
  path?: string;
  /** RFC 8252 §7.3: a loopback IP literal, never `localhost` (resolver games) and never 0.0.0.0. */
  host?: '127.0.0.1';
  state: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Named in messages the user reads, e.g. "X". */
  providerName?: string;
  /** Runs once for the accepted callback, before the browser gets its page, so the page tells the real outcome. */
  complete(callback: CallbackParams): Promise<T>;
}

export interface LoopbackListener<T> {
  redirectUri: string;
  port: number;
  /** Settles exactly once: with `complete`'s value, or an AppError saying what to do. */
  result: Promise<T>;
}

function sameState(a: string | null, b: string): boolean {
  if (a === null) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function duration(ms: number): string {
  if (ms >= 60_000) {
    const m = Math.round(ms / 60_000);
    return `${m} minute${m === 1 ? '' : 's'}`;
  }
  const s = Math.max(1, Math.round(ms / 1000));
  return `${s} second${s === 1 ? '' : 's'}`;
}

/** The `error=` answer of RFC 6749 §4.1.2.1 in words the user can act on. */
function errorFromCallback(params: URLSearchParams, provider: string): AppError {
  const error = (params.get('error') ?? '').replace(/[^\w.-]/g, '').slice(0, 64) || 'unknown_error';
  const said = platformMessage(params.get('error_description') ?? '');
  if (error === 'access_denied') {
    return new AppError('PermissionDenied', `You declined the sign-in at ${provider}, so no account was connected. Start again and allow access to connect it.`, {
      reason: error,
    });
  }
  const quoted = said ? `: "${said}"` : '';
  return new AppError('PlatformRejected', `${provider} refused the sign-in (${error}${quoted}). Check the app's settings at ${provider}, then start again.`, {
    reason: error,
    ...(said ? { platformMessage: said } : {}),
  });
}

function listenError(error: unknown, port: number): AppError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new AppError('Conflict', `Port ${port} on this computer is in use by another program, so the sign-in cannot receive its answer. Close that program (or another sign-in in progress) and start again.`, { port });
  }
  const why = error instanceof Error ? error.message : String(error);
  return new AppError('Internal', `PromoGPT could not listen on 127.0.0.1:${port} for the sign-in answer (${why}). Start again.`, { port });
}

/**
 * A one-shot HTTP listener for the RFC 8252 loopback redirect. The first request on the
 * callback path ends the attempt one way or another and closes the listener, so no callback
 * is ever processed twice and a stray or forged one cannot be retried against it.
 */
export async function listenForCallback<T>(options: LoopbackOptions<T>): Promise<LoopbackListener<T>> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? DEFAULT_CALLBACK_PATH;
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS;
  const provider = options.providerName ?? 'The sign-in server';
  if (host !== '127.0.0.1') throw new AppError('ValidationError', 'The sign-in listener only runs on 127.0.0.1.');
  if (!path.startsWith('/')) throw new AppError('ValidationError', 'The sign-in callback path must start with "/".');
  if (options.signal?.aborted) throw new AppError('Transient', 'The sign-in was cancelled. Start again to connect the account.', { reason: 'cancelled' });

  let settled = false;
  let resolveResult!: (value: T) => void;
  let rejectResult!: (error: AppError) => void;
  const result = new Promise<T>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // The caller may attach its handler late (after opening the browser); never an unhandled rejection.
  result.catch(() => undefined);

  let port = options.port;
  const timer: { handle?: NodeJS.Timeout } = {};
  const onAbort = () => end(new AppError('Transient', 'The sign-in was cancelled. Start again to connect the account.', { reason: 'cancelled' }));

  const stopListening = () => {
    clearTimeout(timer.handle);
    options.signal?.removeEventListener('abort', onAbort);
    if (server.listening) server.close();
  };

  // Ends the attempt without a callback (timeout, cancel): nothing will be processed after this.
  function end(error: AppError) {
    if (settled) return;
    settled = true;
    stopListening();
    server.closeAllConnections();
    log.info('sign-in attempt ended without a callback', { reason: error.details?.reason ?? error.name });
    rejectResult(error);
  }

  const send = (res: http.ServerResponse, status: number, html: string) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': CALLBACK_PAGE_CSP,
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'close',
    });
    res.end(html);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    // A DNS-rebound page reaches 127.0.0.1 under another name; it must not end the attempt.
    if (req.headers.host !== `${host}:${port}`) return send(res, 400, callbackPage({ ok: false, message: 'This address only answers sign-ins started by PromoGPT.' }));
    if (url.pathname !== path) return send(res, 404, callbackPage({ ok: false, message: 'Nothing here.' }));
    if (req.method !== 'GET') return send(res, 405, callbackPage({ ok: false, message: 'Nothing here.' }));
    if (settled) {
      return send(res, 409, callbackPage({ ok: false, message: 'This sign-in has already finished; look in PromoGPT for the result.' }));
    }
    // From here on this request owns the attempt: close the door before anything async.
    settled = true;
    stopListening();
    void handleCallback(url.searchParams).then(
      (value) => {
        send(res, 200, callbackPage({ ok: true }));
        resolveResult(value);
      },
      (error: unknown) => {
        const appError =
          error instanceof AppError ? error : new AppError('Internal', 'The sign-in failed unexpectedly. Start again; if it keeps failing, see the log.');
        send(res, appError.name === 'ValidationError' ? 400 : 200, callbackPage({ ok: false, message: appError.message }));
        rejectResult(appError);
      },
    );
    res.on('close', () => server.closeAllConnections());
  });

  async function handleCallback(params: URLSearchParams): Promise<T> {
    if (!sameState(params.get('state'), options.state)) {
      log.warn('sign-in callback with a state that does not match this attempt');
      throw new AppError('ValidationError', 'The sign-in response did not match this attempt (it may be from an older or forged sign-in). Start the sign-in again from PromoGPT.', {
        reason: 'state_mismatch',
      });
    }
    if (params.has('error')) {
      const error = errorFromCallback(params, provider);
      log.info('sign-in callback carried an error', { reason: error.details?.reason });
      throw error;
    }
    const code = params.get('code');
    if (!code) throw new AppError('ValidationError', `${provider} answered without a sign-in code. Start the sign-in again.`, { reason: 'missing_code' });
    log.info('sign-in callback accepted');
    const iss = params.get('iss');
    return options.complete(iss ? { code, iss } : { code });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error, options.port)));
    server.listen({ host, port: options.port, exclusive: true }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  server.on('error', (error) => log.warn('sign-in listener error', { error }));

  timer.handle = setTimeout(
    () => end(new AppError('Transient', `PromoGPT got no answer from the browser within ${duration(timeoutMs)}; start the sign-in again.`, { reason: 'timeout' })),
    timeoutMs,
  );
  timer.handle.unref();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort(); // aborted while the port was being opened

  return { redirectUri: `http://${host}:${port}${path}`, port, result };
}
