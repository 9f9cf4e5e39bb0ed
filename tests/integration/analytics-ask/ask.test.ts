// "Ask your data" against a fake OpenAI-compatible server and a real workspace database: a good
// query answers from seeded data; everything the model (or the user) may write that is not one
// read-only query over the analytics views is refused, recorded, and changes nothing.
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLOUD_HOST, failure } from '../generate/helpers';
import { askSetup, dump, type AskSetup } from './helpers';

let s: AskSetup;
beforeEach(async () => {
  s = await askSetup();
});
afterEach(() => s.close());

const GOOD_SQL = `SELECT text, likes + reposts AS score
FROM analytics_posts
WHERE platform = 'x' AND media_kind = 'video' AND published_at >= '2025-10-01' AND published_at < '2026-01-01'
ORDER BY score DESC`;
const ask = (question: string) => s.core.call('analytics.ask', { workspaceId: s.workspaceId, question });
const answerWith = (content: string) => s.fake.answers.push({ content });

describe('a good question', () => {
  it('is answered from the seeded data, with the SQL, columns and rows, and sends the schema, date and platforms', async () => {
    answerWith('Here you go:\n```sql\n' + GOOD_SQL + ';\n```');
    const r = await ask('Which X posts with video did best last quarter?');
    expect(r.query).toMatchObject({ state: 'answered', question: 'Which X posts with video did best last quarter?', sql: GOOD_SQL, rowCount: 3, source: 'ask', providerName: 'Local', pinned: false });
    expect(r.columns).toEqual(['text', 'score']);
    expect(r.rows).toEqual([
      ['Video eleven', 100],
      ['Video twelve', 40],
      ['Video thirteen', 5],
    ]);
    expect(r.truncated).toBe(false);
    const sent = s.fake.requestsTo('/v1/chat/completions')[0]!.body as { messages: { role: string; content: string }[]; model: string };
    expect(sent.model).toBe('fake-text-1');
    const system = sent.messages[0]!.content;
    for (const needle of ['analytics_posts(', 'media_kind', 'analytics_post_metrics(', 'analytics_account_metrics(', 'analytics_comments(', 'Today is 2026-03-01', 'mastodon, x']) expect(system).toContain(needle);
    expect(sent.messages[1]).toEqual({ role: 'user', content: 'Which X posts with video did best last quarter?' });
  });

  it('accepts bare SQL, and says when the 1,000-row limit cut the result', async () => {
    answerWith('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 5000) SELECT n FROM r');
    const r = await ask('count to five thousand');
    expect(r.query).toMatchObject({ state: 'answered', rowCount: 1000, truncated: true });
    expect(r.rows).toHaveLength(1000);
    expect(r.rows[999]).toEqual([1000]);
  });
});

describe('what is refused, recorded, and changes nothing', () => {
  const bad: [string, string, RegExp][] = [
    ['DELETE', 'DELETE FROM posts', /Only a SELECT query can run here, not DELETE: nothing was changed/],
    ['UPDATE', "```sql\nUPDATE post_metrics_latest SET likes = 1000000\n```", /not UPDATE/],
    ['DROP', 'DROP VIEW analytics_posts', /not DROP/],
    ['ATTACH', "ATTACH DATABASE '/tmp/evil.db' AS evil", /not ATTACH/],
    ['PRAGMA write', 'PRAGMA user_version = 99', /not PRAGMA/],
    ['PRAGMA read', 'PRAGMA table_info(accounts)', /not PRAGMA/],
    ['a hidden write after a comment', '/* harmless */ -- really\nDELETE FROM analytics_posts', /not DELETE/],
    ['a write behind WITH', 'WITH x AS (SELECT 1) DELETE FROM posts', /"posts", which is not one of the analytics views|would change data/],
    ['a write on a view behind WITH', "WITH x AS (SELECT 1) INSERT INTO analytics_comments (comment_id) SELECT 'c' FROM x", /would change data; only reading is allowed: nothing was changed/],
    ['two statements', 'SELECT 1; DELETE FROM posts', /more than one statement/],
    ['a table that is not a view', 'SELECT * FROM posts', /reads "posts", which is not one of the analytics views/],
    ['accounts joined in', 'SELECT p.text, a.extras FROM analytics_posts p JOIN accounts a ON a.id = p.account_id', /reads "accounts"/],
    ['sqlite_master', 'SELECT sql FROM sqlite_master', /SQLite's own tables/],
    ['sqlite_temp_master', 'SELECT * FROM temp.sqlite_master', /SQLite's own tables/],
    ['a table-valued pragma', "SELECT * FROM pragma_table_info('accounts')", /table-valued function/],
    ['pragma_database_list', 'SELECT file FROM pragma_database_list', /table-valued function/],
    ['a subquery on another table', 'SELECT (SELECT count(*) FROM ai_providers) AS n FROM analytics_posts', /reads "ai_providers"/],
    ['load_extension', "SELECT load_extension('/tmp/evil.so')", /SQLite refused the query: not authorized/],
    ['a syntax error', 'SELECT FROM WHERE', /SQLite could not read the query/],
  ];

  it.each(bad)('%s', async (_name, answer, message) => {
    const before = dump(s.db);
    answerWith(answer);
    const r = await ask('do something');
    expect(r.query.state).toBe('refused');
    expect(r.query.message).toMatch(message);
    expect(r.query.rowCount).toBeNull();
    expect(r.rows).toEqual([]);
    expect(dump(s.db)).toBe(before);
    const [latest] = await s.core.call('analytics.history', { workspaceId: s.workspaceId });
    expect(latest).toMatchObject({ id: r.query.id, state: 'refused', question: 'do something', rowCount: null });
  });

  it('an answer that is not SQL, with its text shown', async () => {
    answerWith('I am sorry, I cannot see follower numbers by country.');
    const r = await ask('followers by country?');
    expect(r.query).toMatchObject({ state: 'refused', sql: null, message: 'The model did not answer with a query: I am sorry, I cannot see follower numbers by country.' });
    s.fake.answers.push({ refusal: 'I will not help with that.' });
    expect((await ask('anything')).query.message).toBe('The model did not answer with a query: I will not help with that.');
  });

  it('a runaway recursive CTE is stopped at the time limit, with nothing left running', async () => {
    const before = dump(s.db);
    answerWith('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT count(*) FROM r');
    const started = Date.now();
    const r = await ask('count forever');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.query).toMatchObject({ state: 'refused' });
    expect(r.query.message).toMatch(/ran longer than 1.5 s and was stopped\. Narrow it down/);
    const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
    expect(children).not.toContain('query_only');
    expect(dump(s.db)).toBe(before);
    // The workspace still answers at once.
    expect((await s.core.call('analytics.runSql', { workspaceId: s.workspaceId, sql: 'SELECT count(*) AS n FROM analytics_posts' })).rows).toEqual([[6]]);
  });
});

describe('edited SQL', () => {
  it('goes through the same checks', async () => {
    const before = dump(s.db);
    const refused = await s.core.call('analytics.runSql', { workspaceId: s.workspaceId, sql: 'DELETE FROM analytics_posts', question: 'edited' });
    expect(refused.query).toMatchObject({ state: 'refused', source: 'sql', question: 'edited' });
    const sneaky = await s.core.call('analytics.runSql', { workspaceId: s.workspaceId, sql: 'SELECT * FROM accounts' });
    expect(sneaky.query.message).toMatch(/reads "accounts"/);
    expect(dump(s.db)).toBe(before);
    const ok = await s.core.call('analytics.runSql', { workspaceId: s.workspaceId, sql: "SELECT platform, sum(engagements) AS engagements FROM analytics_posts GROUP BY platform ORDER BY platform;" });
    expect(ok.query).toMatchObject({ state: 'answered', source: 'sql', rowCount: 2, question: null });
    expect(ok.rows).toEqual([
      ['mastodon', 500],
      ['x', 1145],
    ]);
    expect(await failure(s.core.call('analytics.runSql', { workspaceId: s.workspaceId, sql: '   ' }))).toMatchObject({ name: 'ValidationError' });
  });
});

describe('the history', () => {
  it('keeps every query with its row count, searches, re-runs and pins', async () => {
    answerWith('```sql\n' + GOOD_SQL + '\n```');
    const good = await ask('Best X videos last quarter');
    answerWith('DROP TABLE posts');
    const dropped = await ask('Drop it all');
    const typed = await s.core.call('analytics.runSql', { workspaceId: s.workspaceId, sql: 'SELECT count(*) AS posts FROM analytics_posts', question: 'How many posts?' });

    const all = await s.core.call('analytics.history', { workspaceId: s.workspaceId });
    expect(all.map((q) => [q.id, q.state, q.rowCount])).toEqual([
      [typed.query.id, 'answered', 1],
      [dropped.query.id, 'refused', null],
      [good.query.id, 'answered', 3],
    ]);
    expect((await s.core.call('analytics.history', { workspaceId: s.workspaceId, search: 'x videos' })).map((q) => q.id)).toEqual([good.query.id]);
    expect((await s.core.call('analytics.history', { workspaceId: s.workspaceId, search: 'analytics_posts' })).map((q) => q.id)).toEqual([typed.query.id, good.query.id]);
    expect(await s.core.call('analytics.history', { workspaceId: s.workspaceId, search: '100%' })).toEqual([]);

    // Re-run: the same SQL, a new entry; the model is not asked again.
    const chats = s.fake.requestsTo('/v1/chat/completions').length;
    const again = await s.core.call('analytics.rerun', { workspaceId: s.workspaceId, id: good.query.id });
    expect(again.query).toMatchObject({ source: 'rerun', question: 'Best X videos last quarter', sql: GOOD_SQL, state: 'answered', rowCount: 3 });
    expect(again.query.id).not.toBe(good.query.id);
    expect(again.rows).toEqual(good.rows);
    expect(s.fake.requestsTo('/v1/chat/completions').length).toBe(chats);
    const rerunRefused = await s.core.call('analytics.rerun', { workspaceId: s.workspaceId, id: dropped.query.id });
    expect(rerunRefused.query).toMatchObject({ state: 'refused', source: 'rerun' });

    // Pin: shown with its latest result, which follows new data.
    expect(await s.core.call('analytics.pin', { workspaceId: s.workspaceId, id: typed.query.id })).toMatchObject({ pinned: true });
    expect(await failure(s.core.call('analytics.pin', { workspaceId: s.workspaceId, id: dropped.query.id }))).toMatchObject({ name: 'ValidationError' });
    expect(await failure(s.core.call('analytics.pin', { workspaceId: s.workspaceId, id: 'aq_nope' }))).toMatchObject({ name: 'NotFound' });
    let pinned = await s.core.call('analytics.pinned', { workspaceId: s.workspaceId });
    expect(pinned.map((p) => [p.query.id, p.rows])).toEqual([[typed.query.id, [[6]]]]);
    s.db.sqlite.prepare("UPDATE post_targets SET state = 'failed' WHERE id = (SELECT target_id FROM analytics_posts LIMIT 1)").run();
    pinned = await s.core.call('analytics.pinned', { workspaceId: s.workspaceId });
    expect(pinned[0]!.rows).toEqual([[5]]);
    expect((await s.core.call('analytics.history', { workspaceId: s.workspaceId, pinned: true })).map((q) => q.id)).toEqual([typed.query.id]);
    await s.core.call('analytics.pin', { workspaceId: s.workspaceId, id: typed.query.id, pinned: false });
    expect(await s.core.call('analytics.pinned', { workspaceId: s.workspaceId })).toEqual([]);
  });
});

describe('providers', () => {
  it('a local-only workspace refuses a cloud provider in the core, and sends nothing', async () => {
    await s.core.call('ai.saveProvider', { workspaceId: s.workspaceId, name: 'Cloud', baseUrl: `https://${CLOUD_HOST}/v1`, textModel: 'gpt-4o-mini', maxRetries: 0 });
    await s.core.call('ai.updateSettings', { workspaceId: s.workspaceId, localOnly: true });
    const error = await failure(s.core.call('analytics.ask', { workspaceId: s.workspaceId, question: 'secret question', provider: 'Cloud' }));
    expect(error).toMatchObject({ name: 'PermissionDenied', details: { reason: 'local_only' } });
    expect(s.fake.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(0);
    // With two providers, the user must say which.
    expect((await failure(ask('which?'))).message).toMatch(/2 AI providers \(Cloud, Local\)/);
    answerWith('SELECT 1 AS one');
    expect((await s.core.call('analytics.ask', { workspaceId: s.workspaceId, question: 'local is fine', provider: 'Local' })).rows).toEqual([[1]]);
  });

  it("a provider's failure is an error that says so, not a refusal", async () => {
    s.fake.fail('/v1/chat/completions', { status: 500, type: 'server_error', message: 'boom' });
    const error = await failure(ask('anything'));
    expect(error.name).not.toBe('ValidationError');
    expect(await s.core.call('analytics.history', { workspaceId: s.workspaceId })).toEqual([]);
  });
});
