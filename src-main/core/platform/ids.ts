import { randomBytes } from 'node:crypto';

export type IdGenerator = (prefix: string) => string;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Random, lower-case, filesystem-safe ids like `ws_3k9d2m7q1x4p`. */
export const randomIds: IdGenerator = (prefix) => {
  const bytes = randomBytes(12);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 32];
  return `${prefix}_${out}`;
};

/** Deterministic ids for tests: `ws_0001`, `ws_0002`, … */
export function sequentialIds(): IdGenerator {
  const counters = new Map<string, number>();
  return (prefix) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}_${String(n).padStart(4, '0')}`;
  };
}
