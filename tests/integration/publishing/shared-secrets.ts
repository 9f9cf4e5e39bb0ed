// A secret store that several processes can share in tests: the real keychain when the test rig
// provides one (PROMOGPT_TEST_KEYRING=1, one service for the parent and its children), else a
// JSON file written atomically (test-only: it holds tokens in plain text in a temp folder).
import fs from 'node:fs';
import path from 'node:path';
import { keychainSecretStore, type SecretStore } from '../../../src-main/core/platform/secrets';

export function fileSecretStore(file: string): SecretStore {
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const write = (map: Record<string, string>) => {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(map), { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  return {
    set: async (key, secret) => write({ ...read(), [key]: secret }),
    get: async (key) => read()[key] ?? null,
    delete: async (key) => {
      const map = read();
      if (!(key in map)) return false;
      delete map[key];
      write(map);
      return true;
    },
    keys: async (prefix) => Object.keys(read()).filter((k) => k.startsWith(prefix)),
  };
}

/** How a child finds the same store: `keyring:<service>` or `file:<path>`. */
export type SharedSecretsSpec = string;

export function sharedSecretsSpec(dir: string): SharedSecretsSpec {
  return process.env.PROMOGPT_TEST_KEYRING === '1' ? `keyring:PromoGPT-test-${process.pid}` : `file:${path.join(dir, 'secrets.json')}`;
}

export function openSharedSecrets(spec: SharedSecretsSpec): SecretStore {
  if (spec.startsWith('keyring:')) return keychainSecretStore(spec.slice('keyring:'.length));
  if (spec.startsWith('file:')) return fileSecretStore(spec.slice('file:'.length));
  throw new Error(`unknown secrets spec ${spec}`);
}
