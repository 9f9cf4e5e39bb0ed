import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636 §4.1: 43–128 characters from the unreserved set; base64url of 32–96 random bytes fits exactly. */
export function createCodeVerifier(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 32 || bytes > 96) throw new RangeError('a PKCE verifier needs 32 to 96 random bytes');
  return randomBytes(bytes).toString('base64url');
}

/** The S256 challenge: base64url(SHA-256(verifier)), without padding. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable value binding a callback to the attempt that started it (CSRF, RFC 6749 §10.12). */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}

export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256';
}

export function createPkce(): Pkce {
  const verifier = createCodeVerifier();
  return { verifier, challenge: codeChallengeS256(verifier), method: 'S256' };
}
