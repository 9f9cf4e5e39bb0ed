// "Ask your data" as a user uses it: a question in words (the fake OpenAI-compatible server
// writes the SQL), the answer as a chart and a table with the SQL shown, an edit that is
// refused and one that runs, the history with search, re-run and pin, and the pinned question
// on the dashboard with its result.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createCore } from '../../src-main/core/app';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai/server';
import { seedAnalytics } from '../integration/analytics-ask/helpers';
import { SCREENSHOTS, startApp, type StartedApp } from './app';

let app: StartedApp;
let fake: FakeOpenAi;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [app, fake] = await Promise.all([startApp(), startFakeOpenAi()]);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
test.afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

// The page scrolls inside the app's main area: a tall viewport and a shot of the section under test.
const shot = async (page: Page, selector: string, name: string) => {
  await page.setViewportSize({ width: 1280, height: 2200 });
  await page.locator(selector).screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
};

const PER_PLATFORM = "SELECT platform, count(*) AS posts, sum(engagements) AS engagements\nFROM analytics_posts\nGROUP BY platform\nORDER BY platform";

test('ask a question, see the SQL, chart and table; edit, history, re-run and pin', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(app.url);
  await page.getByLabel('Workspace name').fill('Acme');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  const core = createCore({ dataDir: app.dataDir, shell: 'cli' });
  try {
    const [ws] = core.workspaces.list();
    seedAnalytics(core.workspaces.db(ws?.id as string));
    await core.call('ai.saveProvider', { workspaceId: ws?.id as string, name: 'Local', baseUrl: fake.baseUrl, textModel: 'fake-text-1', maxRetries: 0 });
  } finally {
    core.close();
  }
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Ask your data' })).toBeVisible();

  // A question: the model's SQL is shown, the answer is a chart and a table.
  fake.answers.push({ content: 'Here is the query:\n```sql\n' + PER_PLATFORM + '\n```' });
  await page.getByLabel('Question', { exact: true }).fill('How many posts and engagements per platform?');
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  const ask = page.locator('.analytics-ask');
  await expect(page.getByLabel('SQL', { exact: true })).toHaveValue(PER_PLATFORM);
  const table = ask.locator('.analytics-table');
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('row').nth(1)).toHaveText(/mastodon\s*1\s*500/);
  await expect(table.getByRole('row').nth(2)).toHaveText(/x\s*5\s*1,?145/);
  const chart = ask.getByRole('img', { name: /^How many posts and engagements per platform\?/ });
  await expect(chart).toBeVisible();
  expect(await chart.evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(100);
  const history = page.getByRole('list', { name: 'Query history' });
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await expect(history.getByRole('listitem').first()).toContainText('2 row(s)');
  await shot(page, '.analytics-ask', 'analytics-ask-answer');

  // An edit that reads another table is refused, with what to do; one over the views runs.
  await page.getByLabel('SQL', { exact: true }).fill('SELECT handle, extras FROM accounts');
  await page.getByRole('button', { name: 'Run SQL' }).click();
  await expect(ask.getByText(/Not run: The query reads "accounts", which is not one of the analytics views/)).toBeVisible();
  await page.getByLabel('SQL', { exact: true }).fill("SELECT media_kind, sum(likes) AS likes FROM analytics_posts WHERE platform = 'x' GROUP BY media_kind ORDER BY media_kind");
  await page.getByRole('button', { name: 'Run SQL' }).click();
  await expect(table.getByRole('row').nth(2)).toHaveText(/video\s*835/);
  await expect(history.getByRole('listitem')).toHaveCount(3);
  await expect(history.locator('.ask-history--refused')).toHaveCount(1);
  await shot(page, '.analytics-ask', 'analytics-ask-history');

  // Search, re-run, pin: the pinned question shows on the dashboard with its result.
  await page.getByLabel('Search the history').fill('GROUP BY platform');
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await history.getByRole('button', { name: /^Re-run/ }).click();
  await expect(table.getByRole('row').nth(1)).toHaveText(/mastodon\s*1\s*500/);
  await expect(history.getByRole('listitem')).toHaveCount(2);
  await history.getByRole('listitem').first().getByRole('button', { name: 'Pin' }).click();
  const pinned = page.locator('.analytics-pinned');
  await expect(pinned.getByRole('heading', { name: 'How many posts and engagements per platform?' })).toBeVisible();
  await expect(pinned.getByRole('row').nth(2)).toHaveText(/x\s*5\s*1,?145/);
  await page.reload();
  await expect(page.locator('.analytics-pinned').getByRole('img', { name: /^How many posts and engagements per platform\?/ })).toBeVisible();
  await shot(page, '.analytics-pinned', 'analytics-ask-pinned');
  expect(fake.requestsTo('/v1/chat/completions')).toHaveLength(1); // edits and re-runs never ask the model again
});
