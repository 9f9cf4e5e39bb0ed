import { createCore, type Core } from '../../../src-main/core/app';
import type { Events } from '../../../src-shared/contract';
import { fixedClock } from '../../../src-main/core/platform/clock';
import { sequentialIds } from '../../../src-main/core/platform/ids';
import { memorySecretStore, type SecretStore } from '../../../src-main/core/platform/secrets';
import { FIXED_NOW, tempDir } from '../../helpers/core';
import { startFakeOpenAi, type FakeOpenAi } from '../../fakes/openai/server';

/** The host a "cloud" provider is given in tests; the core's fetch routes it to the fake, so the core sees a non-loopback URL. */
export const CLOUD_HOST = 'api.cloud.test';

export function routedFetch(fake: FakeOpenAi): typeof fetch {
  return (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.host === CLOUD_HOST) {
      url.protocol = 'http:';
      url.host = new URL(fake.url).host;
    }
    return fetch(url, init);
  };
}

export interface StudioSetup {
  core: Core;
  fake: FakeOpenAi;
  workspaceId: string;
  dataDir: string;
  secrets: SecretStore;
  deltas: Events['studio.delta'][];
  close(): Promise<void>;
}

/** A real core (SQLite file, real media library) and a fake OpenAI-compatible server on a free port. */
export async function studioSetup(opts: { secrets?: SecretStore; videoPollMs?: number } = {}): Promise<StudioSetup> {
  const fake = await startFakeOpenAi();
  const dataDir = tempDir('promogpt-studio-');
  const secrets = opts.secrets ?? memorySecretStore();
  const core = createCore({ dataDir, shell: 'cli', clock: fixedClock(FIXED_NOW), ids: sequentialIds(), secrets, fetch: routedFetch(fake), videoPollMs: opts.videoPollMs ?? 20 });
  const workspace = await core.call('workspace.create', { name: 'Acme' });
  const deltas: Events['studio.delta'][] = [];
  core.events.onAny((event, payload) => {
    if (event === 'studio.delta') deltas.push(payload as Events['studio.delta']);
  });
  return {
    core,
    fake,
    workspaceId: workspace.id,
    dataDir,
    secrets,
    deltas,
    async close() {
      core.close();
      await fake.close();
    },
  };
}

export async function addLocalProvider(s: StudioSetup, extra: { name?: string; maxRetries?: number } = {}) {
  return s.core.call('ai.saveProvider', {
    workspaceId: s.workspaceId,
    name: extra.name ?? 'Local',
    baseUrl: s.fake.baseUrl,
    textModel: 'fake-text-1',
    imageModel: 'fake-image-1',
    speechModel: 'fake-tts-1',
    transcriptionModel: 'fake-whisper-1',
    videoModel: 'fake-video-1',
    maxRetries: extra.maxRetries ?? 0,
  });
}

/** The AppError a failing call throws, for asserting on name, message and details. */
export async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (error) {
    return error as { name: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}
