// A user writes one post for a Bluesky account (a real PDS) and a Mastodon account (the fake
// instance), fixes what Bluesky refuses, schedules it, drags it in the calendar, moves it to the
// next minute and watches the app's own scheduler publish it to both, with a live link for each.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { Post } from '../../src-shared/domain';
import { addDays, utcToZoned, zonedToUtc } from '../../src-shared/schedule/zoned-time';
import { startBlueskyNetwork, type BlueskyTestNetwork, type TestAccount } from '../fakes/bluesky-pds';
import { startMastodonFake, type FakeAccount, type MastodonFake } from '../fakes/mastodon/server';
import { SCREENSHOTS, startApp, type StartedApp, navLink } from './app';

// The browser's zone, which Compose and the calendar use; the server runs in the machine's (UTC here).
const ZONE = 'Europe/Berlin';
test.use({ timezoneId: ZONE });

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MAIN_TEXT =
  'Our winter blend is back at Acme Coffee: dark cocoa, roasted hazelnut and a little orange peel. ' +
  'We roast it every Tuesday and Friday in small batches, so every bag you get is at most three days old. ' +
  'Come taste it at the counter this week, bring a friend, and tell us what you think of it. ' +
  'Beans, ground coffee and gift boxes are in the shop now.';
const BLUESKY_TEXT = 'Our winter blend is back at Acme Coffee: dark cocoa, roasted hazelnut and orange peel. Roasted twice a week. Taste it at the counter!';

let app: StartedApp;
let pds: BlueskyTestNetwork;
let mastodon: MastodonFake;
let alice: TestAccount;
let bob: FakeAccount;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [app, pds, mastodon] = await Promise.all([startApp(), startBlueskyNetwork(), startMastodonFake()]);
  alice = await pds.createAccount('alice');
  bob = mastodon.addAccount({ username: 'bob', displayName: 'Bob at Acme' });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
test.afterAll(async () => {
  await app?.stop();
  await pds?.close();
  await mastodon?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

/** The same post as the CLI sees it, from the same data folder (it reads; the server's scheduler writes). */
function cli<T>(...args: string[]): T {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'main', 'cli.js'), '--data-dir', app.dataDir, '--json', ...args], { encoding: 'utf8', timeout: 20_000 });
  return JSON.parse(out) as T;
}

/** Steps the calendar forward until `target` shows (at most `max` steps). */
async function stepUntilVisible(page: Page, next: string, target: Locator, max = 2) {
  // Each view loads its posts after it shows: give it time before deciding the entry is not there.
  const shows = () => target.first().waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
  for (let i = 0; i < max && !(await shows()); i++) await page.getByRole('button', { name: next }).click();
  await expect(target.first()).toBeVisible();
}

test('compose for two accounts, fix what Bluesky refuses, schedule, drag in the calendar, and see it published', async ({ page }) => {
  test.setTimeout(150_000);
  const mastodonHandle = `@bob@${new URL(mastodon.url).host}`;

  // --- A workspace and two accounts, connected the way a user does it.
  await page.goto(app.url);
  await page.getByLabel('Workspace name').fill('Acme Coffee');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await navLink(page, 'Accounts').click();

  await page.getByRole('radio', { name: 'Bluesky' }).check();
  await page.getByLabel('Server').fill(pds.pdsUrl);
  await page.getByLabel('Handle or email').fill(alice.handle);
  await page.getByLabel('App password').fill(alice.appPassword);
  await page.getByRole('button', { name: 'Connect Bluesky' }).click();
  const connected = page.getByRole('list', { name: 'Connected accounts' });
  await expect(connected.getByRole('listitem', { name: alice.handle })).toBeVisible();

  // Mastodon signs in on the instance's own page, in a new tab; the fake approves at once.
  await page.getByRole('radio', { name: 'Mastodon' }).check();
  await page.getByLabel('Instance address').fill(mastodon.url);
  const signInTab = page.context().waitForEvent('page');
  await page.getByRole('button', { name: 'Continue in browser' }).click();
  const tab = await signInTab;
  await expect(tab.getByText('You can close this tab')).toBeVisible();
  await tab.close();
  await expect(connected.getByRole('listitem', { name: mastodonHandle })).toBeVisible();

  // --- Compose: both accounts, a text too long for Bluesky.
  await navLink(page, 'Compose').click();
  await page.getByRole('checkbox', { name: new RegExp(alice.handle.replace('.', '\\.')) }).check();
  await page.getByRole('checkbox', { name: new RegExp(mastodonHandle.replace(/[.]/g, '\\.')) }).check();
  await page.getByLabel('Text', { exact: true }).fill(MAIN_TEXT);
  const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(MAIN_TEXT)].length;
  expect(graphemes).toBeGreaterThan(300);
  expect(graphemes).toBeLessThan(500);

  const counters = page.getByRole('list', { name: 'Length per network' });
  await expect(counters.getByRole('listitem').filter({ hasText: 'Bluesky' })).toHaveText(`Bluesky ${graphemes} / 300 graphemes`);
  await expect(counters.getByRole('listitem').filter({ hasText: 'Mastodon' })).toContainText(`${graphemes} / 500`);
  const problems = page.getByRole('list', { name: 'Problems to fix' });
  await expect(problems).toHaveText(`Bluesky: ${graphemes} of 300 graphemes`);

  await page.getByRole('radio', { name: 'At a time' }).check();
  const today = utcToZoned(new Date(), ZONE).date;
  const day = addDays(today, 2);
  await page.getByLabel('Date', { exact: true }).fill(day);
  await page.getByLabel('Time', { exact: true }).fill('10:00');
  await expect(page.getByLabel('Time zone')).toHaveValue(ZONE);

  const scheduleButton = page.getByRole('button', { name: 'Schedule', exact: true });
  await expect(scheduleButton).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByRole('list', { name: 'Before you can send' })).toHaveText('Fix the problems listed under the text first.');
  await page.getByRole('heading', { level: 1, name: 'Compose' }).scrollIntoViewIfNeeded();
  await expect(problems).toBeInViewport();
  await shot(page, 'compose-validation');
  // Ctrl+Enter, the composer's shortcut, does not get past the block either.
  await page.getByLabel('Text', { exact: true }).press('Control+Enter');
  await page.waitForTimeout(300);
  await expect(page.getByRole('status').filter({ hasText: 'Scheduled for' })).toHaveCount(0);
  await expect(page.getByLabel('Text', { exact: true })).toHaveValue(MAIN_TEXT);

  // A shorter text for Bluesky only: the problem goes, Mastodon keeps the long one.
  await page.getByRole('tab', { name: 'Bluesky' }).click();
  await page.getByLabel('Text for Bluesky').fill(BLUESKY_TEXT);
  await expect(page.getByRole('tab', { name: /Bluesky · own version/ })).toBeVisible();
  await expect(problems).toBeHidden();
  await expect(page.getByRole('list', { name: 'Before you can send' })).toBeHidden();
  await expect(page.getByRole('article', { name: `Preview for ${alice.handle} on Bluesky` })).toContainText(BLUESKY_TEXT);
  await expect(page.getByRole('article', { name: `Preview for ${mastodonHandle} on Mastodon` })).toContainText(MAIN_TEXT);
  await page.getByRole('heading', { name: 'Preview' }).scrollIntoViewIfNeeded();
  await shot(page, 'compose-preview');

  await scheduleButton.click();
  const confirmation = page.getByRole('status').filter({ hasText: 'Scheduled for' });
  await expect(confirmation).toContainText(`(${ZONE}) to`);
  await expect(confirmation).toContainText(alice.handle);
  await expect(confirmation).toContainText(mastodonHandle);

  const [scheduled] = cli<Post[]>('post', 'list', '--status', 'scheduled');
  expect(scheduled?.targets.map((t) => t.scheduledAt)).toEqual([zonedToUtc({ date: day, time: '10:00', zone: ZONE }), zonedToUtc({ date: day, time: '10:00', zone: ZONE })]);
  const postId = scheduled?.id as string;

  // --- Calendar, month: one entry per account on that day.
  await confirmation.getByRole('link', { name: 'See it in the calendar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Calendar' })).toBeVisible();
  const aliceEntry = page.getByRole('button', { name: new RegExp(`^10:00, Scheduled, ${alice.handle.replace('.', '\\.')} on Bluesky: Our winter blend`) });
  const bobEntry = page.getByRole('button', { name: new RegExp(`^10:00, Scheduled, ${mastodonHandle.replace(/[.]/g, '\\.')} on Mastodon: Our winter blend`) });
  if (day.slice(0, 7) !== today.slice(0, 7)) await page.getByRole('button', { name: 'Next month' }).click();
  await expect(page.locator(`td[data-day="${day}"]`).getByRole('button', { name: /Scheduled/ })).toHaveCount(2);
  await expect(aliceEntry).toBeVisible();
  await expect(bobEntry).toBeVisible();
  await expect(page.getByRole('list', { name: 'Status colours' }).getByRole('listitem').filter({ hasText: 'Scheduled' })).toContainText('2');
  await shot(page, 'calendar-month');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await shot(page, 'calendar-month-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // --- Week: drag the Mastodon entry to the next day (or the one before, at a week's end), an hour later.
  await page.getByRole('button', { name: 'Week', exact: true }).click();
  await page.getByRole('button', { name: 'Today' }).click();
  await stepUntilVisible(page, 'Next week', bobEntry);
  const after = addDays(day, 1);
  const target = (await page.locator(`td[data-slot="${after} 11:00"]`).count()) ? after : addDays(day, -1);
  await shot(page, 'calendar-week');
  await bobEntry.dragTo(page.locator(`td[data-slot="${target} 11:00"]`));
  await expect(page.getByText(/^Moved “Our winter blend/)).toBeVisible();
  // A post moves as a whole: both accounts' entries are in the new slot.
  await expect(page.locator(`td[data-slot="${target} 11:00"]`).getByRole('button', { name: /^11:00, Scheduled/ })).toHaveCount(2);
  const movedTo = zonedToUtc({ date: target, time: '11:00', zone: ZONE });
  const moved = cli<Post>('post', 'show', postId);
  expect(moved.targets.map((t) => [t.handle, t.state, t.scheduledAt])).toEqual(
    expect.arrayContaining([
      [alice.handle, 'queued', movedTo],
      [mastodonHandle, 'queued', movedTo],
    ]),
  );
  expect(moved.scheduledAt).toBe(movedTo);
  await shot(page, 'calendar-week-moved');

  // --- The keyboard's way: M on an entry opens Move; the next whole minute, so the scheduler publishes it soon.
  const movedEntry = page.getByRole('button', { name: new RegExp(`^11:00, Scheduled, ${alice.handle.replace('.', '\\.')}`) });
  await movedEntry.focus();
  await page.keyboard.press('m');
  const dialog = page.getByRole('dialog', { name: 'Move post' });
  await expect(dialog).toContainText('moves for all 2 of its accounts');
  const soon = new Date(Math.ceil((Date.now() + 8_000) / 60_000) * 60_000);
  const local = utcToZoned(soon, ZONE);
  await dialog.getByLabel('Date').fill(local.date);
  await dialog.getByLabel('Time').fill(local.time.slice(0, 5));
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog).toBeHidden();
  const hhmm = local.time.slice(0, 5);

  // --- List: the post on today's date while it waits.
  await page.getByRole('button', { name: 'List', exact: true }).click();
  await page.getByRole('button', { name: 'Today' }).click();
  const list = page.locator('.list-view');
  await expect(list.getByRole('button', { name: new RegExp(`^${hhmm}, (Scheduled|Publishing|Published), `) })).toHaveCount(2);
  await shot(page, 'calendar-list');

  // --- Publishing: the detail follows the post until both accounts show Published with a live link.
  await list.getByRole('button', { name: new RegExp(`^${hhmm}, \\w+, ${mastodonHandle.replace(/[.]/g, '\\.')}`) }).click();
  const detail = page.getByRole('dialog', { name: /^Post for / });
  const aliceTarget = detail.getByRole('listitem', { name: `${alice.handle} on Bluesky` });
  const bobTarget = detail.getByRole('listitem', { name: `${mastodonHandle} on Mastodon` });
  const wait = soon.getTime() - Date.now() + 30_000;
  await expect(aliceTarget).toContainText('Published', { timeout: wait });
  await expect(bobTarget).toContainText('Published', { timeout: 15_000 });

  const bobLink = bobTarget.getByRole('link', { name: /View on Mastodon/ });
  const aliceLink = aliceTarget.getByRole('link', { name: /View on Bluesky/ });
  const bobHref = (await bobLink.getAttribute('href')) as string;
  const aliceHref = (await aliceLink.getAttribute('href')) as string;
  expect(bobHref).toMatch(new RegExp(`^${mastodon.url}/@bob/\\w+$`));
  expect(aliceHref).toMatch(new RegExp(`^https://bsky\\.app/profile/${alice.handle.replace('.', '\\.')}/post/\\w+$`));
  await detail.getByRole('heading', { name: /^Post for / }).scrollIntoViewIfNeeded();
  await shot(page, 'calendar-post-published');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'calendar-post-published-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The peers agree: one status on Mastodon with the long text, one record on the PDS with Bluesky's own.
  expect(mastodon.createdStatuses(bob.id)).toBe(1);
  expect(mastodon.status(bobHref.split('/').pop() as string)?.text).toBe(MAIN_TEXT);
  const rkey = aliceHref.split('/').pop() as string;
  const record = await pds.network.pds.getClient().com.atproto.repo.getRecord({ repo: alice.did, collection: 'app.bsky.feed.post', rkey });
  expect((record.data.value as { text: string }).text).toBe(BLUESKY_TEXT);

  // And the calendar's list shows both as published, with nothing left to move.
  await detail.getByRole('button', { name: 'Close' }).click();
  await expect(list.getByRole('button', { name: new RegExp(`^${hhmm}, Published, `) })).toHaveCount(2);
  const published = cli<Post>('post', 'show', postId);
  expect(published.targets.map((t) => t.state)).toEqual(['published', 'published']);
});
