import { AppError } from '../../../src-shared/errors';
import { platformMessage, rateLimitReset } from '../connectors/http';
import type { TokenSet } from '../connectors/types';
import type { Clock } from '../platform/clock';
import { createLogger } from '../platform/logger';

const log = createLogger('oauth.token');

/** How the client proves itself at the token endpoint (RFC 6749 §2.3.1). */
export type TokenAuth = 'none' | 'post' | 'basic';

export interface TokenEndpointConfig {
  tokenEndpoint: string;
  /** RFC 7009; absent where the platform has no revocation. */
  revocationEndpoint?: string;
  clientId: string;
  clientSecret?: string;
  /** Default: 'post' when a secret is given, else 'none'. */
  tokenAuth?: TokenAuth;
  /** Named in messages the user reads, e.g. "X". */
  providerName?: string;
  fetch?: typeof fetch;
  clock: Clock;
  /** Per request; default 30 s. */
  requestTimeoutMs?: number;
}

/** A TokenSet plus the rest of the token response (tokens removed) for platform extras such as TikTok's open_id. */
export type TokenResult = TokenSet & { raw: Record<string, unknown> };

type Purpose = 'exchange' | 'refresh' | 'revoke';

// Credentials in a token response that must not travel on in `raw` (it may be logged or stored in SQLite).
const SECRET_FIELDS = new Set(['access_token', 'refresh_token', 'id_token']);

const providerOf = (config: TokenEndpointConfig) => config.providerName ?? 'The sign-in server';

/** Client authentication as form fields or an Authorization header. */
function clientAuth(config: TokenEndpointConfig): { form: Record<string, string>; headers: Record<string, string> } {
  const method = config.tokenAuth ?? (config.clientSecret ? 'post' : 'none');
  if (method === 'none') return { form: { client_id: config.clientId }, headers: {} };
  if (!config.clientSecret) throw new AppError('ValidationError', `${providerOf(config)} needs the app's client secret; add it in Settings → Developer apps.`);
  if (method === 'post') return { form: { client_id: config.clientId, client_secret: config.clientSecret }, headers: {} };
  // RFC 6749 §2.3.1: each part is form-urlencoded before Base64 (most libraries forget this).
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  const basic = Buffer.from(`${encode(config.clientId)}:${encode(config.clientSecret)}`).toString('base64');
  return { form: {}, headers: { Authorization: `Basic ${basic}` } };
}

function cancelled(): AppError {
  return new AppError('Transient', 'The sign-in was cancelled. Start again to connect the account.', { reason: 'cancelled' });
}

/** Maps a non-2xx token or revocation response to the shared error names; never quotes a token. */
function errorFor(purpose: Purpose, config: TokenEndpointConfig, status: number, headers: Headers, body: unknown): AppError {
  const provider = providerOf(config);
  const error = body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : undefined;
  const described = body && typeof body === 'object' ? platformMessage({ error_description: (body as { error_description?: unknown }).error_description }) : undefined;
  const said = described ?? platformMessage(body);
  const quoted = said ? ` ${provider} said: "${said}"` : '';
  const details = { status, ...(error ? { reason: error } : {}), ...(said ? { platformMessage: said } : {}) };
  if (status >= 500) return new AppError('Transient', `${provider} had a server error (HTTP ${status}). Try again in a few minutes.`, details);
  if (status === 429) {
    const reset = rateLimitReset(headers, config.clock.now());
    return new AppError('RateLimited', `${provider} is rate-limiting sign-ins${reset ? ` until ${reset.toISOString()}` : ''}. Try again later.`, {
      ...details,
      ...(reset ? { resetAt: reset.toISOString() } : {}),
    });
  }
  if (error === 'invalid_grant' && purpose === 'refresh') {
    return new AppError('AuthExpired', `${provider} no longer accepts this account's sign-in (it was revoked, expired or used elsewhere). Reconnect the account.`, {
      ...details,
      reason: 'invalid_grant',
    });
  }
  if (error === 'invalid_grant' && purpose === 'exchange') {
    return new AppError('PlatformRejected', `${provider} refused the sign-in code (it expired or was already used).${quoted} Start the sign-in again.`, details);
  }
  if (error === 'invalid_client' || status === 401) {
    return new AppError('PlatformRejected', `${provider} did not accept the app's client id or secret.${quoted} Check them in Settings → Developer apps.`, details);
  }
  return new AppError('PlatformRejected', `${provider} rejected the ${purpose === 'revoke' ? 'revocation' : 'sign-in'} request (HTTP ${status}).${quoted}`, details);
}

async function post(purpose: Purpose, config: TokenEndpointConfig, url: string, form: Record<string, string>, signal?: AbortSignal): Promise<{ status: number; headers: Headers; body: unknown }> {
  const auth = clientAuth(config);
  const timeout = AbortSignal.timeout(config.requestTimeoutMs ?? 30_000);
  let response: Response;
  try {
    response = await (config.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded', ...auth.headers },
      body: new URLSearchParams({ ...form, ...auth.form }).toString(),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      redirect: 'error',
    });
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    const why = timeout.aborted ? 'it did not answer in time' : 'the connection failed';
    log.warn('token endpoint unreachable', { purpose, why, error });
    throw new AppError('Transient', `${providerOf(config)} could not be reached (${why}). Check your connection and try again.`, { reason: 'network' });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    // Not JSON (some revocation endpoints answer with an empty or plain body).
  }
  if (response.status >= 400) {
    const error = errorFor(purpose, config, response.status, response.headers, body);
    log.warn('token endpoint refused', { purpose, status: response.status, reason: error.details?.reason });
    throw error;
  }
  return { status: response.status, headers: response.headers, body };
}

const splitScopes = (value: unknown): string[] | undefined =>
  // Space-separated per RFC 6749; TikTok uses commas.
  typeof value === 'string' && value.trim() ? value.trim().split(/[\s,]+/) : undefined;

const seconds = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
};

/** Parses a successful token response (RFC 6749 §5.1) into a TokenSet. */
function parseTokenResponse(config: TokenEndpointConfig, body: unknown, fallback: { refreshToken?: string; scopes?: string[]; refreshExpiresAt?: string }): TokenResult {
  if (!body || typeof body !== 'object' || typeof (body as { access_token?: unknown }).access_token !== 'string') {
    throw new AppError('PlatformRejected', `${providerOf(config)} sent an answer without an access token. Start the sign-in again; if it keeps happening, the platform may have changed its API.`);
  }
  const b = body as Record<string, unknown>;
  const now = config.clock.now().getTime();
  const expiresIn = seconds(b.expires_in);
  // LinkedIn says refresh_token_expires_in, TikTok refresh_expires_in.
  const refreshExpiresIn = seconds(b.refresh_token_expires_in) ?? seconds(b.refresh_expires_in);
  const refreshToken = typeof b.refresh_token === 'string' && b.refresh_token ? b.refresh_token : fallback.refreshToken;
  const scopes = splitScopes(b.scope) ?? fallback.scopes;
  const refreshExpiresAt = refreshExpiresIn ? new Date(now + refreshExpiresIn * 1000).toISOString() : fallback.refreshExpiresAt;
  const raw = Object.fromEntries(Object.entries(b).filter(([k]) => !SECRET_FIELDS.has(k)));
  return {
    accessToken: b.access_token as string,
    ...(refreshToken ? { refreshToken } : {}),
    ...(expiresIn ? { expiresAt: new Date(now + expiresIn * 1000).toISOString() } : {}),
    ...(refreshExpiresAt ? { refreshExpiresAt } : {}),
    ...(scopes ? { scopes } : {}),
    raw,
  };
}

/** Trades the callback's code (with the PKCE verifier) for tokens. */
export async function exchangeCode(
  config: TokenEndpointConfig,
  input: { code: string; codeVerifier: string; redirectUri: string; scopes?: string[]; signal?: AbortSignal },
): Promise<TokenResult> {
  const { body } = await post(
    'exchange',
    config,
    config.tokenEndpoint,
    { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri, code_verifier: input.codeVerifier },
    input.signal,
  );
  // RFC 6749 §5.1: an omitted scope means the requested one was granted.
  return parseTokenResponse(config, body, input.scopes ? { scopes: input.scopes } : {});
}

/**
 * grant_type=refresh_token. Keeps the old refresh token (and scopes) when the server sends
 * none; a rotated one comes back in the result and must be saved at once (platforms.md §0.1.3).
 */
export async function refreshTokens(config: TokenEndpointConfig, refreshToken: string, previous?: TokenSet): Promise<TokenResult> {
  const { body } = await post('refresh', config, config.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: refreshToken });
  return parseTokenResponse(config, body, { ...previous, refreshToken });
}

/** RFC 7009. False when the platform has no revocation endpoint; servers answer 200 even for unknown tokens. */
export async function revokeToken(config: TokenEndpointConfig, token: string, hint?: 'access_token' | 'refresh_token'): Promise<boolean> {
  if (!config.revocationEndpoint) return false;
  await post('revoke', config, config.revocationEndpoint, { token, ...(hint ? { token_type_hint: hint } : {}) });
  return true;
}
