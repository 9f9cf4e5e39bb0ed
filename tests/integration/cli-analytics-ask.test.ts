import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult, StoredQuery } from '../../src-shared/analytics-ask';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai/server';
import { assertBuilt, promogptAsync } from '../helpers/cli';
import { tempDir, testCore } from '../helpers/core';
import { dump, seedAnalytics } from './analytics-ask/helpers';

// "Ask your data" as a user scripts it: ask, refusals with exit 1, history, re-run, pin, against
// the fake OpenAI-compatible server and a workspace with known analytics.
const dataDir = tempDir('promogpt-cli-ask-');
let fake: FakeOpenAi;
const cli = (args: string[]) => promogptAsync(['--data-dir', dataDir, ...args]);
const json = async <T>(args: string[]): Promise<T> => {
  const r = await cli(['--json', ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout) as T;
};
const snapshot = () => {
  const core = testCore({ dataDir });
  const [ws] = core.workspaces.list();
  const out = dump(core.workspaces.db(ws?.id as string));
  core.close();
  return out;
};

beforeAll(async () => {
  assertBuilt();
  fake = await startFakeOpenAi();
  expect((await cli(['workspace', 'create', 'Acme'])).code).toBe(0);
  expect((await cli(['provider', 'add', 'local', '--base-url', fake.baseUrl, '--model', 'fake-text-1', '--max-retries', '0'])).code).toBe(0);
  const core = testCore({ dataDir });
  const [ws] = core.workspaces.list();
  seedAnalytics(core.workspaces.db(ws?.id as string));
  core.close();
}, 60_000);
afterAll(() => fake?.close());

const GOOD = "SELECT text, likes FROM analytics_posts WHERE platform = 'x' AND media_kind = 'video' AND published_at >= '2025-10-01' AND published_at < '2026-01-01' ORDER BY likes DESC";
let answeredId = '';

describe('promogpt analytics ask', () => {
  it('--json: the SQL, the columns and the rows', async () => {
    fake.answers.push({ content: '```sql\n' + GOOD + '\n```' });
    const r = await json<QueryResult>(['analytics', 'ask', 'Which X posts with video did best last quarter?']);
    expect(r.query).toMatchObject({ sql: GOOD, state: 'answered', rowCount: 3 });
    expect(r.columns).toEqual(['text', 'likes']);
    expect(r.rows).toEqual([
      ['Video eleven', 90],
      ['Video twelve', 40],
      ['Video thirteen', 5],
    ]);
    answeredId = r.query.id;
  });

  it('in words: the SQL and a table', async () => {
    fake.answers.push({ content: GOOD });
    const r = await cli(['analytics', 'ask', 'Best X videos?']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(GOOD);
    expect(r.stdout).toMatch(/text\s+likes\n-+\s+-+\nVideo eleven\s+90\n/);
    expect(r.stdout).toContain('3 row(s)');
  });

  it('a refusal: exit 1, the reason, and nothing changed', async () => {
    const before = snapshot();
    fake.answers.push({ content: 'DROP TABLE posts' });
    const r = await cli(['--json', 'analytics', 'ask', 'Drop everything']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as QueryResult).query).toMatchObject({ state: 'refused', sql: 'DROP TABLE posts', message: expect.stringContaining('not DROP') });
    fake.answers.push({ content: 'Sorry, I only know about cats.' });
    const words = await cli(['analytics', 'ask', 'Anything?']);
    expect(words.code).toBe(1);
    expect(words.stdout).toContain('Refused: The model did not answer with a query: Sorry, I only know about cats.');
    const own = await cli(['analytics', 'sql', 'SELECT * FROM accounts']);
    expect(own.code).toBe(1);
    expect(own.stdout).toContain('which is not one of the analytics views');
    expect(snapshot()).toBe(before);
  });
});

describe('promogpt analytics history, rerun, pin', () => {
  it('lists, searches, re-runs and pins', async () => {
    const all = await json<StoredQuery[]>(['analytics', 'history']);
    expect(all.map((q) => [q.state, q.rowCount])).toEqual([
      ['refused', null],
      ['refused', null],
      ['refused', null],
      ['answered', 3],
      ['answered', 3],
    ]);
    const found = await json<StoredQuery[]>(['analytics', 'history', '--search', 'last quarter']);
    expect(found.map((q) => q.id)).toEqual([answeredId]);
    const again = await json<QueryResult>(['analytics', 'rerun', answeredId]);
    expect(again.query).toMatchObject({ source: 'rerun', rowCount: 3, question: 'Which X posts with video did best last quarter?' });
    const pinned = await json<StoredQuery>(['analytics', 'pin', answeredId]);
    expect(pinned.pinned).toBe(true);
    expect((await json<StoredQuery[]>(['analytics', 'history', '--pinned'])).map((q) => q.id)).toEqual([answeredId]);
    const text = await cli(['analytics', 'history', '--search', 'nothing like this']);
    expect(text.stdout.trim()).toBe('No query matches.');
    const bad = await cli(['--json', 'analytics', 'history', '--limit', 'lots']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { name: 'ValidationError' } });
    const missing = await cli(['--json', 'analytics', 'rerun', 'aq_missing']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { name: 'NotFound' } });
  });
});
