// A user exports a workspace (with a big audio file, so the progress bar shows), deletes the
// workspace, imports the file in another one and finds everything back — real server, real files.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SCREENSHOTS, startApp, type StartedApp, shot, navLink } from './app';

let app: StartedApp;
let inputs: string;
const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'promogpt.js');

test.beforeAll(async () => {
  test.setTimeout(180_000);
  inputs = fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-e2e-data-'));
  const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
  ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=1', '-frames:v', '1', path.join(inputs, 'beach.png'));
  // About 300 MB of audio: big enough that the export takes a few seconds.
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=220:duration=820:sample_rate=96000', '-ac', '2', path.join(inputs, 'long interview.wav'));
  app = await startApp();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
test.afterAll(async () => {
  await app?.stop();
  fs.rmSync(inputs, { recursive: true, force: true });
});


async function currentWorkspaceName(page: Page): Promise<string> {
  const id = await page.getByRole('button', { name: 'Workspace switcher' }).getAttribute('aria-describedby');
  return id ? (await page.locator(`[id="${id}"]`).innerText()).trim() : '';
}

async function switchTo(page: Page, name: string) {
  await page.getByRole('button', { name: 'Workspace switcher' }).click();
  await page.getByRole('menuitemradio', { name }).click();
  await expect.poll(() => currentWorkspaceName(page)).toBe(name);
}

test('export a workspace with a progress bar, delete it, import the file and see everything back', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(app.url);
  await page.getByLabel('Workspace name').fill('Acme Coffee');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect.poll(() => currentWorkspaceName(page)).toBe('Acme Coffee');

  // Media: a picture uploaded in the app, and the big audio file added with the CLI beside it.
  await navLink(page, 'Media').click();
  await page.getByLabel('Files to add to the library').setInputFiles([path.join(inputs, 'beach.png')]);
  const library = page.getByRole('list', { name: 'Library' });
  await expect(library.getByRole('button', { name: /^beach\.png, picture/ })).toBeVisible({ timeout: 30_000 });
  const wsId = (JSON.parse(execFileSync(process.execPath, [BIN, '--data-dir', app.dataDir, '--json', 'workspace', 'list'], { encoding: 'utf8' })) as { id: string }[])[0]!.id;
  execFileSync(process.execPath, [BIN, '--data-dir', app.dataDir, 'media', 'add', '--workspace', wsId, path.join(inputs, 'long interview.wav')], { timeout: 120_000 });
  await page.reload();
  await expect(library.getByRole('button', { name: /^long interview\.wav, audio/ })).toBeVisible({ timeout: 30_000 });

  // --- Export, encrypted, with the progress bar.
  await navLink(page, 'Settings').click();
  const exportForm = page.getByRole('form', { name: 'Export this workspace' });
  const out = path.join(inputs, 'acme.promogpt');
  await exportForm.getByLabel('Save to file').fill(out);
  await exportForm.getByLabel('Encrypt with a passphrase').check();
  await exportForm.getByLabel('Passphrase', { exact: true }).fill('blue coffee morning');
  await exportForm.getByLabel('Passphrase again').fill('blue coffee mornin');
  await exportForm.getByRole('button', { name: 'Export' }).click();
  await expect(exportForm.getByText('The two passphrases differ.')).toBeVisible();
  await exportForm.getByLabel('Passphrase again').fill('blue coffee morning');
  await exportForm.getByRole('button', { name: 'Export' }).click();
  const bar = exportForm.getByRole('progressbar', { name: 'Exporting' });
  await expect(bar).toBeVisible();
  await expect(exportForm.getByText(/MB of \d+ MB/)).toBeVisible();
  await exportForm.scrollIntoViewIfNeeded();
  await shot(page, 'your-data-export-progress');
  await expect(exportForm.getByText(/^Exported to/)).toBeVisible({ timeout: 120_000 });
  await expect(exportForm.getByText(/encrypted\)/)).toBeVisible();
  expect(fs.statSync(out).size).toBeGreaterThan(250 * 1024 * 1024);
  await shot(page, 'your-data-exported');

  // --- Delete Acme Coffee (after making a second workspace to stay in).
  await page.getByRole('button', { name: 'Workspace switcher' }).click();
  await page.getByRole('menuitem', { name: 'New workspace' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Workspace name').fill('Globex');
  await dialog.getByRole('button', { name: 'Create workspace' }).click();
  await expect(dialog).toBeHidden();
  await switchTo(page, 'Acme Coffee');
  await navLink(page, 'Settings').click();
  await page.getByRole('button', { name: 'Delete workspace…' }).click();
  const confirm = page.getByRole('dialog');
  await confirm.getByLabel('Type the workspace name to confirm').fill('Acme Coffee');
  await confirm.getByRole('button', { name: 'Delete workspace' }).click();
  // The deletion check comes next; Done closes it.
  const proof = page.getByRole('dialog', { name: 'Deleted “Acme Coffee”' });
  await expect(proof.getByText('nothing of this workspace remains', { exact: false })).toBeVisible();
  await proof.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect.poll(() => currentWorkspaceName(page)).toBe('Globex');

  // --- Import: a wrong passphrase is refused in plain words, then the right one brings it back.
  await navLink(page, 'Settings').click();
  const importForm = page.getByRole('form', { name: 'Import an export file' });
  await importForm.getByLabel('Export file').fill(out);
  await importForm.getByLabel('Passphrase (if the file is encrypted)').fill('green tea evening');
  await importForm.getByRole('button', { name: 'Import' }).click();
  await expect(importForm.getByText('The passphrase is wrong: this export was encrypted with another one. Nothing was imported.')).toBeVisible({ timeout: 30_000 });
  await shot(page, 'your-data-wrong-passphrase');
  await importForm.getByLabel('Passphrase (if the file is encrypted)').fill('blue coffee morning');
  await importForm.getByRole('button', { name: 'Import' }).click();
  await expect(importForm.getByText('Imported as workspace “Acme Coffee”.')).toBeVisible({ timeout: 120_000 });
  await shot(page, 'your-data-imported');

  // Everything is back: the workspace, its picture and its audio, playable thumbnails included.
  await switchTo(page, 'Acme Coffee');
  await navLink(page, 'Media').click();
  await expect(library.getByRole('button', { name: /^beach\.png, picture/ })).toBeVisible();
  await expect(library.getByRole('button', { name: /^long interview\.wav, audio/ })).toBeVisible();
  const thumb = library.getByRole('button', { name: /^beach\.png/ }).locator('img');
  await expect(thumb).toHaveJSProperty('complete', true);
  expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await shot(page, 'your-data-media-back');

  // CSV of the media table for a spreadsheet.
  await navLink(page, 'Settings').click();
  const csv = page.getByRole('form', { name: 'Save as CSV' });
  await csv.getByLabel('Table').selectOption('media_items');
  await csv.getByLabel('Save CSV to file').fill(path.join(inputs, 'media.csv'));
  await csv.getByRole('button', { name: 'Save CSV' }).click();
  await expect(csv.getByText(/^Saved 2 rows to/)).toBeVisible();
  expect(fs.readFileSync(path.join(inputs, 'media.csv'), 'utf8')).toContain('long interview.wav');
});
