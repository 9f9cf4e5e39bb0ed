import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/core/connectors/types';
import { failure, mediaFile, START, xEnv } from './kit';

let env: Awaited<ReturnType<typeof xEnv>>;
let session: Session;
beforeAll(async () => {
  env = await xEnv();
  session = env.sessionFor(env.me);
});
afterAll(() => env.fake.close());
beforeEach(() => {
  env.fake.clearFaults();
  env.fake.configure({ limits: { 'tweets.create': 100, 'users.me': 75 }, userPostsPer24h: 2400 });
});

let n = 0;
const input = () => ({ text: `Post number ${++n}`, media: [], idempotencyKey: `k-${n}` });

describe('X errors map to the shared names', () => {
  it('401 Unauthorized (injected) → AuthExpired, which the token manager answers with a refresh', async () => {
    env.fake.fail(env.fake.faults.expired());
    const err = await failure(env.connector.publish(session, input()));
    expect(err.name).toBe('AuthExpired');
    expect(err.details).toEqual({ status: 401 });
  });

  it('403 (no permission) → PermissionDenied; a token without tweet.write is refused by the fake itself', async () => {
    env.fake.fail(env.fake.faults.forbidden());
    expect((await failure(env.connector.fetchAccountMetrics(session))).name).toBe('PermissionDenied');

    const readOnly = env.sessionFor(env.me, ['tweet.read', 'users.read']);
    const before = env.fake.createdTweets(env.me.id);
    const err = await failure(env.connector.publish(readOnly, input()));
    expect(err.name).toBe('PermissionDenied');
    expect(env.fake.createdTweets(env.me.id)).toBe(before);
  });

  it('403 "Unsupported Authentication" is a sign-in problem → AuthExpired', async () => {
    env.fake.fail({ status: 403, body: { title: 'Unsupported Authentication', detail: 'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.', type: 'https://api.x.com/2/problems/unsupported-authentication', status: 403 } });
    expect((await failure(env.connector.fetchAccountMetrics(session))).name).toBe('AuthExpired');
  });

  it('429 after the 15-minute limit → RateLimited at exactly x-rate-limit-reset', async () => {
    env.clock.advance(3600_000); // a fresh window
    session = env.sessionFor(env.me);
    env.fake.configure({ limits: { 'users.me': 2 } });
    const windowStart = env.clock.now().getTime();
    await env.connector.fetchAccountMetrics(session);
    env.clock.advance(5000);
    await env.connector.fetchAccountMetrics(session);
    const err = await failure(env.connector.fetchAccountMetrics(session));
    expect(err.name).toBe('RateLimited');
    expect(err.details).toMatchObject({ status: 429, resetAt: new Date(windowStart + 900_000).toISOString() });
    const last = env.fake.log.at(-1);
    expect(last?.responseHeaders).toMatchObject({ 'x-rate-limit-limit': '2', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String((windowStart + 900_000) / 1000) });
  });

  it('429 with injected headers → RateLimited at that epoch second', async () => {
    const reset = Math.floor(Date.parse(START) / 1000) + 4242;
    env.fake.fail({ ...env.fake.faults.rateLimited(reset), match: { method: 'POST', path: '/2/tweets' } });
    const err = await failure(env.connector.publish(session, input()));
    expect(err.name).toBe('RateLimited');
    expect(err.details?.resetAt).toBe(new Date(reset * 1000).toISOString());
  });

  it('429 from the 24-hour posting cap → RateLimited until the daily reset, not the 15-minute one', async () => {
    env.clock.advance(2 * 86_400_000);
    session = env.sessionFor(env.me);
    env.fake.configure({ userPostsPer24h: 1 });
    const dayStart = env.clock.now().getTime();
    await env.connector.publish(session, input());
    const ok = env.fake.log.at(-1)?.responseHeaders;
    expect(ok).toMatchObject({ 'x-user-limit-24hour-limit': '1', 'x-user-limit-24hour-remaining': '0' });
    const err = await failure(env.connector.publish(session, input()));
    expect(err.name).toBe('RateLimited');
    expect(err.details).toMatchObject({ resetAt: new Date(dayStart + 86_400_000).toISOString(), window: '24h' });
  });

  it('every API answer carries x-rate-limit-* headers', async () => {
    await env.connector.fetchAccountMetrics(session);
    expect(env.fake.log.at(-1)?.responseHeaders).toMatchObject({
      'x-rate-limit-limit': expect.stringMatching(/^\d+$/),
      'x-rate-limit-remaining': expect.stringMatching(/^\d+$/),
      'x-rate-limit-reset': expect.stringMatching(/^\d{10}$/),
    });
  });

  it.each([500, 502, 503])('%i → Transient, and nothing was posted', async (status) => {
    const before = env.fake.createdTweets(env.me.id);
    env.fake.fail({ ...env.fake.faults.serverError(status), match: { method: 'POST', path: '/2/tweets' } });
    const err = await failure(env.connector.publish(session, input()));
    expect(err.name).toBe('Transient');
    expect(err.details).toEqual({ status });
    expect(env.fake.createdTweets(env.me.id)).toBe(before);
  });

  it('a failing media step is retried by nobody here and posts nothing', async () => {
    const before = env.fake.createdTweets(env.me.id);
    env.fake.fail({ ...env.fake.faults.serverError(503), match: { path: /\/append$/ } });
    const err = await failure(env.connector.publish(session, { ...input(), media: [{ path: mediaFile('e.png'), mimeType: 'image/png' }] }));
    expect(err.name).toBe('Transient');
    expect(err.details?.outcomeUnknown).toBeUndefined();
    expect(env.fake.createdTweets(env.me.id)).toBe(before);
  });

  it('refuses a file type X cannot attach before any upload', async () => {
    const calls = env.fake.log.length;
    const err = await failure(env.connector.publish(session, { ...input(), media: [{ path: mediaFile('doc.pdf'), mimeType: 'application/pdf' }] }));
    expect(err.name).toBe('ValidationError');
    expect(env.fake.log.length).toBe(calls);
  });
});
