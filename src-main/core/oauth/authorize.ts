import { AppError } from '../../../src-shared/errors';
import { createLogger } from '../platform/logger';
import { listenForCallback } from './loopback';
import { createPkce, createState } from './pkce';
import { exchangeCode, type TokenEndpointConfig, type TokenResult } from './token-endpoint';

const log = createLogger('oauth.authorize');

export interface AuthorizationConfig extends TokenEndpointConfig {
  authorizationEndpoint: string;
  scopes: string[];
  redirect: { port: number; path?: string; host?: '127.0.0.1' };
  /** Platform-specific authorization parameters (e.g. Google's access_type=offline). Cannot override the security ones. */
  extraAuthParams?: Record<string, string>;
  /** How long to wait for the browser; default 5 minutes. */
  timeoutMs?: number;
  /** Cancels the attempt from outside (e.g. the user closed the connect dialog). */
  signal?: AbortSignal;
  /** Scope separator in the URL: ' ' per RFC 6749; TikTok wants ','. */
  scopeSeparator?: string;
}

export interface AuthorizationAttempt {
  /** Open this in the system browser. */
  url: string;
  redirectUri: string;
  /** Tokens once the user approved and the code was exchanged; an AppError otherwise. Same promise on every call. */
  wait(): Promise<TokenResult>;
  /** Ends the attempt; wait() then rejects with a "cancelled" Transient error. */
  cancel(): void;
}

// Parameters the engine owns: letting a connector override them would undo PKCE or state.
const RESERVED = new Set(['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method']);

/**
 * Authorization code + PKCE with a loopback redirect (RFC 8252), for every platform that
 * allows one. Listens first, so the redirect URI (with its real port) is known before the URL is built.
 */
export async function startAuthorization(config: AuthorizationConfig): Promise<AuthorizationAttempt> {
  for (const key of Object.keys(config.extraAuthParams ?? {})) {
    if (RESERVED.has(key)) throw new AppError('ValidationError', `The authorization parameter "${key}" is set by PromoGPT and cannot be overridden.`);
  }
  const pkce = createPkce();
  const state = createState();
  const controller = new AbortController();
  const signal = config.signal ? AbortSignal.any([config.signal, controller.signal]) : controller.signal;
  let redirectUri = '';

  const listener = await listenForCallback<TokenResult>({
    port: config.redirect.port,
    ...(config.redirect.path ? { path: config.redirect.path } : {}),
    state,
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    signal,
    ...(config.providerName ? { providerName: config.providerName } : {}),
    complete: ({ code }) => exchangeCode(config, { code, codeVerifier: pkce.verifier, redirectUri, scopes: config.scopes, signal }),
  });
  redirectUri = listener.redirectUri;

  const url = new URL(config.authorizationEndpoint);
  const params: Record<string, string> = {
    ...config.extraAuthParams,
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri,
    scope: config.scopes.join(config.scopeSeparator ?? ' '),
    state,
    code_challenge: pkce.challenge,
    code_challenge_method: pkce.method,
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  log.info('sign-in started', { authorizationEndpoint: `${url.origin}${url.pathname}`, redirectUri });

  return {
    url: url.toString(),
    redirectUri,
    wait: () => listener.result,
    cancel: () => controller.abort(),
  };
}
