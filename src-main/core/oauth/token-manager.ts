import { AppError } from '../../../src-shared/errors';
import type { TokenSet } from '../connectors/types';
import type { Clock } from '../platform/clock';
import { createLogger } from '../platform/logger';
import type { SecretStore } from '../platform/secrets';

const log = createLogger('oauth.tokens');

/** One keychain entry per account: access and (rotated) refresh token are always written together. */
interface StoredTokens {
  v: 1;
  tokens: TokenSet;
  /** When these tokens were obtained: the start of the lifetime that the 80% rule measures. */
  issuedAt: string;
  /** Set once a refresh proved the sign-in dead, so a restart does not ask the server again. */
  needsReconnect?: { reason: string; at: string };
}

export interface TokenManagerOptions {
  secrets: SecretStore;
  clock: Clock;
  /** The platform's refresh; throws AppError AuthExpired when the user must reconnect. */
  refresh(accountKey: string, current: TokenSet): Promise<TokenSet>;
  /** Called once per dead sign-in, to show the account as "needs reconnect". */
  onNeedsReconnect(accountKey: string, reason: string): void;
  /** Fraction of the lifetime after which `get` refreshes (platforms.md §11); default 0.8. */
  refreshAt?: number;
  /**
   * How long `get` may answer from memory what it last read from the keychain (default 0: every
   * get reads it). A burst of publishes for one account then costs one keychain read, not one
   * each. Only `get` uses it; a refresh always reads the keychain itself.
   */
  cacheMs?: number;
  /** Milliseconds that only go forward, for the cache (default performance.now). */
  monotonicMs?: () => number;
}

export interface TokenManager {
  /** Saves new tokens (after connecting or reconnecting) and clears any "needs reconnect" mark. */
  save(accountKey: string, tokens: TokenSet): Promise<void>;
  /** Usable tokens, refreshed first when `refreshAt` of their lifetime has passed. */
  get(accountKey: string): Promise<TokenSet>;
  /**
   * Refreshes now (after a 401). Pass the access token that was refused: when the saved one is
   * already newer, another caller has refreshed and it is returned without asking the server.
   */
  forceRefresh(accountKey: string, refusedAccessToken?: string): Promise<TokenSet>;
  delete(accountKey: string): Promise<boolean>;
  /** The reason, while an account needs reconnecting (known to this process). */
  needsReconnect(accountKey: string): string | undefined;
}

// Only TokenSet fields reach the keychain: a TokenResult's `raw` and anything else stay out.
const pick = (t: TokenSet): TokenSet => ({
  accessToken: t.accessToken,
  ...(t.refreshToken ? { refreshToken: t.refreshToken } : {}),
  ...(t.expiresAt ? { expiresAt: t.expiresAt } : {}),
  ...(t.refreshExpiresAt ? { refreshExpiresAt: t.refreshExpiresAt } : {}),
  ...(t.scopes ? { scopes: [...t.scopes] } : {}),
});

function parse(json: string | null): StoredTokens | null {
  if (json === null) return null;
  try {
    const value = JSON.parse(json) as StoredTokens;
    return value?.v === 1 && typeof value.tokens?.accessToken === 'string' && typeof value.issuedAt === 'string' ? value : null;
  } catch {
    return null;
  }
}

function reconnectError(reason: string): AppError {
  const why = reason === 'no_saved_tokens' ? "its sign-in is missing from this computer's keychain" : 'its sign-in expired or was revoked';
  return new AppError('AuthExpired', `This account must be reconnected: ${why}. Open Accounts and choose Reconnect.`, { reason });
}

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { secrets, clock } = options;
  const refreshAt = options.refreshAt ?? 0.8;
  if (!(refreshAt > 0 && refreshAt <= 1)) throw new RangeError('refreshAt must be in (0, 1]');

  const inflight = new Map<string, Promise<TokenSet>>();
  const dead = new Map<string, string>();
  // Bumped by save/delete: a refresh that started before must not overwrite what came after it.
  const generation = new Map<string, number>();
  const gen = (key: string) => generation.get(key) ?? 0;
  const bump = (key: string) => generation.set(key, gen(key) + 1);

  // Held in memory only (as every session's tokens are while in use): never logged or stored.
  const cacheMs = options.cacheMs ?? 0;
  const monotonic = options.monotonicMs ?? (() => performance.now());
  const cache = new Map<string, { record: StoredTokens; at: number; generation: number }>();
  const forget = (key: string) => cache.delete(key);

  const read = async (key: string) => parse(await secrets.get(key));
  /** `read` for `get`: from memory while the entry is younger than cacheMs and nothing was saved, deleted or refreshed since. */
  const readForGet = async (key: string) => {
    const hit = cache.get(key);
    if (hit && hit.generation === gen(key) && monotonic() - hit.at < cacheMs) return hit.record;
    const startedAt = gen(key);
    const record = await read(key);
    if (cacheMs > 0 && record && !record.needsReconnect && gen(key) === startedAt) cache.set(key, { record, at: monotonic(), generation: startedAt });
    return record;
  };
  const write = (key: string, record: StoredTokens) => {
    forget(key);
    return secrets.set(key, JSON.stringify(record));
  };

  const expiry = (r: StoredTokens) => (r.tokens.expiresAt ? Date.parse(r.tokens.expiresAt) : Number.POSITIVE_INFINITY);
  const expired = (r: StoredTokens) => clock.now().getTime() >= expiry(r);
  const stale = (r: StoredTokens) => {
    if (!r.tokens.expiresAt) return false; // no expiry (Mastodon): only a 401 tells
    const issued = Date.parse(r.issuedAt);
    return clock.now().getTime() >= issued + refreshAt * (expiry(r) - issued);
  };

  async function markDead(key: string, reason: string, startedAt: number, record: StoredTokens | null): Promise<AppError> {
    const error = reconnectError(reason);
    if (gen(key) !== startedAt || dead.has(key)) return error; // new tokens arrived meanwhile, or already reported
    dead.set(key, reason);
    forget(key);
    log.warn('account needs reconnecting', { accountKey: key, reason });
    if (record) {
      try {
        await write(key, { ...record, needsReconnect: { reason, at: clock.now().toISOString() } });
      } catch (e) {
        log.warn('could not persist the reconnect mark', { accountKey: key, error: e });
      }
    }
    try {
      options.onNeedsReconnect(key, reason);
    } catch (e) {
      log.error('onNeedsReconnect failed', { accountKey: key, error: e });
    }
    return error;
  }

  /** Reads the freshest saved state itself, so a caller holding an older copy cannot reuse a rotated refresh token. */
  async function runRefresh(key: string, mode: 'proactive' | 'force', refused?: string): Promise<TokenSet> {
    const startedAt = gen(key);
    const record = await read(key);
    if (!record) throw await markDead(key, 'no_saved_tokens', startedAt, null);
    if (record.needsReconnect) {
      dead.set(key, record.needsReconnect.reason);
      throw reconnectError(record.needsReconnect.reason);
    }
    if (mode === 'proactive' && !stale(record)) return pick(record.tokens);
    if (mode === 'force' && refused !== undefined && refused !== record.tokens.accessToken) return pick(record.tokens);
    if (!record.tokens.refreshToken) {
      if (mode === 'proactive' && !expired(record)) return pick(record.tokens);
      throw await markDead(key, 'no_refresh_token', startedAt, record);
    }
    let next: TokenSet;
    try {
      next = pick(await options.refresh(key, pick(record.tokens)));
    } catch (error) {
      if (error instanceof AppError && error.name === 'AuthExpired') {
        throw await markDead(key, String(error.details?.reason ?? 'auth_expired'), startedAt, record);
      }
      // A proactive refresh may fail while the token still works: use it, try again on a later get.
      if (mode === 'proactive' && !expired(record)) {
        log.warn('proactive refresh failed; the current token is still valid', { accountKey: key, error });
        return pick(record.tokens);
      }
      throw error;
    }
    if (!next.refreshToken && record.tokens.refreshToken) next.refreshToken = record.tokens.refreshToken;
    if (gen(key) === startedAt) {
      await write(key, { v: 1, tokens: next, issuedAt: clock.now().toISOString() });
      log.info('tokens refreshed', { accountKey: key, mode });
    }
    return next;
  }

  /** Single flight per account: everyone who arrives during a refresh shares its promise. */
  function refreshOnce(key: string, mode: 'proactive' | 'force', refused?: string): Promise<TokenSet> {
    const running = inflight.get(key);
    if (running) return running;
    const promise = runRefresh(key, mode, refused).finally(() => inflight.delete(key));
    inflight.set(key, promise);
    return promise;
  }

  const failFast = (key: string) => {
    const reason = dead.get(key);
    if (reason !== undefined) throw reconnectError(reason);
  };

  return {
    async save(key, tokens) {
      bump(key);
      dead.delete(key);
      await write(key, { v: 1, tokens: pick(tokens), issuedAt: clock.now().toISOString() });
    },

    async get(key) {
      failFast(key);
      const running = inflight.get(key);
      if (running) return running;
      const record = await readForGet(key);
      failFast(key);
      if (record && !record.needsReconnect && !stale(record)) return pick(record.tokens);
      return refreshOnce(key, 'proactive');
    },

    async forceRefresh(key, refusedAccessToken) {
      failFast(key);
      forget(key); // the platform refused what it holds
      return refreshOnce(key, 'force', refusedAccessToken);
    },

    async delete(key) {
      bump(key);
      forget(key);
      dead.delete(key);
      return secrets.delete(key);
    },

    needsReconnect: (key) => dead.get(key),
  };
}
