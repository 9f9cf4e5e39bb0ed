// Comment sentiment through the workspace's AI provider (a fake OpenAI-compatible server): off by
// default, batched with a strict JSON answer, stored beside the lexicon score, recorded in the
// generation history; bad answers, local-only, the monthly cap and provider errors.
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertComments } from '../../../src-main/core/analytics/store';
import type { WorkspaceDb } from '../../../src-main/core/db/app-db';
import type { StoredComment } from '../../../src-shared/analytics';
import { FAULTS, type ChatBody } from '../../fakes/openai/server';
import { addLocalProvider, CLOUD_HOST, failure, studioSetup, type StudioSetup } from '../generate/helpers';
import { seedAccount, seedPosts } from './history';

let s: StudioSetup;
let db: WorkspaceDb;
let target: string;
const CHAT = '/v1/chat/completions';

/** A fake "model" that labels by a few words, and answers in the asked JSON shape. */
function labeller(body: ChatBody) {
  const comments = JSON.parse(body.messages.at(-1)?.content ?? '[]') as { n: number; text: string }[];
  const label = (t: string) => (/broken|worst|yeah right/i.test(t) ? 'negative' : /love|great|thanks/i.test(t) ? 'positive' : 'neutral');
  return { content: JSON.stringify(comments.map((c) => ({ n: c.n, sentiment: label(c.text), score: 0.8 }))) };
}

function addComments(texts: string[], prefix = 'c'): void {
  db.write(() =>
    upsertComments(
      db.sqlite,
      target,
      'acct_a',
      '2026-02-20T00:00:00.000Z',
      texts.map((text, i) => ({ id: `${prefix}${i}`, url: `https://example.social/@x/${prefix}${i}`, authorHandle: '@fan', text, createdAt: `2026-02-10T00:00:${String(i % 60).padStart(2, '0')}.000Z`, inReplyToId: 'r1' })),
    ),
  );
}

const comments = () => s.core.call('analytics.comments', { workspaceId: s.workspaceId, limit: 1000 });
const byId = async () => new Map((await comments()).map((c) => [c.id, c] as [string, StoredComment]));
const turnOn = () => s.core.call('analytics.updateSettings', { workspaceId: s.workspaceId, aiSentiment: true });
const score = (extra: { again?: boolean; accountId?: string } = {}) => s.core.call('analytics.scoreSentiment', { workspaceId: s.workspaceId, ...extra });
const aiRows = () => (db.sqlite.prepare('SELECT count(*) AS n FROM comment_ai_sentiment').get() as { n: number }).n;
const cloud = () => {
  s.fake.models.push('gpt-4o-mini');
  return s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Cloud', baseUrl: `https://${CLOUD_HOST}/v1`, textModel: 'gpt-4o-mini', maxRetries: 0 });
};

beforeEach(async () => {
  s = await studioSetup();
  db = s.core.workspaces.db(s.workspaceId);
  seedAccount(db, 'acct_a');
  [target] = seedPosts(db, 'acct_a', [{ publishedAt: '2026-02-01T10:00:00.000Z', likes: 3 }]) as [string];
  s.fake.defaultAnswer = labeller;
});
afterEach(() => s.close());

describe('AI sentiment is off by default', () => {
  it('sends nothing, and comments carry only the lexicon score', async () => {
    await addLocalProvider(s);
    addComments(['I love it', 'not good at all']);
    expect(await s.core.call('analytics.getSettings', { workspaceId: s.workspaceId })).toMatchObject({ aiSentiment: false, aiSentimentProvider: null });
    const error = await failure(score());
    expect(error).toMatchObject({ name: 'ValidationError', details: { reason: 'ai_sentiment_off' } });
    expect(error.message).toMatch(/analytics settings --ai-sentiment on/);
    expect(s.fake.requests).toHaveLength(0);
    for (const c of await comments()) expect(c).toMatchObject({ sentimentSource: 'lexicon', aiSentiment: null, aiScore: null, aiProvider: null, aiNote: null });
  });
});

describe('turning it on and off', () => {
  it('is written to the security log, with where the texts go', async () => {
    await turnOn();
    await s.core.call('analytics.updateSettings', { workspaceId: s.workspaceId, syncEveryMinutes: 120 }); // not a sentiment change
    await s.core.call('analytics.updateSettings', { workspaceId: s.workspaceId, aiSentimentProvider: 'Local' });
    await s.core.call('analytics.updateSettings', { workspaceId: s.workspaceId, aiSentiment: false });
    const app = new Database(path.join(s.dataDir, 'app.db'), { readonly: true });
    const rows = app.prepare("SELECT detail FROM security_events WHERE detail LIKE 'AI comment sentiment%' ORDER BY id").all() as { detail: string }[];
    app.close();
    expect(rows.map((r) => r.detail)).toEqual([
      "AI comment sentiment turned on: comment texts are sent to the workspace's AI provider",
      'AI comment sentiment turned on: comment texts are sent to provider "Local"',
      'AI comment sentiment turned off',
    ]);
    expect(await s.core.call('analytics.getSettings', { workspaceId: s.workspaceId })).toEqual({ syncEveryMinutes: 120, aiSentiment: false, aiSentimentProvider: 'Local' });
  });
});

describe('scoring through the provider', () => {
  it('sends the texts in batches, keeps the lexicon score beside the AI label, and records a history row', async () => {
    await addLocalProvider(s);
    await turnOn();
    const texts = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'Oh great, the app is broken again. Yeah right, "premium".' : i % 2 ? 'I love this, thanks!' : `Is size ${i} in stock?`));
    addComments(texts);
    const progress: (number | null)[] = [];
    const off = s.core.events.onAny((event, payload) => {
      const { generation } = payload as { generation: { kind: string; progress: number | null } };
      if (event === 'studio.changed' && generation.kind === 'sentiment') progress.push(generation.progress);
    });
    const report = await score();
    off();
    expect(report).toMatchObject({ sent: 30, labelled: 30, unanswered: 0, batches: 2, provider: 'Local', model: 'fake-text-1', estimatedCostUsd: 0 });
    expect(progress, 'the progress bars see each batch, then the end').toEqual([0, 83, 100, null]);
    expect(report.message).toBe('30 of 30 comment(s) labelled by Local (fake-text-1).');
    const sent = s.fake.requestsTo(CHAT).map((r) => JSON.parse((r.body as ChatBody).messages.at(-1)!.content) as { n: number; text: string }[]);
    expect(sent.map((b) => b.length)).toEqual([25, 5]);
    expect(sent.flat().map((c) => c.text).sort()).toEqual([...texts].sort()); // only the texts go out
    expect(JSON.stringify(s.fake.requests.map((r) => r.body))).not.toMatch(/@fan|acct_a|example\.social/);

    const sarcasm = (await byId()).get('c0')!;
    // The lexicon reads "great" as positive; the model reads the sarcasm. Both are kept.
    expect(sarcasm).toMatchObject({ sentiment: 'positive', sentimentSource: 'ai', aiSentiment: 'negative', aiScore: 0.8, aiProvider: 'Local', aiModel: 'fake-text-1', aiScoredAt: '2026-03-01T09:00:00.000Z', aiNote: null });
    // The AI's label leads the filter, the order (most negative first) and the chart's counts.
    const negative = await s.core.call('analytics.comments', { workspaceId: s.workspaceId, sentiment: 'negative' });
    expect(negative.map((c) => c.id)).toContain('c0');
    expect((await s.core.call('analytics.comments', { workspaceId: s.workspaceId, sentiment: 'positive' })).map((c) => c.id)).not.toContain('c0');
    expect((await comments())[0]?.id).toBe('c0');
    const days = await s.core.call('analytics.sentiment', { workspaceId: s.workspaceId, period: '90d' });
    expect(days.reduce((n, d) => n + d.negative, 0)).toBe(negative.length);

    const [run] = await s.core.call('studio.history', { workspaceId: s.workspaceId, kind: 'sentiment' });
    expect(run).toMatchObject({ id: report.generationId, kind: 'sentiment', state: 'succeeded', providerName: 'Local', params: { kind: 'sentiment', comments: 30, batchSize: 25 }, estimatedCostUsd: 0 });
    expect(run!.usage!.totalTokens).toBeGreaterThan(0);
    expect(report.usage).toEqual(run!.usage);

    // Already labelled: nothing is sent again unless asked.
    const again = await score();
    expect(again).toMatchObject({ generationId: null, sent: 0 });
    expect(s.fake.requestsTo(CHAT)).toHaveLength(2);
    expect((await score({ again: true })).sent).toBe(30);
    expect(s.fake.requestsTo(CHAT)).toHaveLength(4);
  });

  it('labels again a comment whose text changed, and says the old label no longer applies', async () => {
    await addLocalProvider(s);
    await turnOn();
    addComments(['I love it']);
    await score();
    addComments(['Actually it is broken']); // the same comment, edited
    expect((await byId()).get('c0')).toMatchObject({ sentimentSource: 'lexicon', aiSentiment: null, aiNote: 'the text changed after the AI labelled it' });
    expect((await score()).sent).toBe(1);
    expect((await byId()).get('c0')).toMatchObject({ sentimentSource: 'ai', aiSentiment: 'negative', aiNote: null });
  });

  it('uses the provider chosen in the settings when there are several, and refuses an unknown one', async () => {
    await addLocalProvider(s);
    await addLocalProvider(s, { name: 'Second' });
    addComments(['thanks!']);
    await turnOn();
    expect((await failure(score())).message).toMatch(/2 AI providers \(Local, Second\).*Settings → Analytics/);
    await s.core.call('analytics.updateSettings', { workspaceId: s.workspaceId, aiSentimentProvider: 'Second' });
    expect(await score()).toMatchObject({ provider: 'Second', labelled: 1 });
    await s.core.call('analytics.updateSettings', { workspaceId: s.workspaceId, aiSentimentProvider: 'Gone' });
    expect(await failure(score())).toMatchObject({ name: 'NotFound' });
  });
});

describe('after a sync', () => {
  it('labels the new comments by itself when AI sentiment is on, and sends nothing when it is off', async () => {
    await addLocalProvider(s);
    addComments(['I love it', 'broken again']);
    await s.core.call('analytics.sync', { workspaceId: s.workspaceId });
    await s.core.scheduler.runUntilIdle();
    expect(s.fake.requests).toHaveLength(0);
    expect(aiRows()).toBe(0);

    await turnOn();
    await s.core.call('analytics.sync', { workspaceId: s.workspaceId });
    await s.core.scheduler.runUntilIdle();
    expect(s.fake.requestsTo(CHAT)).toHaveLength(1);
    expect((await byId()).get('c1')).toMatchObject({ sentimentSource: 'ai', aiSentiment: 'negative' });
    // Nothing new: the next sync's job sends nothing and adds no history row.
    await s.core.call('analytics.sync', { workspaceId: s.workspaceId });
    await s.core.scheduler.runUntilIdle();
    expect(s.fake.requestsTo(CHAT)).toHaveLength(1);
    expect(await s.core.call('studio.history', { workspaceId: s.workspaceId, kind: 'sentiment' })).toHaveLength(1);
  });
});

describe('answers that are not what was asked', () => {
  it('keeps the lexicon score for each comment without a usable answer, and says why', async () => {
    await addLocalProvider(s);
    await turnOn();
    addComments(['one', 'two', 'three', 'four', 'five']);
    // Batch order is newest first: c4 … c0 are n = 1 … 5.
    s.fake.answers.push({
      content:
        '```json\n' +
        JSON.stringify([
          { n: 1, sentiment: 'Positive', score: 0.9 },
          { n: 2, sentiment: 'angry', score: 0.5 },
          { n: 3, sentiment: 'negative', score: 7 },
          { n: 99, sentiment: 'negative', score: 0.5 },
          { n: 1, sentiment: 'negative', score: 0.5 },
        ]) +
        '\n```',
    });
    const report = await score();
    expect(report).toMatchObject({ sent: 5, labelled: 1, unanswered: 4 });
    expect(report.message).toMatch(/1 of 5 .* 4 got no usable answer and keep their lexicon score\./);
    const got = await byId();
    expect(got.get('c4')).toMatchObject({ sentimentSource: 'ai', aiSentiment: 'positive', aiScore: 0.9 });
    expect(got.get('c3')).toMatchObject({ sentimentSource: 'lexicon', aiSentiment: null, aiNote: 'the AI answered "angry", not positive, neutral or negative', sentiment: 'neutral' });
    expect(got.get('c2')).toMatchObject({ sentimentSource: 'lexicon', aiNote: 'the AI gave no score between 0 and 1' });
    expect(got.get('c1')).toMatchObject({ sentimentSource: 'lexicon', aiNote: 'the AI answer had no entry for this comment' });

    // Not JSON at all: the whole batch keeps its lexicon scores. Only the unlabelled are sent again.
    s.fake.answers.push({ content: 'Sure! Here is how I feel about these comments: mostly fine.' });
    expect(await score()).toMatchObject({ sent: 4, labelled: 0, unanswered: 4 });
    expect((await byId()).get('c0')).toMatchObject({ sentimentSource: 'lexicon', aiNote: 'the AI answer was not the JSON list asked for' });
    expect((await byId()).get('c4')).toMatchObject({ sentimentSource: 'ai', aiSentiment: 'positive' });
  });

  it('does not wipe a good label when a later run gets no usable answer for it', async () => {
    await addLocalProvider(s);
    await turnOn();
    addComments(['I love it']);
    await score();
    s.fake.answers.push({ content: '[]' });
    expect(await score({ again: true })).toMatchObject({ sent: 1, labelled: 0, unanswered: 1 });
    expect((await byId()).get('c0')).toMatchObject({ sentimentSource: 'ai', aiSentiment: 'positive', aiNote: null });
  });

  it('takes a refusal as no label for that batch, not as a failed run', async () => {
    await addLocalProvider(s);
    await turnOn();
    addComments(['something rude']);
    s.fake.answers.push({ refusal: 'I cannot help with that.' });
    expect(await score()).toMatchObject({ sent: 1, labelled: 0, unanswered: 1 });
    expect((await byId()).get('c0')!.aiNote).toMatch(/^the provider refused to label it \(I cannot help with that\.\)$/);
  });
});

describe('the AI side’s rules', () => {
  it('refuses a cloud provider in a local-only workspace: nothing is sent or stored, the refusal is in the history', async () => {
    await cloud();
    await turnOn();
    addComments(['I love it']);
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, localOnly: true });
    const error = await failure(score());
    expect(error).toMatchObject({ name: 'PermissionDenied', details: { reason: 'local_only' } });
    expect(error.message).toMatch(/nothing was sent.*No comment was changed/);
    expect(s.fake.requests).toHaveLength(0);
    expect(aiRows()).toBe(0);
    const [run] = await s.core.call('studio.history', { workspaceId: s.workspaceId, kind: 'sentiment' });
    expect(run).toMatchObject({ state: 'failed', error: { name: 'PermissionDenied', reason: 'local_only' } });
  });

  it('counts its cost toward the monthly cap and stops between batches once the cap is reached, keeping whole batches', async () => {
    await cloud();
    await turnOn();
    addComments(Array.from({ length: 30 }, (_, i) => `comment number ${i}, love it`));
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, monthlyCapUsd: 0.000001 });
    const error = await failure(score());
    expect(error).toMatchObject({ name: 'PermissionDenied', details: { reason: 'monthly_cap', labelled: 25 } });
    expect(error.message).toMatch(/cap of \$0\.00.*25 comment\(s\) labelled before that are kept; the other 5 keep their lexicon score\./);
    expect(s.fake.requestsTo(CHAT)).toHaveLength(1);
    expect(aiRows()).toBe(25);
    const usage = await s.core.call('studio.usage', { workspaceId: s.workspaceId });
    expect(usage.cloudCostUsd).toBeGreaterThan(0); // the run's spend is in the month's usage
    // The next run is refused before anything is sent.
    expect(await failure(score())).toMatchObject({ details: { reason: 'monthly_cap', labelled: 0 } });
    expect(s.fake.requestsTo(CHAT)).toHaveLength(1);
  });

  it('a 429 stores nothing and says to wait; a 500 on a later batch keeps the batches before it', async () => {
    await addLocalProvider(s);
    await turnOn();
    addComments(Array.from({ length: 30 }, (_, i) => `thanks ${i}`));
    s.fake.fail(CHAT, FAULTS.rateLimited(7));
    const limited = await failure(score());
    expect(limited).toMatchObject({ name: 'RateLimited', details: { retryAfterSeconds: 7, labelled: 0 } });
    expect(limited.message).toMatch(/rate limiting.*in 7 s.*No comment was changed/);
    expect(aiRows()).toBe(0);

    // The first batch answers (and arms a 500 for the next request), the second gets the 500.
    const before = s.fake.requestsTo(CHAT).length;
    s.fake.defaultAnswer = (body) => {
      s.fake.fail(CHAT, FAULTS.serverError());
      return labeller(body);
    };
    const broken = await failure(score());
    expect(s.fake.requestsTo(CHAT).length - before).toBe(2);
    expect(broken).toMatchObject({ name: 'Transient', details: { labelled: 25 } });
    expect(broken.message).toMatch(/server error \(500\).*25 comment\(s\) labelled before that are kept; the other 5 keep their lexicon score\./);
    expect(aiRows()).toBe(25);
    const runs = await s.core.call('studio.history', { workspaceId: s.workspaceId, kind: 'sentiment' });
    expect(runs.map((r) => r.state)).toEqual(['failed', 'failed']);
    expect(runs[0]!.usage!.totalTokens).toBeGreaterThan(0); // the batch that answered is paid for and recorded
  });
});
