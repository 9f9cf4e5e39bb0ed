import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { SCREENSHOTS, startApp, type StartedApp, navLink } from './app';

let app: StartedApp;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(async () => {
  await app.stop();
});

const PAGES = ['Compose', 'Calendar', 'Media', 'Studio', 'Analytics', 'Agent', 'Accounts', 'Settings'] as const;

/** The switcher button is described by the open workspace's name. */
async function currentWorkspaceName(page: Page): Promise<string> {
  return (await page.getByRole('button', { name: 'Workspace switcher' }).getAttribute('aria-describedby').then((id) => (id ? page.locator(`[id="${id}"]`).innerText() : ''))).trim();
}

async function switchTo(page: Page, name: string) {
  await page.getByRole('button', { name: 'Workspace switcher' }).click();
  await page.getByRole('menuitemradio', { name }).click();
  await expect.poll(() => currentWorkspaceName(page)).toBe(name);
}

/** Later tests need some workspace; a fresh app (after a retry) has none yet. */
async function openWithAWorkspace(page: Page) {
  await page.goto(app.url);
  const welcome = page.getByRole('heading', { name: 'Create your first workspace' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(welcome.or(nav)).toBeVisible();
  if (await welcome.isVisible()) {
    await page.getByLabel('Workspace name').fill('Initech');
    await page.getByRole('button', { name: 'Create workspace' }).click();
  }
  await expect(nav).toBeVisible();
}


function workspacesOnDisk(dataDir: string) {
  const db = new Database(path.join(dataDir, 'app.db'), { readonly: true });
  const rows = db.prepare('SELECT id, name FROM workspaces ORDER BY created_at').all() as { id: string; name: string }[];
  db.close();
  const folders = fs.readdirSync(path.join(dataDir, 'workspaces')).sort();
  return { rows, folders };
}

test('a user creates, switches, renames and deletes workspaces', async ({ page }) => {
  await page.goto(app.url);
  // The token has been traded for a cookie and is gone from the address bar.
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${app.port}/(#.*)?$`));

  await expect(page.getByRole('heading', { name: 'Create your first workspace' })).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'welcome.png') });
  await page.getByLabel('Workspace name').fill('Acme Coffee');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect.poll(() => currentWorkspaceName(page)).toBe('Acme Coffee');

  // A second workspace from the switcher; a clashing name is refused in the core's words.
  await page.getByRole('button', { name: 'Workspace switcher' }).click();
  await page.getByRole('menuitem', { name: 'New workspace' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Workspace name').fill('acme coffee');
  await dialog.getByRole('button', { name: 'Create workspace' }).click();
  await expect(dialog).toContainText('A workspace named "Acme Coffee" already exists');
  await dialog.getByLabel('Workspace name').fill('Globex');
  await dialog.getByRole('button', { name: 'Create workspace' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => currentWorkspaceName(page)).toBe('Globex');

  await switchTo(page, 'Acme Coffee');
  await switchTo(page, 'Globex');

  // Rename the open workspace in Settings.
  await navLink(page, 'Settings').click();
  const rename = page.getByLabel('Workspace name');
  await rename.fill('Globex Corporation');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect.poll(() => currentWorkspaceName(page)).toBe('Globex Corporation');

  // Delete Acme Coffee: the button stays disabled until the name is typed exactly.
  await switchTo(page, 'Acme Coffee');
  await page.getByRole('button', { name: 'Delete workspace…' }).click();
  const confirm = page.getByRole('dialog');
  const deleteButton = confirm.getByRole('button', { name: 'Delete workspace' });
  await confirm.getByLabel('Type the workspace name to confirm').fill('acme coffee');
  await expect(deleteButton).toBeDisabled();
  await confirm.getByLabel('Type the workspace name to confirm').fill('Acme Coffee');
  await deleteButton.click();
  // The deletion check is shown next; Done closes it.
  const proof = page.getByRole('dialog', { name: 'Deleted “Acme Coffee”' });
  await expect(proof).toContainText('No file of it is left in the data folder.');
  await proof.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect.poll(() => currentWorkspaceName(page)).toBe('Globex Corporation');

  // The data folder agrees with what the user saw.
  const { rows, folders } = workspacesOnDisk(app.dataDir);
  expect(rows.map((r) => r.name)).toEqual(['Globex Corporation']);
  expect(folders).toEqual([rows[0]?.id]);
  expect(fs.existsSync(path.join(app.dataDir, 'workspaces', folders[0] as string, 'workspace.db'))).toBe(true);

  // After a reload the same workspace and page are still open.
  await page.reload();
  await expect.poll(() => currentWorkspaceName(page)).toBe('Globex Corporation');
});

test('every main page, in light and dark', async ({ page }) => {
  await openWithAWorkspace(page);
  for (const theme of ['Light', 'Dark'] as const) {
    await navLink(page, 'Settings').click();
    await page.getByRole('radio', { name: theme }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
    for (const name of PAGES) {
      await navLink(page, name).click();
      await expect(navLink(page, name)).toHaveAttribute('aria-current', 'page');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name.toLowerCase()}-${theme.toLowerCase()}.png`) });
    }
  }
});

test('the system check reports each dependency', async ({ page }) => {
  await openWithAWorkspace(page);
  await navLink(page, 'Settings').click();
  await page.getByRole('button', { name: /Run system check/ }).click();
  for (const label of ['Node.js', 'SQLite (better-sqlite3)', 'Data folder', 'OS keychain', 'ffmpeg', 'ffprobe', 'Electron (desktop window)']) {
    await expect(page.getByText(label, { exact: true })).toBeVisible({ timeout: 20_000 });
  }
});

test('without the token, the app is not served', async ({ browser }) => {
  const stranger = await browser.newContext();
  const page = await stranger.newPage();
  const response = await page.goto(`http://127.0.0.1:${app.port}/`);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('PromoGPT needs its access token');
  await stranger.close();
});
