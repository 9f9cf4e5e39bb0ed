import { AppError } from '../../../src-shared/errors';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import { redactText } from '../platform/redact';
import type { ConnectorDeps } from './types';

export interface PlatformResponse {
  status: number;
  headers: Headers;
  body: unknown; // parsed JSON, or the text when it is not JSON
}

export interface PlatformRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  body?: BodyInit;
  timeoutMs?: number;
  /** True for calls that create something: a timeout after sending means the outcome is unknown. */
  creates?: boolean;
}

/**
 * The reset instant of a rate limit, from whichever header the platform sends:
 * X `x-rate-limit-reset` and Bluesky `ratelimit-reset` (epoch seconds), Mastodon
 * `x-ratelimit-reset` (a date), or `retry-after` (seconds or a date).
 */
export function rateLimitReset(headers: Headers, now: Date): Date | undefined {
  for (const name of ['x-rate-limit-reset', 'ratelimit-reset', 'x-ratelimit-reset']) {
    const v = headers.get(name);
    if (!v) continue;
    if (/^\d+$/.test(v)) return new Date(Number(v) * 1000);
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return d;
  }
  const retry = headers.get('retry-after');
  if (retry) {
    if (/^\d+$/.test(retry)) return new Date(now.getTime() + Number(retry) * 1000);
    const d = new Date(retry);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return undefined;
}

/** The platform's own words from an error body, bounded and with anything secret-shaped removed. */
export function platformMessage(body: unknown): string | undefined {
  const pick = (b: unknown): string | undefined => {
    if (typeof b === 'string') return b.trim() || undefined;
    if (!b || typeof b !== 'object') return undefined;
    const o = b as Record<string, unknown>;
    for (const key of ['detail', 'message', 'error_description', 'error', 'title']) {
      const v = o[key];
      if (typeof v === 'string' && v.trim()) return v;
      if (v && typeof v === 'object') {
        const inner = pick(v);
        if (inner) return inner;
      }
    }
    if (Array.isArray(o.errors) && o.errors.length) return pick(o.errors[0]);
    return undefined;
  };
  const text = pick(body);
  return text ? redactText(text).slice(0, 300) : undefined;
}

/** Maps an HTTP failure to the shared error names, in one sentence that says what to do. */
export function errorFromResponse(platform: Platform, res: PlatformResponse, now: Date): AppError {
  const name = PLATFORM_NAMES[platform];
  const said = platformMessage(res.body);
  const quoted = said ? ` ${name} said: "${said}"` : '';
  if (res.status === 401) return new AppError('AuthExpired', `${name} no longer accepts this account's sign-in.${quoted} Reconnect the account.`, { status: 401 });
  if (res.status === 403) return new AppError('PermissionDenied', `${name} refused: this account or app lacks permission.${quoted}`, { status: 403 });
  if (res.status === 429) {
    const reset = rateLimitReset(res.headers, now);
    const when = reset ? ` until ${reset.toISOString()}` : '';
    return new AppError('RateLimited', `${name} is rate-limiting this account${when}. PromoGPT waits and tries again.`, {
      status: 429,
      ...(reset ? { resetAt: reset.toISOString() } : {}),
    });
  }
  if (res.status >= 500) return new AppError('Transient', `${name} had a server error (HTTP ${res.status}). PromoGPT will try again.`, { status: res.status });
  return new AppError('PlatformRejected', `${name} rejected the request (HTTP ${res.status}).${quoted}`, { status: res.status, ...(said ? { platformMessage: said } : {}) });
}

/**
 * One HTTP call to a platform with a timeout, JSON handling and error mapping. Connectors may
 * catch the AppError to refine it (e.g. Bluesky's 400 ExpiredToken is AuthExpired).
 */
export async function platformFetch(deps: ConnectorDeps, platform: Platform, req: PlatformRequest): Promise<PlatformResponse> {
  const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
  let body: BodyInit | undefined = req.body;
  if (req.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(req.json);
  } else if (req.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(req.form).toString();
  }
  const name = PLATFORM_NAMES[platform];
  // A plain timer, cleared once the body is read (AbortSignal.timeout's weak references and
  // finalizers cost about as much as the rest of a small request here).
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DOMException('The operation timed out.', 'TimeoutError')), req.timeoutMs ?? 30_000);
  timer.unref?.();
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(req.url, { method: req.method, headers, body, signal: deadline.signal, redirect: 'error' });
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const why = timedOut ? 'it did not answer in time' : 'the connection failed';
    if (req.creates) {
      return Promise.reject(
        new AppError('Transient', `${name} could not be reached (${why}); the post may or may not exist. Check on ${name} before trying again.`, {
          outcomeUnknown: true,
        }),
      );
    }
    return Promise.reject(new AppError('Transient', `${name} could not be reached (${why}). Check your connection and the server address.`));
  } finally {
    clearTimeout(timer);
  }
  let parsed: unknown = text;
  if (text && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  const res: PlatformResponse = { status: response.status, headers: response.headers, body: parsed };
  if (response.status >= 400) throw errorFromResponse(platform, res, deps.clock.now());
  return res;
}
