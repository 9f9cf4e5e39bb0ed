// A user takes a backup, sees it listed with what it holds, restores it, reads the security log
// filtered to restores, then deletes the workspace by typing its name and sees the proof.
import path from 'node:path';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { SCREENSHOTS, startApp, type StartedApp, shot, navLink } from './app';

let app: StartedApp;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  app = await startApp();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
test.afterAll(async () => {
  await app?.stop();
});


test('back up, preview, restore, read the security log, delete with typed confirmation and see the proof', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(app.url);
  await page.getByLabel('Workspace name').fill('Acme Coffee');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await navLink(page, 'Settings').click();

  const backups = page.getByRole('region', { name: 'Backups' });
  await expect(backups).toBeVisible();
  await expect(backups.getByText('Media files are not part of a backup', { exact: false })).toBeVisible();
  // The scheduler took the first automatic backup when the workspace appeared.
  await expect(backups.getByRole('cell', { name: 'Automatic' })).toBeVisible({ timeout: 30_000 });

  await backups.getByRole('button', { name: 'Back up now' }).click();
  await expect(backups.getByText(/^Backup taken: 0 posts · 0 accounts · 0 media items\.$/)).toBeVisible();
  const manual = backups.getByRole('row').filter({ hasText: 'Taken by hand' });
  await expect(manual).toContainText('0 posts · 0 accounts · 0 media items');
  await expect(manual).toContainText(/\d+ KB/);
  await backups.scrollIntoViewIfNeeded();
  await shot(page, 'backups-listed');

  await manual.getByRole('button', { name: /^Restore the backup of/ }).click();
  const confirm = page.getByRole('dialog', { name: 'Restore this backup?' });
  await expect(confirm).toContainText('The current state is backed up first');
  await shot(page, 'backups-restore-confirm');
  await confirm.getByRole('button', { name: 'Restore backup' }).click();
  await expect(backups.getByText(/^Restored the backup of .*The state before it was saved as a backup\.$/)).toBeVisible();
  await expect(backups.getByRole('cell', { name: 'Before a restore' })).toBeVisible();

  // The security log, filtered to restores.
  const log = page.getByRole('region', { name: 'Security log' });
  await log.getByLabel('Kind').selectOption('backup.restored');
  await expect(log.getByRole('row')).toHaveCount(2); // the header and the one restore
  await expect(log.getByRole('cell', { name: /^Backup bk.* restored; the state before was saved as backup/ })).toBeVisible();
  await log.getByLabel('Kind').selectOption('');
  await expect(log.getByRole('cell', { name: 'workspace.created' })).toBeVisible();
  // Every workspace and the app's own events: the server start is the app's.
  await log.getByLabel('Workspace').selectOption({ label: 'All, and the app' });
  await expect(log.getByRole('row').filter({ hasText: 'server.started' }).getByRole('cell', { name: 'App', exact: true })).toBeVisible();
  await log.getByLabel('Workspace').selectOption({ label: '“Acme Coffee”' });
  await log.getByLabel('Kind').selectOption('backup.restored');
  await log.scrollIntoViewIfNeeded();
  await shot(page, 'security-log-filtered');

  // Delete the workspace: the name must be typed; then the check is shown.
  await page.getByRole('button', { name: 'Delete workspace…' }).click();
  const del = page.getByRole('dialog', { name: 'Delete “Acme Coffee”?' });
  await del.getByLabel('Type the workspace name to confirm').fill('acme coffee');
  await expect(del.getByRole('button', { name: 'Delete workspace' })).toBeDisabled();
  await del.getByLabel('Type the workspace name to confirm').fill('Acme Coffee');
  await del.getByRole('button', { name: 'Delete workspace' }).click();
  const proof = page.getByRole('dialog', { name: 'Deleted “Acme Coffee”' });
  await expect(proof).toContainText('No file of it is left in the data folder.');
  await expect(proof).toContainText(/Removed its database, media, 3 backups/);
  await shot(page, 'workspace-deleted-proof');
  await proof.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByLabel('Workspace name')).toBeVisible(); // the welcome page: no workspace left
  expect(fs.readdirSync(path.join(app.dataDir, 'workspaces'))).toEqual([]);
  expect(fs.existsSync(path.join(app.dataDir, 'backups', 'ws'))).toBe(false);
});

test('a damaged database is announced at start, with a restore that repairs it', async ({ page }) => {
  test.setTimeout(150_000);
  const first = await startApp();
  let firstRunning = true;
  let second: StartedApp | undefined;
  try {
    await page.goto(first.url);
    await page.getByLabel('Workspace name').fill('Globex');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await navLink(page, 'Settings').click();
    const backups = page.getByRole('region', { name: 'Backups' });
    await backups.getByRole('button', { name: 'Back up now' }).click();
    await expect(backups.getByText(/^Backup taken/)).toBeVisible();
    await first.stop();
    firstRunning = false;

    // While PromoGPT is stopped the file takes damage: bytes flipped in the middle of a table.
    const [id] = fs.readdirSync(path.join(first.dataDir, 'workspaces'));
    const file = path.join(first.dataDir, 'workspaces', id as string, 'workspace.db');
    const db = new Database(file);
    db.exec('CREATE TABLE filler (body TEXT)');
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    for (let i = 0; i < 1500; i++) insert.run('x'.repeat(1000));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = fs.readFileSync(file);
    const at = Math.floor(bytes.length / 4096 / 2) * 4096;
    for (let i = at + 8; i < at + 4096; i += 7) bytes[i] = (bytes[i] as number) ^ 0x5a;
    fs.writeFileSync(file, bytes);

    second = await startApp({ dataDir: first.dataDir });
    await page.goto(second.url);
    await expect(page.getByText(/The database of workspace "Globex" is damaged/).first()).toBeVisible({ timeout: 30_000 });
    await navLink(page, 'Settings').click();
    const alert = page.getByRole('region', { name: 'Backups' }).getByRole('alert');
    await expect(alert).toContainText('This workspace’s database failed its integrity check.');
    await alert.scrollIntoViewIfNeeded();
    await shot(page, 'backups-integrity-alert');

    const repaired = page.getByRole('region', { name: 'Backups' });
    await repaired.getByRole('row').filter({ hasText: 'Taken by hand' }).getByRole('button', { name: /^Restore the backup of/ }).click();
    await page.getByRole('dialog', { name: 'Restore this backup?' }).getByRole('button', { name: 'Restore backup' }).click();
    await expect(repaired.getByText(/^Restored the backup of/)).toBeVisible();
    await expect(repaired.getByRole('alert')).toHaveCount(0);
    const damaged = fs.readdirSync(path.join(first.dataDir, 'backups', id as string, 'damaged'));
    expect(damaged.length).toBeGreaterThan(0); // the damaged file was kept aside, not thrown away
    await shot(page, 'backups-integrity-repaired');
  } finally {
    if (firstRunning) await first.stop();
    await second?.stop();
  }
});
