// What the OAuth engine needs for X (platforms.md §1.1): a public Native App client (PKCE, no
// secret), a fixed loopback port, rotating refresh tokens; plus the connector's own refresh and revoke.
import { z } from 'zod';
import { AppError } from '../../../../src-shared/errors';
import type { AccountIdentity, Session, TokenSet } from '../types';
import { apiBaseOf, bearer, parseBody, UserSchema, X_API_BASE, X_AUTH_BASE, X_EXTRAS, xFetch, type XDeps } from './wire';

export const X_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'media.write'] as const;
export const X_CALLBACK_PATH = '/callback';

export interface XOAuthConfig {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  clientId: string;
  scopes: string[];
  redirect: { port: number; path: string };
  /** A public client: client_id in the body, no secret. */
  tokenAuth: 'none';
}

const trim = (s: string) => s.replace(/\/+$/, '');

export function oauthConfig(input: { clientId: string; redirectPort: number; apiBase?: string; authBase?: string }): XOAuthConfig {
  const api = trim(input.apiBase ?? X_API_BASE);
  return {
    authorizationEndpoint: `${trim(input.authBase ?? X_AUTH_BASE)}/i/oauth2/authorize`,
    tokenEndpoint: `${api}/2/oauth2/token`,
    revocationEndpoint: `${api}/2/oauth2/revoke`,
    clientId: input.clientId,
    scopes: [...X_SCOPES],
    redirect: { port: input.redirectPort, path: X_CALLBACK_PATH },
    tokenAuth: 'none',
  };
}

/** The redirect URI to register in the X developer portal: exact match, 127.0.0.1, fixed port. */
export function loopbackRedirectUri(port: number): string {
  return `http://127.0.0.1:${port}${X_CALLBACK_PATH}`;
}

/** Who the token belongs to (GET /2/users/me). */
export async function identify(tokens: TokenSet, apiBase: string, deps: XDeps): Promise<AccountIdentity> {
  const res = await xFetch(deps, { method: 'GET', url: `${trim(apiBase || X_API_BASE)}/2/users/me?user.fields=profile_image_url,name,username`, headers: bearer(tokens.accessToken) });
  const { data } = parseBody(z.object({ data: UserSchema }), res.body, 'the account');
  return {
    platformUserId: data.id,
    handle: `@${data.username}`,
    ...(data.name ? { displayName: data.name } : {}),
    ...(data.profile_image_url ? { avatarUrl: data.profile_image_url } : {}),
    profileUrl: `https://x.com/${encodeURIComponent(data.username)}`,
  };
}

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().positive().optional(),
  scope: z.string().optional(),
});

function reconnect(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('AuthExpired', message, { ...details, reason: 'invalid_grant' });
}

const tokenEndpointOf = (session: Session) => session.extras[X_EXTRAS.tokenEndpoint] || `${apiBaseOf(session)}/2/oauth2/token`;
const revocationEndpointOf = (session: Session) => session.extras[X_EXTRAS.revocationEndpoint] || `${apiBaseOf(session)}/2/oauth2/revoke`;

/**
 * grant_type=refresh_token against X's token endpoint. X rotates refresh tokens: the result
 * carries the new one, and the old one stops working, so the caller must save it at once.
 * A rejected refresh token (X answers 400 invalid_request "Value passed for the token was
 * invalid." or invalid_grant) means the user must reconnect.
 */
export async function refreshXTokens(deps: XDeps, session: Session): Promise<TokenSet> {
  const refreshToken = session.tokens.refreshToken;
  const clientId = session.extras[X_EXTRAS.clientId];
  if (!refreshToken) throw reconnect('X gave this account no refresh token (offline.access was not granted). Reconnect the account.');
  if (!clientId) throw reconnect('This X account has no client id stored. Reconnect the account.');
  let body: unknown;
  try {
    body = (await xFetch(deps, { method: 'POST', url: tokenEndpointOf(session), form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId } })).body;
  } catch (error) {
    const status = error instanceof AppError ? error.details?.status : undefined;
    if (status === 400 || status === 401) {
      throw reconnect("X no longer accepts this account's sign-in (it was revoked, expired or used elsewhere). Reconnect the account.", { status });
    }
    throw error;
  }
  const t = parseBody(TokenResponseSchema, body, 'the token refresh');
  const now = deps.clock.now().getTime();
  const scopes = t.scope?.split(/\s+/).filter(Boolean) ?? session.tokens.scopes;
  return {
    accessToken: t.access_token,
    ...((t.refresh_token ?? refreshToken) ? { refreshToken: t.refresh_token ?? refreshToken } : {}),
    ...(t.expires_in ? { expiresAt: new Date(now + t.expires_in * 1000).toISOString() } : {}),
    ...(session.tokens.refreshExpiresAt ? { refreshExpiresAt: session.tokens.refreshExpiresAt } : {}),
    ...(scopes ? { scopes } : {}),
  };
}

/** POST /2/oauth2/revoke for the refresh token (ends the grant) and the access token. */
export async function revokeXTokens(deps: XDeps, session: Session): Promise<boolean> {
  const clientId = session.extras[X_EXTRAS.clientId];
  if (!clientId) throw new AppError('ValidationError', "This X account has no client id stored, so its sign-in cannot be revoked from PromoGPT. Revoke it in X's settings (Connected apps).");
  const url = revocationEndpointOf(session);
  const { refreshToken, accessToken } = session.tokens;
  if (refreshToken) await xFetch(deps, { method: 'POST', url, form: { token: refreshToken, token_type_hint: 'refresh_token', client_id: clientId } });
  await xFetch(deps, { method: 'POST', url, form: { token: accessToken, token_type_hint: 'access_token', client_id: clientId } });
  return true;
}
