import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertComments } from '../../src-main/core/analytics/store';
import type { AnalyticsSettings, StoredComment } from '../../src-shared/analytics';
import type { AiSentimentReport } from '../../src-shared/analytics-sentiment';
import type { Generation } from '../../src-shared/ai';
import { startFakeOpenAi, type ChatBody, type FakeOpenAi } from '../fakes/openai/server';
import { assertBuilt, promogptAsync } from '../helpers/cli';
import { tempDir, testCore } from '../helpers/core';
import { seedAccount, seedPosts } from './analytics/history';

// `analytics settings` and `analytics sentiment --ai` as a user scripts them, against the fake
// OpenAI-compatible server on this machine.
const dataDir = tempDir('promogpt-cli-sentiment-');
let fake: FakeOpenAi;
const cli = (args: string[]) => promogptAsync(['--data-dir', dataDir, ...args]);
const json = async <T>(args: string[]): Promise<T> => {
  const r = await cli(['--json', ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

beforeAll(async () => {
  assertBuilt();
  fake = await startFakeOpenAi();
  fake.defaultAnswer = (body: ChatBody) => {
    const comments = JSON.parse(body.messages.at(-1)?.content ?? '[]') as { n: number; text: string }[];
    // Reads the sarcasm the lexicon misses.
    return { content: JSON.stringify(comments.map((c) => ({ n: c.n, sentiment: /great, another|never came/i.test(c.text) ? 'negative' : /love/i.test(c.text) ? 'positive' : 'neutral', score: 0.8 }))) };
  };
  expect((await cli(['workspace', 'create', 'Acme'])).code).toBe(0);
  const core = testCore({ dataDir });
  const db = core.workspaces.db(core.workspaces.list()[0]!.id);
  seedAccount(db, 'acc_shop', 'mastodon', '@shop@example.social');
  const [target] = seedPosts(db, 'acc_shop', [{ publishedAt: '2026-01-05T10:00:00.000Z', likes: 4 }]);
  db.write(() =>
    upsertComments(db.sqlite, target!, 'acc_shop', '2026-01-06T00:00:00.000Z', [
      { id: 'c1', url: 'https://example.social/@ann/1', authorHandle: '@ann', text: 'Love it 😍', createdAt: '2026-01-05T12:00:00.000Z', inReplyToId: 'r1' },
      { id: 'c2', url: 'https://example.social/@ben/2', authorHandle: '@ben', text: 'Oh great, another delay. Perfect.', createdAt: '2026-01-05T13:00:00.000Z', inReplyToId: 'r1' },
    ]),
  );
  core.close();
}, 60_000);
afterAll(() => fake?.close());

describe('promogpt analytics settings', () => {
  it('shows the defaults: sync every 6h, AI sentiment off', async () => {
    expect(await json<AnalyticsSettings>(['analytics', 'settings'])).toEqual({ syncEveryMinutes: 360, aiSentiment: false, aiSentimentProvider: null });
    const r = await cli(['analytics', 'settings']);
    expect(r.stdout).toMatch(/Sync every\s+6h\nAI sentiment\s+off \(sentiment stays on this machine/);
  }, 60_000);

  it('changes the sync interval, and refuses a bad one with an example, changing nothing', async () => {
    expect(await json<AnalyticsSettings>(['analytics', 'settings', '--sync-every', '90m'])).toMatchObject({ syncEveryMinutes: 90 });
    for (const bad of ['10m', '8d', 'soon']) {
      const r = await cli(['analytics', 'settings', '--sync-every', bad, '--ai-sentiment', 'on']);
      expect(r.code, bad).not.toBe(0);
      expect(r.stderr).toContain(`Sync every must be between 15 min and 7 d, like 6h, 90m or 2d; "${bad}" is not.`);
    }
    expect((await cli(['analytics', 'settings', '--ai-sentiment', 'maybe'])).stderr).toContain('--ai-sentiment is on or off, not "maybe".');
    expect((await cli(['analytics', 'settings', '--ai-provider', 'Nope'])).stderr).toMatch(/no AI provider "Nope".*Nothing was changed/);
    expect(await json<AnalyticsSettings>(['analytics', 'settings'])).toEqual({ syncEveryMinutes: 90, aiSentiment: false, aiSentimentProvider: null });
    expect((await json<AnalyticsSettings>(['analytics', 'settings', '--sync-every', '2d'])).syncEveryMinutes).toBe(2880);
  }, 180_000);
});

describe('promogpt analytics sentiment --ai', () => {
  it('is refused while AI sentiment is off, then labels the comments, shown beside the lexicon', async () => {
    expect((await cli(['provider', 'add', 'local', '--base-url', fake.baseUrl, '--model', 'fake-text-1', '--max-retries', '0'])).code).toBe(0);
    const off = await cli(['analytics', 'sentiment', '--ai']);
    expect(off.code).not.toBe(0);
    expect(off.stderr).toMatch(/AI sentiment is off.*--ai-sentiment on/);
    expect((await cli(['analytics', 'sentiment'])).stderr).toMatch(/Say --ai/);
    expect(fake.requests).toHaveLength(0);

    expect(await json<AnalyticsSettings>(['analytics', 'settings', '--ai-sentiment', 'on', '--ai-provider', 'local'])).toMatchObject({ aiSentiment: true, aiSentimentProvider: 'local' });
    const report = await json<AiSentimentReport>(['analytics', 'sentiment', '--ai', '--account', 'acc_shop']);
    expect(report).toMatchObject({ sent: 2, labelled: 2, unanswered: 0, batches: 1, provider: 'local' });
    const again = await cli(['analytics', 'sentiment', '--ai']);
    expect(again.stdout).toMatch(/already has an AI label/);

    const comments = await json<StoredComment[]>(['analytics', 'comments']);
    const ben = comments.find((c) => c.id === 'c2')!;
    // Existing fields unchanged (the lexicon), new ones beside them.
    expect(ben).toMatchObject({ sentiment: 'positive', sentimentSource: 'ai', aiSentiment: 'negative', aiScore: 0.8, aiProvider: 'local', aiModel: 'fake-text-1' });
    expect(typeof ben.sentimentScore).toBe('number');
    const text = await cli(['analytics', 'comments']);
    expect(text.stdout).toMatch(/AI: negative \(0\.80\) · lexicon: positive \(\d\.\d\d\)\s+@ben/);

    const history = await json<Generation[]>(['history', 'list']);
    expect(history[0]).toMatchObject({ kind: 'sentiment', state: 'succeeded', params: { kind: 'sentiment', comments: 2, accountId: 'acc_shop' } });
  }, 180_000);
});
