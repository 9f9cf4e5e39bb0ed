// Connecting a Bluesky account with an app password (platforms.md §8.1, option A):
// com.atproto.server.createSession against the user's PDS or the bsky.social entryway.
import { AppError } from '../../../../src-shared/errors';
import { createLogger } from '../../platform/logger';
import type { ConnectorDeps, Session } from '../types';
import { bodyOf, xrpc, xrpcErrorName } from './xrpc';

export const DEFAULT_SERVICE = 'https://bsky.social';

const log = createLogger('bluesky');

export interface LoginInput {
  /** The PDS or entryway to sign in at; default https://bsky.social. */
  service?: string;
  /** A handle (alice.bsky.social, with or without @), the account's email, or its DID. */
  identifier: string;
  /** An app password. Used for this one call: never stored, logged or returned. */
  password: string;
  /**
   * Accept the account's main password too. Off by default: a main-password session can
   * change the email, password and delete the account; an app password cannot.
   */
  allowMainPassword?: boolean;
}

/** The `scope` a PDS puts in a legacy (createSession) access JWT. */
const SCOPE_FULL = 'com.atproto.access';

const BAD_CREDENTIALS =
  'Bluesky did not accept that handle and app password. Check both; use an app password from Settings → App passwords, not your main password.';

/** The claims of a JWT, decoded without verifying it (we only read `exp` and `scope` of our own tokens). */
export function decodeJwtClaims(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) return {};
  try {
    const json = Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const claims = JSON.parse(json) as unknown;
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The `exp` of a JWT as an ISO instant, or undefined when it has none. */
export function jwtExpiry(jwt: string): string | undefined {
  const exp = decodeJwtClaims(jwt).exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? new Date(exp * 1000).toISOString() : undefined;
}

/** The PDS endpoint named in a DID document (`#atproto_pds`), when there is a usable one. */
export function pdsFromDidDoc(didDoc: unknown): string | undefined {
  if (!didDoc || typeof didDoc !== 'object') return undefined;
  const services = (didDoc as { service?: unknown }).service;
  if (!Array.isArray(services)) return undefined;
  for (const s of services) {
    if (!s || typeof s !== 'object') continue;
    const { id, type, serviceEndpoint } = s as Record<string, unknown>;
    const isPds = (typeof id === 'string' && (id === '#atproto_pds' || id.endsWith('#atproto_pds'))) || type === 'AtprotoPersonalDataServer';
    if (isPds && typeof serviceEndpoint === 'string') {
      try {
        const url = new URL(serviceEndpoint);
        if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
      } catch {
        // An unusable endpoint: keep the service we signed in at.
      }
    }
  }
  return undefined;
}

export function normalizeService(service: string | undefined): string {
  const raw = (service ?? '').trim() || DEFAULT_SERVICE;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new AppError('ValidationError', `"${raw}" is not a server address. Leave it empty for bsky.social, or give your PDS's address (https://…).`, {
      field: 'service',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('ValidationError', 'The Bluesky server address must start with https://.', { field: 'service' });
  }
  return url.origin;
}

export function normalizeIdentifier(identifier: string): string {
  const id = identifier.trim().replace(/^@/, '');
  if (!id || /\s/.test(id)) {
    throw new AppError('ValidationError', 'Enter your Bluesky handle (e.g. alice.bsky.social), the email of the account, or its DID.', {
      field: 'identifier',
    });
  }
  return id;
}

export function profileUrl(handleOrDid: string): string {
  return `https://bsky.app/profile/${encodeURIComponent(handleOrDid)}`;
}

/** Builds a Session from a createSession/refreshSession answer. */
export function sessionFromServer(body: Record<string, unknown>, service: string, previous?: Session): Session {
  const { accessJwt, refreshJwt, did, handle, didDoc } = body;
  if (typeof accessJwt !== 'string' || typeof refreshJwt !== 'string' || typeof did !== 'string' || !did.startsWith('did:')) {
    throw new AppError('PlatformRejected', 'Bluesky answered the sign-in without the tokens PromoGPT needs. Try again later.');
  }
  const validHandle = typeof handle === 'string' && handle !== 'handle.invalid' ? handle : undefined;
  const scope = decodeJwtClaims(accessJwt).scope;
  const expiresAt = jwtExpiry(accessJwt);
  const refreshExpiresAt = jwtExpiry(refreshJwt);
  const displayName = previous?.identity.displayName;
  const shownHandle = validHandle ?? previous?.identity.handle ?? did;
  return {
    tokens: {
      accessToken: accessJwt,
      refreshToken: refreshJwt,
      ...(expiresAt ? { expiresAt } : {}),
      ...(refreshExpiresAt ? { refreshExpiresAt } : {}),
      ...(typeof scope === 'string' ? { scopes: [scope] } : {}),
    },
    identity: {
      platformUserId: did,
      handle: shownHandle,
      ...(displayName ? { displayName } : {}),
      profileUrl: profileUrl(validHandle ?? did),
    },
    apiBase: pdsFromDidDoc(didDoc) ?? previous?.apiBase ?? service,
    extras: { service, did },
  };
}

/**
 * Signs in with a handle (or email or DID) and an app password. Returns a Session whose
 * tokens go to the keychain; the password itself is not kept anywhere.
 */
export async function login(input: LoginInput, deps: ConnectorDeps): Promise<Session> {
  const service = normalizeService(input.service);
  const identifier = normalizeIdentifier(input.identifier);
  if (!input.password) throw new AppError('ValidationError', 'Enter an app password (Bluesky → Settings → App passwords).', { field: 'password' });

  let body: Record<string, unknown>;
  try {
    const res = await xrpc(deps, { base: service, method: 'POST', nsid: 'com.atproto.server.createSession', json: { identifier, password: input.password } });
    body = bodyOf(res);
  } catch (error) {
    throw loginError(error);
  }
  const session = sessionFromServer(body, service);

  if (!input.allowMainPassword && session.tokens.scopes?.includes(SCOPE_FULL)) {
    // A main-password session holds the keys to the whole account: end it, ask for an app password.
    await endSession(deps, session.apiBase, session.tokens.refreshToken).catch(() => undefined);
    throw new AppError(
      'ValidationError',
      'That is the main password of the Bluesky account. Create an app password in Bluesky → Settings → App passwords and use it here instead.',
      { field: 'password', reason: 'main_password' },
    );
  }

  // The display name comes from the profile; a failure here must not fail the connection.
  try {
    const res = await xrpc(deps, { base: session.apiBase, method: 'GET', nsid: 'app.bsky.actor.getProfile', query: { actor: session.identity.platformUserId }, bearer: session.tokens.accessToken });
    const profile = bodyOf(res);
    if (typeof profile.displayName === 'string' && profile.displayName.trim()) session.identity.displayName = profile.displayName.trim().slice(0, 200);
    if (typeof profile.avatar === 'string' && /^https?:\/\//.test(profile.avatar)) session.identity.avatarUrl = profile.avatar;
  } catch (error) {
    log.debug('no profile for the new Bluesky session', { error });
  }
  log.info('Bluesky account connected', { did: session.identity.platformUserId, pds: session.apiBase });
  return session;
}

function loginError(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const name = xrpcErrorName(error);
  const status = error.details?.status;
  if (name === 'AuthFactorTokenRequired') {
    return new AppError(
      'ValidationError',
      'This Bluesky account asks for a sign-in code sent by email, which means the main password was used. Use an app password from Settings → App passwords instead; it needs no code.',
      { ...error.details, field: 'password', reason: 'auth_factor_required' },
    );
  }
  if (error.name === 'PermissionDenied') return error; // taken down or deactivated (mapped in xrpc.ts)
  if (status === 401 || name === 'AuthenticationRequired' || name === 'InvalidPassword') {
    return new AppError('ValidationError', BAD_CREDENTIALS, { ...error.details, field: 'password', reason: 'invalid_credentials' });
  }
  if (status === 400 && name === 'InvalidRequest') {
    return new AppError('ValidationError', BAD_CREDENTIALS, { ...error.details, field: 'identifier', reason: 'invalid_credentials' });
  }
  return error;
}

/** com.atproto.server.deleteSession with the refresh token: ends that session on the server. */
export async function endSession(deps: ConnectorDeps, base: string, refreshToken: string | undefined): Promise<void> {
  if (!refreshToken) return;
  await xrpc(deps, { base, method: 'POST', nsid: 'com.atproto.server.deleteSession', bearer: refreshToken });
}
