import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMastodonConnector } from '../../../src-main/core/connectors/mastodon';
import type { Session } from '../../../src-main/core/connectors/types';
import { failure, mastodonEnv, START } from './kit';

let env: Awaited<ReturnType<typeof mastodonEnv>>;
let session: Session;
beforeAll(async () => {
  env = await mastodonEnv();
  session = env.sessionFor(env.alice);
});
afterAll(() => env.fake.close());
beforeEach(() => {
  env.fake.clearFaults();
  env.fake.configure({ rateLimit: { limit: 300, periodSec: 300 } });
});

let n = 0;
const input = () => ({ text: `Post ${++n}`, media: [], idempotencyKey: `k-${n}` });

describe('Mastodon errors map to the shared names', () => {
  it('401 "The access token is invalid" → AuthExpired that asks to reconnect (no refresh exists)', async () => {
    env.fake.fail(env.fake.faults.invalidToken());
    const err = await failure(env.connector.publish(session, input()));
    expect(err.name).toBe('AuthExpired');
    expect(err.details).toMatchObject({ status: 401, reason: 'invalid_grant' });
    expect(err.message).toContain('Reconnect');
  });

  it('a token without write scope → PermissionDenied from the instance itself', async () => {
    const readOnly = env.sessionFor(env.alice, ['read']);
    const before = env.fake.createdStatuses(env.alice.id);
    const err = await failure(env.connector.publish(readOnly, input()));
    expect(err.name).toBe('PermissionDenied');
    expect(err.message).toContain('This action is outside the authorized scopes');
    expect(env.fake.createdStatuses(env.alice.id)).toBe(before);
  });

  it('403 "This action is not allowed" → PermissionDenied', async () => {
    env.fake.fail(env.fake.faults.forbidden());
    const err = await failure(env.connector.fetchAccountMetrics(session));
    expect(err.name).toBe('PermissionDenied');
    expect(err.details).toMatchObject({ status: 403 });
  });

  it('429 after the limit → RateLimited with the exact reset from X-RateLimit-Reset (an ISO date string)', async () => {
    env.fake.configure({ rateLimit: { limit: 2, periodSec: 300 } });
    // The fake's periods are aligned like rack-attack's: start a fresh one, 1 s in.
    const t = env.clock.now().getTime();
    env.clock.advance(300_000 - (t % 300_000) + 1000);
    const boundary = new Date(env.clock.now().getTime() - 1000 + 300_000).toISOString();
    await env.connector.fetchAccountMetrics(session);
    await env.connector.fetchAccountMetrics(session);
    const err = await failure(env.connector.fetchAccountMetrics(session));
    expect(err.name).toBe('RateLimited');
    expect(err.details).toMatchObject({ status: 429, resetAt: boundary });
    const sent = env.fake.log.at(-1)?.responseHeaders?.['x-ratelimit-reset'];
    expect(sent).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(new Date(sent ?? '').toISOString()).toBe(boundary);
  });

  it('429 injected with Mastodon headers → RateLimited at that instant', async () => {
    const resetAt = new Date(Date.parse(START) + 17 * 60_000 + 250);
    env.fake.fail({ ...env.fake.faults.rateLimited(resetAt), match: { method: 'POST', path: '/api/v1/statuses' } });
    const err = await failure(env.connector.publish(session, input()));
    expect(err.name).toBe('RateLimited');
    expect(err.details?.resetAt).toBe(resetAt.toISOString());
  });

  it('every API answer carries the rate headers', async () => {
    await env.connector.publish(session, input());
    const last = env.fake.log.at(-1);
    expect(last?.responseHeaders).toMatchObject({ 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': expect.stringMatching(/^\d+$/) });
  });

  it.each([500, 502, 503])('%i → Transient, and the create was not done', async (status) => {
    const before = env.fake.createdStatuses(env.alice.id);
    env.fake.fail({ ...env.fake.faults.unavailable(status), match: { method: 'POST', path: '/api/v1/statuses' } });
    const err = await failure(env.connector.publish(session, input()));
    expect(err.name).toBe('Transient');
    expect(err.details).toEqual({ status });
    expect(env.fake.createdStatuses(env.alice.id)).toBe(before);
  });

  it('a slow read times out as Transient without claiming an unknown outcome', async () => {
    env.fake.fail({ delayMs: 2000, match: { path: '/api/v1/accounts/verify_credentials' } });
    const err = await failure(createMastodonConnector({ ...env.deps, timeoutMs: 500 }).fetchAccountMetrics(session));
    expect(err.name).toBe('Transient');
    expect(err.details?.outcomeUnknown).toBeUndefined();
  });
});
