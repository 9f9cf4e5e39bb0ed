import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startBlueskyNetwork, type BlueskyTestNetwork, type TestAccount } from '../fakes/bluesky-pds';
import { SCREENSHOTS, startApp, type StartedApp } from './app';

let app: StartedApp;
let pds: BlueskyTestNetwork;
let alice: TestAccount;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  [app, pds] = await Promise.all([startApp(), startBlueskyNetwork()]);
  alice = await pds.createAccount('alice');
});
test.afterAll(async () => {
  await app?.stop();
  await pds?.close();
});

test('a user connects a Bluesky account from the Accounts page and sees its health', async ({ page }) => {
  await page.goto(app.url);
  await page.getByLabel('Workspace name').fill('Acme Coffee');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts', exact: true }).click();

  await page.getByRole('radio', { name: 'Bluesky' }).check();
  await page.getByLabel('Server').fill(pds.pdsUrl);
  await page.getByLabel('Handle or email').fill(alice.handle);

  // A wrong app password is refused in words, and the field is cleared.
  await page.getByLabel('App password').fill('wrong-wrong-wrong-wrong');
  await page.getByRole('button', { name: 'Connect Bluesky' }).click();
  await expect(page.getByText(/did not accept that handle and app password/)).toBeVisible();
  await expect(page.getByLabel('App password')).toHaveValue('');

  await page.getByLabel('App password').fill(alice.appPassword);
  await page.getByRole('button', { name: 'Connect Bluesky' }).click();
  const row = page.getByRole('list', { name: 'Connected accounts' }).getByRole('listitem', { name: alice.handle });
  await expect(row).toBeVisible();
  await expect(row.getByRole('img', { name: 'OK' })).toBeVisible();
  await expect(row).toContainText('Connected');
  await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'accounts-connected.png') });

  await row.getByRole('button', { name: 'Check now' }).click();
  await expect(row).toContainText('Connected');

  // Disconnect keeps the history: the account stays, marked disconnected.
  await row.getByRole('button', { name: 'Disconnect…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Disconnect' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByRole('img', { name: 'Off' })).toBeVisible();
  await expect(row).toContainText('Disconnected');
  await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'accounts-disconnected.png') });
});
