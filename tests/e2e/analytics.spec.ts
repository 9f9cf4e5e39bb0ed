// A user opens Analytics for a workspace whose Mastodon account has published posts (on the
// fake instance, with likes and replies from another account) and a generated history of
// earlier posts and followers; presses "Refresh now" (a real sync by the running app), sees
// the charts, the account's best-times heatmap, sets its queue slots, and filters the negative
// comments. Run under scripts/with-keyring.sh: the app keeps the account's token in the keychain.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createCore } from '../../src-main/core/app';
import { publishTarget } from '../../src-main/core/publishing';
import { startMastodonFake, type MastodonFake } from '../fakes/mastodon/server';
import { startFakeOpenAi, type ChatBody, type FakeOpenAi } from '../fakes/openai/server';
import { seedFollowers, seedPosts, prng } from '../integration/analytics/history';
import { connectMastodon, insertTarget } from '../integration/publishing/kit';
import { SCREENSHOTS, startApp, type StartedApp } from './app';

let app: StartedApp;
let fake: MastodonFake;
let openai: FakeOpenAi | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [app, fake] = await Promise.all([startApp(), startMastodonFake({ rateLimit: { limit: 10_000, periodSec: 300 }, mediaRateLimit: { limit: 10_000, periodSec: 1800 } })]);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
test.afterAll(async () => {
  await app?.stop();
  await fake?.close();
  await openai?.close();
});

// The page scrolls inside the app's main area: a viewport shot after scrolling shows the part under test.
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

/** What the sync will find: three posts published for real on the fake, plus three months of history. */
async function seed(): Promise<{ accountId: string; handle: string }> {
  const alice = fake.addAccount({ username: 'acmecoffee', displayName: 'Acme Coffee', followers: 1520 });
  const fan = fake.addAccount({ username: 'fan' });
  const core = createCore({ dataDir: app.dataDir, shell: 'cli' });
  try {
    const [ws] = core.workspaces.list();
    const workspaceId = ws?.id as string;
    const db = core.workspaces.db(workspaceId);
    const account = await connectMastodon(core, workspaceId, fake, alice);
    const clock = { now: () => new Date() };
    const texts = ['New seasonal blend is in: cinnamon and orange', 'We are hiring baristas https://example.com/jobs', 'Latte art workshop on Saturday #coffee'];
    for (const text of texts) {
      const targetId = insertTarget(db, account.id, { text }, new Date().toISOString());
      expect(await publishTarget({ workspaceId, targetId, accounts: core.accounts, db, clock })).toBe('published');
    }
    const statuses = db.sqlite.prepare("SELECT remote_id AS id FROM post_targets WHERE account_id = ? AND state = 'published'").all(account.id) as { id: string }[];
    fake.engage(statuses[0]?.id as string, { favourites: 42, reblogs: 9 });
    fake.engage(statuses[1]?.id as string, { favourites: 7, reblogs: 1 });
    fake.reply(statuses[0]?.id as string, fan.id, 'I love this blend, best coffee in town 😍');
    fake.reply(statuses[0]?.id as string, fan.id, 'Terrible service today, my order was wrong and cold 😡');
    fake.reply(statuses[1]?.id as string, fan.id, 'Is the job part time?');
    // Three months of earlier posts (Thursdays 08:xx UTC do best) and daily followers, as earlier syncs left them.
    const rand = prng(3);
    const now = Date.now();
    const day = 86_400_000;
    seedPosts(
      db,
      account.id,
      Array.from({ length: 90 }, (_, i) => {
        const d = new Date(now - (i + 1) * day);
        const thursday = d.getUTCDay() === 4;
        const at = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), thursday ? 8 : 12 + Math.floor(rand() * 8), 15);
        return { publishedAt: new Date(at).toISOString(), likes: (thursday ? 30 : 8) + Math.floor(rand() * 6), reposts: Math.floor(rand() * 4), replies: Math.floor(rand() * 3), text: `Daily special number ${i}${i % 3 ? '' : ' https://example.com/menu'}` };
      }),
    );
    db.sqlite.prepare('UPDATE post_metrics_latest SET taken_at = ? WHERE account_id = ?').run(new Date(now - 600_000).toISOString(), account.id);
    seedFollowers(db, account.id, Array.from({ length: 90 }, (_, i) => ({ at: new Date(now - (90 - i) * day).toISOString(), followers: 1200 + i * 3 + Math.floor(rand() * 5) })));
    return { accountId: account.id, handle: account.handle };
  } finally {
    core.close();
  }
}

test('dashboard with charts after a sync, best-times heatmap, negative comments filter', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(app.url);
  await page.getByLabel('Workspace name').fill('Acme Coffee');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  // Before anything is connected the page says what to connect.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Connect an account first' })).toBeVisible();
  await shot(page, 'analytics-empty');

  const { handle } = await seed();
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Analytics', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByText(/Synced: .*synced \(3\d? posts, 3 comments\)/)).toBeVisible({ timeout: 30_000 });

  // Charts are drawn (chart.js canvases with their text alternative), numbers on the cards.
  const followers = page.getByRole('img', { name: /^Followers over time/ });
  await expect(followers).toBeVisible();
  expect(await followers.evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(100);
  await expect(page.getByRole('img', { name: /^Posts and engagements per day/ })).toBeVisible();
  await expect(page.locator('.kpi', { hasText: 'Followers' }).locator('.kpi__value')).toHaveText('1,520');
  const top = page.locator('.analytics-table', { has: page.getByRole('heading', { name: 'Top posts' }) });
  await expect(top.getByRole('row').nth(1)).toContainText('New seasonal blend');
  await expect(top.getByRole('row').nth(1)).toContainText('53');
  // A tooltip with the exact number on hover.
  const box = await followers.boundingBox();
  if (box) await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2);
  await shot(page, 'analytics-dashboard');

  // One account: its best-times heatmap, and its queue slots set to them.
  await page.getByLabel('Account').selectOption({ label: `Mastodon ${handle}` });
  const heatmap = page.getByRole('table', { name: 'Expected engagements by weekday and hour' });
  await expect(heatmap).toBeVisible();
  await expect(page.getByText(/^From 9\d posts of the last year/)).toBeVisible();
  await expect(heatmap.locator('td.heatmap__pick').first()).toBeVisible();
  await heatmap.scrollIntoViewIfNeeded();
  await shot(page, 'analytics-best-times');
  await page.getByRole('button', { name: "Set this account's queue slots to these times" }).click();
  await expect(page.getByText(/^Queue slots set to .*Thu \d\d:00/)).toBeVisible();

  // Comments: most negative first; the filter keeps the negative one only, with its link.
  const comments = page.locator('.analytics-table', { has: page.getByRole('heading', { name: 'Comments, most negative first' }) });
  await expect(comments.getByRole('row').nth(1)).toContainText('Terrible service');
  await page.getByLabel('Show').selectOption('negative');
  await expect(comments.getByRole('row')).toHaveCount(2);
  await expect(comments.getByRole('row').nth(1)).toContainText('negative');
  await expect(comments.getByRole('link', { name: /Open/ })).toHaveAttribute('href', /^http/);
  await comments.scrollIntoViewIfNeeded();
  await shot(page, 'analytics-negative-comments');

  // CSV export of a table.
  const download = page.waitForEvent('download');
  await comments.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('comments.csv');
  const csv = fs.readFileSync(await file.path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('Sentiment,Score,Author,Comment,When,Link');
  expect(csv).toContain('Terrible service today');

  // The print stylesheet: the report carries the workspace's name and hides the controls.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByText(/^Acme Coffee — Last 30 days/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refresh now' })).toBeHidden();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'analytics-print');
  // Chromium's print-to-PDF, what "Save as PDF" in the print dialog produces.
  const pdf = await page.pdf({ path: path.join(SCREENSHOTS, 'analytics-report.pdf'), format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(20_000);
});

test('Settings → Analytics: the sync interval is kept; AI sentiment labels the comments beside the lexicon', async ({ page }) => {
  test.setTimeout(120_000);
  // A model on this machine (the fake OpenAI-compatible server) that reads the complaint as negative and the rest by words.
  openai = await startFakeOpenAi();
  openai.defaultAnswer = (body: ChatBody) => {
    const comments = JSON.parse(body.messages.at(-1)?.content ?? '[]') as { n: number; text: string }[];
    return { content: JSON.stringify(comments.map((c) => ({ n: c.n, sentiment: /terrible/i.test(c.text) ? 'negative' : /love/i.test(c.text) ? 'positive' : 'neutral', score: 0.9 }))) };
  };
  const core = createCore({ dataDir: app.dataDir, shell: 'cli' });
  try {
    const workspaceId = core.workspaces.list()[0]?.id as string;
    await core.call('ai.saveProvider', { workspaceId, name: 'Local', baseUrl: openai.baseUrl, textModel: 'fake-text-1', maxRetries: 0 });
  } finally {
    core.close();
  }

  await page.goto(`${app.url}#/settings`);
  const section = page.locator('section.settings-section', { has: page.getByRole('heading', { name: 'Analytics', level: 2 }) });
  await expect(section.getByLabel('Sync every')).toHaveValue('6');
  await expect(section.getByLabel('Sync unit')).toHaveValue('hours');
  // A bad interval is refused in words, and nothing is saved.
  await section.getByLabel('Sync every').fill('10');
  await section.getByLabel('Sync unit').selectOption('days');
  await section.getByRole('button', { name: 'Save analytics settings' }).click();
  await expect(section.getByText('Sync every must be between 15 minutes and 7 days, like 6 hours.').first()).toBeVisible();
  await section.getByLabel('Sync every').fill('12');
  await section.getByLabel('Sync unit').selectOption('hours');
  await expect(section.getByText(/pulled every 12 hours/)).toBeVisible();
  await section.getByLabel('Also label comment sentiment with the AI provider').check();
  await expect(section.getByText('Comment texts go to Local at 127.0.0.1')).toBeVisible();
  await section.getByRole('button', { name: 'Save analytics settings' }).click();
  await expect(section.getByText(/^Saved\. Accounts are synced every 12 hours; comments can be labelled/)).toBeVisible();
  await section.getByRole('button', { name: 'Label new comments with AI now' }).click();
  await expect(section.getByText('3 of 3 comment(s) labelled by Local (fake-text-1).')).toBeVisible();
  await section.scrollIntoViewIfNeeded();
  await shot(page, 'analytics-settings');

  // Kept: a reload reads it back from the workspace.
  await page.reload();
  const again = page.locator('section.settings-section', { has: page.getByRole('heading', { name: 'Analytics', level: 2 }) });
  await expect(again.getByLabel('Sync every')).toHaveValue('12');
  await expect(again.getByLabel('Sync unit')).toHaveValue('hours');
  await expect(again.getByLabel('Also label comment sentiment with the AI provider')).toBeChecked();

  // The comments list leads with the AI label and keeps the lexicon's beside it.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics', exact: true }).click();
  const comments = page.locator('.analytics-table', { has: page.getByRole('heading', { name: 'Comments, most negative first' }) });
  await expect(comments.getByRole('row').nth(1)).toContainText('AI: negative (0.9) · lexicon: negative');
  await expect(comments.getByRole('row', { name: /Is the job part time/ })).toContainText('AI: neutral (0.9) · lexicon: neutral');
  await comments.scrollIntoViewIfNeeded();
  await shot(page, 'analytics-ai-sentiment-comments');
});
