// What the OAuth engine needs for Mastodon: the app is registered per instance at connect time
// (POST /api/v1/apps), then authorization code + PKCE S256 with the app's secret (platforms.md §9.1).
import type { AccountIdentity, TokenSet } from '../types';
import { normalizeInstanceUrl } from './instance';
import { AccountSchema, AppSchema, bearer, mastodonFetch, parseBody, type MastodonDeps } from './wire';

/** read: statuses, accounts and context; write: only statuses and media. */
export const MASTODON_SCOPES = ['read', 'write:statuses', 'write:media'] as const;
export const MASTODON_CALLBACK_PATH = '/callback';

export interface MastodonOAuthConfig {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** Mastodon apps are confidential: client_id and client_secret go in the token request body. */
  tokenAuth: 'post';
  redirect: { port: number; path: string };
}

export interface MastodonAppCredentials {
  clientId: string;
  clientSecret: string;
}

/** The loopback redirect the engine listens on; register exactly this with the app. */
export function loopbackRedirectUri(port: number): string {
  return `http://127.0.0.1:${port}${MASTODON_CALLBACK_PATH}`;
}

/** Registers PromoGPT as an app on the instance; keep the result with the instance (it has no expiry). */
export async function registerApp(instanceUrl: string, redirectUri: string, deps: MastodonDeps, options: { website?: string } = {}): Promise<MastodonAppCredentials> {
  const base = normalizeInstanceUrl(instanceUrl);
  const res = await mastodonFetch(deps, {
    method: 'POST',
    url: `${base}/api/v1/apps`,
    json: {
      client_name: 'PromoGPT',
      redirect_uris: [redirectUri],
      scopes: MASTODON_SCOPES.join(' '),
      ...(options.website ? { website: options.website } : {}),
    },
  });
  const app = parseBody(AppSchema, res.body, 'the app registration');
  return { clientId: app.client_id, clientSecret: app.client_secret };
}

export function oauthConfig(input: { instanceUrl: string; clientId: string; clientSecret: string; redirectPort: number }): MastodonOAuthConfig {
  const base = normalizeInstanceUrl(input.instanceUrl);
  return {
    authorizationEndpoint: `${base}/oauth/authorize`,
    tokenEndpoint: `${base}/oauth/token`,
    revocationEndpoint: `${base}/oauth/revoke`,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    scopes: [...MASTODON_SCOPES],
    tokenAuth: 'post',
    redirect: { port: input.redirectPort, path: MASTODON_CALLBACK_PATH },
  };
}

/** Who the token belongs to (GET /api/v1/accounts/verify_credentials). */
export async function identify(tokens: TokenSet, apiBase: string, deps: MastodonDeps): Promise<AccountIdentity> {
  const base = normalizeInstanceUrl(apiBase);
  const res = await mastodonFetch(deps, { method: 'GET', url: `${base}/api/v1/accounts/verify_credentials`, headers: bearer(tokens.accessToken) });
  const acc = parseBody(AccountSchema, res.body, 'the account');
  const host = new URL(base).host;
  return {
    platformUserId: acc.id,
    handle: acc.acct.includes('@') ? `@${acc.acct}` : `@${acc.username}@${host}`,
    ...(acc.display_name ? { displayName: acc.display_name } : {}),
    ...(acc.avatar ? { avatarUrl: acc.avatar } : {}),
    ...(acc.url ? { profileUrl: acc.url } : {}),
  };
}
