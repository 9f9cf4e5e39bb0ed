import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { configureLogging, createLogger, memorySink } from '../../../src-main/core/platform/logger';
import { redactText, redactValue } from '../../../src-main/core/platform/redact';

afterEach(() => configureLogging({ sinks: [] }));

describe('redaction', () => {
  it.each([
    ['Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345', 'abcdefghijklmnopqrstuvwxyz012345'],
    ['GET https://x.test/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz', 'SplxlOBeZQQYbYS6WxSbIA'],
    ['callback #access_token=2YotnFZFEjr1zCsicMWpAA&expires_in=3600', '2YotnFZFEjr1zCsicMWpAA'],
    ['key sk-proj-abcdefghijklmnopqrstuvwx1234 was rejected', 'sk-proj-abcdefghijklmnopqrstuvwx1234'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['{"accessJwt":"abc.def.ghi","handle":"me"}', 'abc.def.ghi'],
    ['refresh_token=8xLOxBtZp8 expired', '8xLOxBtZp8'],
  ])('removes the secret from %s', (text, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('redacted');
  });

  it('replaces the home folder with ~', () => {
    expect(redactText(`cannot open ${os.homedir()}/Videos/a.mp4`, os.homedir())).toBe('cannot open ~/Videos/a.mp4');
  });

  it('hides secret-named fields at any depth, and keeps the rest', () => {
    expect(redactValue({ account: 'acct_1', auth: { refreshToken: 'r', apiKey: 'k', nested: [{ password: 'p' }] }, count: 3 })).toEqual({
      account: 'acct_1',
      auth: { refreshToken: '[redacted]', apiKey: '[redacted]', nested: [{ password: '[redacted]' }] },
      count: 3,
    });
  });

  it('is applied by every logger before any sink sees the record', () => {
    const sink = memorySink();
    configureLogging({ sinks: [sink], level: 'debug' });
    createLogger('test').warn('refresh failed for Bearer abcdefghijklmnop123', { headers: { authorization: 'Bearer zzz' }, error: new Error('token=abc123secret') });
    const line = JSON.stringify(sink.records);
    expect(line).not.toContain('abcdefghijklmnop123');
    expect(line).not.toContain('zzz');
    expect(line).not.toContain('abc123secret');
    expect(sink.records[0]).toMatchObject({ level: 'warn', area: 'test' });
  });
});
