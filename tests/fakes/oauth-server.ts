// A real OAuth 2.0 authorization server for tests: oidc-provider 9 on 127.0.0.1, configured
// like the platforms PromoGPT talks to (shared/MACHINE.md "OAuth 2.0"). Not a fake of our own
// making: PKCE, loopback port matching, rotation and reuse detection are oidc-provider's.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error oidc-provider ships no types; the small surface used here is typed below.
import ProviderModule from 'oidc-provider';

interface Interaction {
  uid: string;
  prompt: { name: 'login' | 'consent'; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> } };
  params: Record<string, string>;
  session?: { accountId?: string };
  grantId?: string;
}
interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(indicator: string, scope: string): void;
  save(): Promise<string>;
}
interface Provider {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<Interaction>;
  interactionFinished(req: http.IncomingMessage, res: http.ServerResponse, result: unknown, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  on(event: string, listener: (ctx: { oidc?: { params?: Record<string, unknown> } }, error?: Error) => void): void;
  Grant: { new (init: { accountId: string; clientId: string }): Grant; find(id: string): Promise<Grant | undefined> };
}
const Provider = ProviderModule as unknown as new (issuer: string, config: Record<string, unknown>) => Provider;

export const PUBLIC_CLIENT_ID = 'promogpt-desktop';
export const BASIC_CLIENT_ID = 'promogpt-basic';
export const POST_CLIENT_ID = 'promogpt-post';
export const ACCOUNT_ID = 'user-1';
/** Scopes the server knows; `offline_access` is what earns a refresh token. */
export const SCOPES = ['openid', 'offline_access', 'posts.read', 'posts.write'];

export interface OAuthServerOptions {
  /** 'auto': a test-only interaction that logs in and consents (or denies) at once; 'dev': oidc-provider's own login and consent pages, for a browser. */
  interactions?: 'auto' | 'dev';
  accessTokenTtlSeconds?: number;
}

export interface OAuthServer {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  clientSecret: string;
  /** Token-endpoint requests that reached oidc-provider, per grant_type. */
  tokenRequests: { authorization_code: number; refresh_token: number };
  /** Everything the server received, path only: proves what never went there. */
  paths: string[];
  /**
   * Acts as the user's browser for the 'auto' interactions: follows redirects with a cookie
   * jar until the server redirects to the loopback URI, then (unless told not to) calls it.
   */
  signIn(authorizationUrl: string, options?: { decision?: 'approve' | 'deny'; followCallback?: boolean }): Promise<{ callbackUrl: string; status?: number; body?: string }>;
  stop(): Promise<void>;
}

async function autoInteraction(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  const once = { mergeWithLastSubmission: false };
  if (req.headers['x-test-decision'] === 'deny') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, once);
  }
  if (details.prompt.name === 'login') return provider.interactionFinished(req, res, { login: { accountId: ACCOUNT_ID } }, once);
  const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId: details.session?.accountId ?? ACCOUNT_ID, clientId: details.params.client_id ?? '' });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

export async function startOAuthServer(options: OAuthServerOptions = {}): Promise<OAuthServer> {
  const mode = options.interactions ?? 'auto';
  const clientSecret = randomBytes(16).toString('hex');
  const tokenRequests = { authorization_code: 0, refresh_token: 0 };
  const paths: string[] = [];
  // Created once the port (and so the issuer URL) is known; the listener needs a port first.
  const ready: { provider?: Provider } = {};

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    paths.push(url.pathname);
    const { provider } = ready;
    if (!provider) return void res.writeHead(503).end();
    if (mode === 'auto' && url.pathname.startsWith('/test-interaction/')) {
      autoInteraction(provider, req, res).catch((error: Error) => res.writeHead(500).end(error.message));
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Only an ES256 key, so ID tokens must be ES256 too (the default RS256 would find no key).
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig', kid: 'test-es256' };
  const native = { application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] };

  const provider = new Provider(issuer, {
    clients: [
      { ...native, client_id: PUBLIC_CLIENT_ID, token_endpoint_auth_method: 'none' },
      { ...native, client_id: BASIC_CLIENT_ID, client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_basic' },
      { ...native, client_id: POST_CLIENT_ID, client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_post' },
    ],
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    scopes: SCOPES,
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(grant: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: () => options.accessTokenTtlSeconds ?? 3600,
      AuthorizationCode: () => 60,
      IdToken: () => 3600,
      RefreshToken: () => 14 * 24 * 3600,
      Grant: () => 14 * 24 * 3600,
      Session: () => 24 * 3600,
      Interaction: () => 600,
    },
    features: {
      // Like real platforms: a client may revoke only its own tokens.
      revocation: { enabled: true, allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId: string }) => token.clientId === client.clientId },
      devInteractions: { enabled: mode === 'dev' },
    },
    ...(mode === 'auto' ? { interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/test-interaction/${interaction.uid}` } } : {}),
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
  });
  const count = (ctx: { oidc?: { params?: Record<string, unknown> } }) => {
    const grant = ctx.oidc?.params?.grant_type;
    if (grant === 'authorization_code' || grant === 'refresh_token') tokenRequests[grant] += 1;
  };
  provider.on('grant.success', count);
  provider.on('grant.error', count);
  ready.provider = provider;

  async function signIn(authorizationUrl: string, opts: { decision?: 'approve' | 'deny'; followCallback?: boolean } = {}) {
    const jar = new Map<string, string>();
    let url = new URL(authorizationUrl);
    for (let hop = 0; hop < 20; hop += 1) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(url, { redirect: 'manual', headers: { cookie, 'x-test-decision': opts.decision ?? 'approve' } });
      for (const c of res.headers.getSetCookie()) {
        const [pair = ''] = c.split(';');
        const eq = pair.indexOf('=');
        if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) {
        throw new Error(`sign-in stopped at ${url.pathname} with HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
      }
      await res.arrayBuffer();
      url = new URL(location, url);
      if (url.origin !== issuer) {
        const callbackUrl = url.toString();
        if (opts.followCallback === false) return { callbackUrl };
        const callback = await fetch(url, { redirect: 'manual' });
        return { callbackUrl, status: callback.status, body: await callback.text() };
      }
    }
    throw new Error('sign-in did not reach the callback in 20 redirects');
  }

  return {
    issuer,
    authorizationEndpoint: `${issuer}/auth`,
    tokenEndpoint: `${issuer}/token`,
    revocationEndpoint: `${issuer}/token/revocation`,
    clientSecret,
    tokenRequests,
    paths,
    signIn,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
