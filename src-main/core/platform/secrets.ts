import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import { AppError } from '../../../src-shared/errors';

export const KEYCHAIN_SERVICE = 'PromoGPT';

/** The only place secrets live. Keys name what the secret belongs to, e.g. `ws_x/acct_y/refresh`. */
export interface SecretStore {
  set(key: string, secret: string): Promise<void>;
  get(key: string): Promise<string | null>;
  delete(key: string): Promise<boolean>;
  /** Keys (never secrets) that start with a prefix: used to prove a deletion is complete. */
  keys(prefix: string): Promise<string[]>;
}

const HOW_TO_FIX: Record<string, string> = {
  linux: 'Start and unlock a Secret Service keyring (GNOME Keyring or KWallet; on a server: gnome-keyring and dbus-x11), then try again.',
  darwin: 'Unlock the macOS login keychain, then try again.',
  win32: 'Check that Windows Credential Manager is available for your user, then try again.',
};

function unavailable(error: unknown): AppError {
  const fix = HOW_TO_FIX[process.platform] ?? 'Make the OS keychain available, then try again.';
  const why = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 200) : String(error);
  return new AppError('KeychainUnavailable', `The OS keychain cannot be reached (${why}). ${fix}`);
}

/**
 * The OS keychain through @napi-rs/keyring. On Linux the Secret Service is required, so a
 * missing or locked keyring is a clear error instead of a silent fall-back to the kernel keyring.
 */
export function keychainSecretStore(service = KEYCHAIN_SERVICE): SecretStore {
  const options = { linux: { store: 'secret-service' as const } };
  const entry = (key: string) => new AsyncEntry(service, key, options);
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw unavailable(error);
    }
  };
  return {
    set: (key, secret) => guard(() => entry(key).setPassword(secret)),
    get: (key) => guard(() => entry(key).getPassword()),
    delete: (key) => guard(() => entry(key).deleteCredential()),
    keys: (prefix) =>
      guard(async () => (await findCredentialsAsync(service)).map((c) => c.account).filter((a) => a.startsWith(prefix))),
  };
}

/** In memory, for unit tests that are not about the keychain itself. */
export function memorySecretStore(): SecretStore & { dump(): Map<string, string> } {
  const map = new Map<string, string>();
  return {
    set: async (k, s) => void map.set(k, s),
    get: async (k) => map.get(k) ?? null,
    delete: async (k) => map.delete(k),
    keys: async (p) => [...map.keys()].filter((k) => k.startsWith(p)),
    dump: () => map,
  };
}
