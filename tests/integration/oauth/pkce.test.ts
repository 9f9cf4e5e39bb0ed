import { describe, expect, it } from 'vitest';
import { codeChallengeS256, createCodeVerifier, createPkce, createState } from '../../../src-main/core/oauth/pkce';

describe('PKCE and state', () => {
  it('computes the S256 challenge of RFC 7636 Appendix B', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers of 43–128 unreserved characters, never the same twice', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const { verifier, challenge, method } = createPkce();
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
      expect(challenge).toBe(codeChallengeS256(verifier));
      expect(method).toBe('S256');
      seen.add(verifier);
    }
    expect(seen.size).toBe(50);
    expect(createCodeVerifier(96)).toHaveLength(128);
    expect(() => createCodeVerifier(31)).toThrow(RangeError);
    expect(() => createCodeVerifier(97)).toThrow(RangeError);
  });

  it('makes unguessable states', () => {
    const a = createState();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(createState()).not.toBe(a);
  });
});
