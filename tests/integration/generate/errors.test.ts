import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAULTS } from '../../fakes/openai/server';
import { addLocalProvider, failure, studioSetup, type StudioSetup } from './helpers';

// Each failure of a provider comes out named, with what to do, and the prompt stays in the history.

let s: StudioSetup;
beforeEach(async () => {
  s = await studioSetup();
  await addLocalProvider(s);
});
afterEach(() => s.close());

const text = (brief = 'Announce the open day') => s.core.call('studio.generateText', { workspaceId: s.workspaceId, brief, platforms: ['bluesky'] });

async function expectFailure(brief: string, expected: { name: string; reason: string; message: RegExp }) {
  const error = await failure(text(brief));
  expect(error).toMatchObject({ name: expected.name, details: { reason: expected.reason } });
  expect(error.message).toMatch(expected.message);
  // The prompt is kept, with the error, in a finished history row.
  const g = await s.core.call('studio.get', { workspaceId: s.workspaceId, generationId: String(error.details?.generationId) });
  expect(g).toMatchObject({ state: 'failed', params: { brief }, error: { name: expected.name, reason: expected.reason } });
  expect(g.finishedAt).not.toBeNull();
  return error;
}

describe('provider errors', () => {
  it('an invalid key is AuthExpired and says how to store a new one', async () => {
    s.fake.fail('/v1/chat/completions', FAULTS.invalidKey());
    await expectFailure('one', { name: 'AuthExpired', reason: 'invalid_key', message: /refused the API key.*--api-key-env/ });
  });

  it('an unknown model is NotFound and points at provider test', async () => {
    await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Local', baseUrl: s.fake.baseUrl, textModel: 'no-such-model' });
    await expectFailure('two', { name: 'NotFound', reason: 'model_not_found', message: /no-such-model.*promogpt provider test Local/ });
  });

  it('a rate limit is RateLimited with the wait from retry-after', async () => {
    s.fake.fail('/v1/chat/completions', FAULTS.rateLimited(17));
    const error = await expectFailure('three', { name: 'RateLimited', reason: 'rate_limited', message: /Try again in 17 s/ });
    expect(error.details?.retryAfterSeconds).toBe(17);
  });

  it('an exhausted quota is not mistaken for a rate limit', async () => {
    s.fake.fail('/v1/chat/completions', FAULTS.quota());
    await expectFailure('four', { name: 'PermissionDenied', reason: 'quota_exhausted', message: /quota is used up/ });
  });

  it("a content refusal carries the provider's reason", async () => {
    s.fake.fail('/v1/chat/completions', FAULTS.contentPolicy());
    const error = await expectFailure('five', { name: 'PlatformRejected', reason: 'content_refused', message: /safety system/ });
    expect(error.details?.providerReason).toMatch(/rejected as a result of our safety system/);
  });

  it('a refusal inside a streamed answer is a content refusal too', async () => {
    s.fake.answers.push({ content: '', refusal: "I can't help with that.", finishReason: 'stop' });
    await expectFailure('six', { name: 'PlatformRejected', reason: 'content_refused', message: /I can't help with that/ });
  });

  it('a server error is Transient; the SDK retries it as configured first', async () => {
    s.fake.fail('/v1/chat/completions', FAULTS.serverError(), 1);
    await expectFailure('seven', { name: 'Transient', reason: 'server_error', message: /server error \(500\)/ });
    expect(s.fake.requestsTo('/v1/chat/completions')).toHaveLength(1); // maxRetries 0 for this provider
    await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Local', baseUrl: s.fake.baseUrl, textModel: 'fake-text-1', maxRetries: 2 });
    s.fake.fail('/v1/chat/completions', FAULTS.serverError(), 1);
    const g = await text('eight');
    expect(g.state).toBe('succeeded');
    expect(s.fake.requestsTo('/v1/chat/completions')).toHaveLength(3);
  });

  it('a server that cannot be reached is Transient network_down', async () => {
    await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Local', baseUrl: 'http://127.0.0.1:9/v1', textModel: 'fake-text-1' });
    await expectFailure('nine', { name: 'Transient', reason: 'network_down', message: /cannot be reached/ });
  });

  it('a connection dropped mid-request is Transient too', async () => {
    s.fake.fail('/v1/chat/completions', { status: 0, destroy: true });
    await expectFailure('ten', { name: 'Transient', reason: 'network_down', message: /cannot be reached/ });
  });

  it('asks for a provider when there is none, or several, before recording anything', async () => {
    await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Second', baseUrl: s.fake.baseUrl, textModel: 'fake-text-1' });
    expect(await failure(text())).toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/2 AI providers \(Local, Second\).*--provider/) });
    await s.core.call('ai.removeProvider', { workspaceId: s.workspaceId, provider: 'Local' });
    await s.core.call('ai.removeProvider', { workspaceId: s.workspaceId, provider: 'Second' });
    expect(await failure(text())).toMatchObject({ name: 'NotFound', message: expect.stringMatching(/no AI provider yet/) });
    expect(await failure(s.core.call('studio.generateImage', { workspaceId: s.workspaceId, prompt: 'a cat', provider: 'Gone' }))).toMatchObject({ name: 'NotFound' });
  });

  it('refuses a picture from a provider without a picture model, saying how to set one', async () => {
    await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'TextOnly', baseUrl: s.fake.baseUrl, textModel: 'fake-text-1' });
    const error = await failure(s.core.call('studio.generateImage', { workspaceId: s.workspaceId, prompt: 'a cat', provider: 'TextOnly' }));
    expect(error).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('--image-model') });
  });
});
