import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLoopbackUrl } from '../../../src-main/core/generate/local-only';
import { addLocalProvider, CLOUD_HOST, failure, studioSetup, type StudioSetup } from './helpers';

// Local-only is enforced in the core: a cloud provider gets nothing, whatever asks.

let s: StudioSetup;
beforeEach(async () => {
  s = await studioSetup();
  s.fake.models.push('gpt-4o-mini');
  await addLocalProvider(s);
});
afterEach(() => s.close());

const cloud = () =>
  s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Cloud', baseUrl: `https://${CLOUD_HOST}/v1`, textModel: 'gpt-4o-mini', imageModel: 'fake-image-1', maxRetries: 0 });

describe('loopback check', () => {
  it('accepts only 127.0.0.0/8, ::1 and localhost, judged on the parsed host', () => {
    const yes = ['http://127.0.0.1:8080/v1', 'http://127.9.8.7/v1', 'http://localhost:11434/v1', 'http://LOCALHOST/v1', 'http://[::1]:8000/v1', 'http://0x7f.0.0.1/v1', 'http://2130706433/v1'];
    const no = [
      'https://api.openai.com/v1',
      'http://localhost.evil.com/v1',
      'http://127.0.0.1.nip.io/v1',
      'http://[::ffff:127.0.0.1]/v1',
      'http://10.0.0.1/v1',
      'http://0.0.0.0/v1',
      'http://evil.com#@127.0.0.1/v1',
      'http://128.0.0.1/v1',
      'http://[::2]/v1',
    ];
    for (const u of yes) expect(isLoopbackUrl(new URL(u)), u).toBe(true);
    for (const u of no) expect(isLoopbackUrl(new URL(u)), u).toBe(false);
  });
});

describe('a local-only workspace', () => {
  it('refuses to add a cloud provider, and accepts a loopback one', async () => {
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, localOnly: true });
    expect(await failure(cloud())).toMatchObject({ name: 'PermissionDenied', details: { reason: 'local_only' } });
    expect((await s.core.call('ai.listProviders', { workspaceId: s.workspaceId })).map((p) => p.name)).toEqual(['Local']);
    await addLocalProvider(s, { name: 'Local2' });
  });

  it('sends nothing to a cloud provider added before local-only was turned on, and keeps the prompt', async () => {
    await cloud();
    await s.core.call('studio.generateText', { workspaceId: s.workspaceId, provider: 'Cloud', brief: 'before', platforms: ['x'] });
    expect(s.fake.requests).toHaveLength(1); // the cloud provider works while local-only is off
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, localOnly: true });
    const before = s.fake.requests.length;
    for (const call of [
      s.core.call('studio.generateText', { workspaceId: s.workspaceId, provider: 'Cloud', brief: 'secret launch plan', platforms: ['x'] }),
      s.core.call('studio.generateImage', { workspaceId: s.workspaceId, provider: 'Cloud', prompt: 'secret product' }),
    ]) {
      const error = await failure(call);
      expect(error).toMatchObject({ name: 'PermissionDenied', details: { reason: 'local_only' } });
      expect(error.message).toContain('nothing was sent');
    }
    const test = await s.core.call('ai.testProvider', { workspaceId: s.workspaceId, provider: 'Cloud' });
    expect(test).toMatchObject({ ok: false, error: { name: 'PermissionDenied', reason: 'local_only' } });
    expect(s.fake.requests.length).toBe(before);
    const [latest] = await s.core.call('studio.history', { workspaceId: s.workspaceId, kind: 'image' });
    expect(latest).toMatchObject({ state: 'failed', params: { prompt: 'secret product' }, error: { reason: 'local_only' } });
    // The local provider still works.
    const ok = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, provider: 'Local', brief: 'fine', platforms: ['x'] });
    expect(ok.state).toBe('succeeded');
  });

  it('writes provider and local-only changes to the security log, never a key', async () => {
    await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Keyed', baseUrl: s.fake.baseUrl, textModel: 'fake-text-1', apiKey: 'sk-supersecret-123456' });
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, localOnly: true });
    await s.core.call('ai.removeProvider', { workspaceId: s.workspaceId, provider: 'Keyed' });
    const db = new Database(path.join(s.dataDir, 'app.db'), { readonly: true });
    const rows = db.prepare("select kind, workspace_id as ws, detail from security_events where kind = 'provider.changed' order by id").all() as { kind: string; ws: string; detail: string }[];
    db.close();
    expect(rows.map((r) => r.detail)).toEqual([
      expect.stringMatching(/^AI provider "Local" added: 127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^AI provider "Keyed" added: 127\.0\.0\.1:\d+, new API key stored in the keychain$/),
      'local-only turned on',
      'AI provider "Keyed" removed',
    ]);
    expect(rows.every((r) => r.ws === s.workspaceId)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('supersecret');
  });

  it('refuses base URLs that are not http(s), carry credentials, or a query', async () => {
    for (const baseUrl of ['file:///etc/passwd', 'javascript:alert(1)', 'http://user:sk-x@127.0.0.1/v1', 'http://127.0.0.1/v1?key=1', 'not a url']) {
      const error = await failure(s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Bad', baseUrl, textModel: 'm' }));
      expect(error.name, baseUrl).toBe('ValidationError');
    }
    for (const name of ['', 'a\nb', '-leading', 'x'.repeat(41)]) {
      expect((await failure(s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name, baseUrl: s.fake.baseUrl, textModel: 'm' }))).name).toBe('ValidationError');
    }
    expect((await failure(s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Ok', baseUrl: s.fake.baseUrl, textModel: 'two words' }))).name).toBe('ValidationError');
  });
});

describe('usage and the monthly cap', () => {
  it('sums usage per provider and blocks cloud generations once the cap is reached, not local ones', async () => {
    await cloud();
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, monthlyCapUsd: 0.000001 });
    const first = await s.core.call('studio.generateText', { workspaceId: s.workspaceId, provider: 'Cloud', brief: 'first', platforms: ['x'] });
    expect(first.estimatedCostUsd).toBeGreaterThan(0); // gpt-4o-mini has a list price
    const error = await failure(s.core.call('studio.generateText', { workspaceId: s.workspaceId, provider: 'Cloud', brief: 'second', platforms: ['x'] }));
    expect(error).toMatchObject({ name: 'PermissionDenied', details: { reason: 'monthly_cap' } });
    expect(error.message).toMatch(/cap of \$0\.00.*Settings → AI/);
    await s.core.call('studio.generateText', { workspaceId: s.workspaceId, provider: 'Local', brief: 'local is free', platforms: ['x'] });
    const usage = await s.core.call('studio.usage', { workspaceId: s.workspaceId });
    expect(usage).toMatchObject({ month: '2026-03', monthlyCapUsd: 0.000001, capReached: true });
    expect(usage.rows.map((r) => [r.providerName, r.local, r.generations])).toEqual([
      ['Cloud', false, 2],
      ['Local', true, 1],
    ]);
    expect(usage.rows[0]!.totalTokens).toBe(first.usage!.totalTokens);
    expect(usage.cloudCostUsd).toBeCloseTo(first.estimatedCostUsd!, 12);
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, monthlyCapUsd: null });
    expect((await s.core.call('studio.generateText', { workspaceId: s.workspaceId, provider: 'Cloud', brief: 'third', platforms: ['x'] })).state).toBe('succeeded');
  });
});

describe('test connection', () => {
  it('lists the models and names the configured ones the server lacks', async () => {
    s.fake.models = ['fake-text-1', 'fake-image-1'];
    const t = await s.core.call('ai.testProvider', { workspaceId: s.workspaceId, provider: 'Local' });
    expect(t).toEqual({ ok: true, models: ['fake-text-1', 'fake-image-1'], missingModels: ['fake-tts-1', 'fake-whisper-1', 'fake-video-1'] });
  });

  it('says exactly what failed', async () => {
    s.fake.apiKey = 'sk-right';
    const t = await s.core.call('ai.testProvider', { workspaceId: s.workspaceId, provider: 'Local' });
    expect(t).toMatchObject({ ok: false, models: [], error: { name: 'AuthExpired', reason: 'invalid_key' } });
    await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Local', baseUrl: s.fake.baseUrl, textModel: 'fake-text-1', apiKey: 'sk-right' });
    expect((await s.core.call('ai.testProvider', { workspaceId: s.workspaceId, provider: 'Local' })).ok).toBe(true);
  });
});
