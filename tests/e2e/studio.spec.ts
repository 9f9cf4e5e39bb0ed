// A user sets up an AI provider (the fake OpenAI-compatible server on this machine) and a brand
// voice, writes platform variants while they stream in, stops one mid-way, sends a text to the
// composer, makes a picture that lands in the media library, and finds both in the history;
// then uploads a picture and a mask and edits the picture with a prompt.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { makeMaskPng, makePng } from '../fakes/openai/media-bytes';
import { startFakeOpenAi, type ChatBody, type FakeOpenAi } from '../fakes/openai/server';
import { SCREENSHOTS, startApp, type StartedApp, shot, navLink } from './app';

let app: StartedApp;
let fake: FakeOpenAi;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  fake = await startFakeOpenAi();
  app = await startApp();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
test.afterAll(async () => {
  await app?.stop();
  await fake?.close();
});


test('configure a provider and brand voice, stream platform variants, send one to the composer, make a picture, find both in history', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(app.url);
  await page.getByLabel('Workspace name').fill('Green Thumb');
  await page.getByRole('button', { name: 'Create workspace' }).click();

  // --- Studio says what it needs first.
  await navLink(page, 'Studio').click();
  await expect(page.getByText('Studio needs an AI provider')).toBeVisible();

  // --- Settings → AI: add the provider, test it, turn on local-only, set the brand voice.
  await page.getByRole('link', { name: 'Settings → AI' }).click();
  const form = page.getByRole('form', { name: 'Add an AI provider' });
  await form.getByLabel('Name').fill('local');
  await form.getByLabel('Base URL').fill(fake.baseUrl);
  await form.getByLabel('Text model').fill('fake-text-1');
  await form.getByLabel('Picture model (optional)').fill('fake-image-1');
  await form.getByLabel('Speech model (optional)').fill('fake-tts-1');
  await form.getByLabel('Video model (optional)').fill('fake-video-1');
  await form.getByRole('button', { name: 'Save provider' }).click();
  const provider = page.getByTestId('ai-provider');
  await expect(provider).toContainText('local · on this computer');
  await provider.getByRole('button', { name: 'Test connection' }).click();
  await expect(provider.getByText(/Connected: 5 model\(s\) listed/)).toBeVisible();
  await page.getByLabel('Local only').check();
  await expect(page.getByLabel('Local only')).toBeChecked();
  const voice = page.getByRole('form', { name: 'Brand voice' });
  await voice.getByLabel('What the brand is').fill('A family plant nursery');
  await voice.getByLabel('How it sounds').fill('Warm, plain words');
  await voice.getByLabel('Banned words').fill('cheap, guaranteed');
  await voice.getByLabel('Default hashtags').fill('gardening #leeds');
  await voice.getByRole('button', { name: 'Save brand voice' }).click();
  // Saved as cleaned up: hashtags get their #.
  await expect(voice.getByLabel('Default hashtags')).toHaveValue('#gardening #leeds');
  await expect(voice.getByText('Saved. The next texts use this voice.')).toBeVisible();
  // The page scrolls inside its own pane: a tall window shows the whole section.
  await page.setViewportSize({ width: 1280, height: 2400 });
  await page.getByRole('region', { name: 'AI' }).screenshot({ path: path.join(SCREENSHOTS, 'studio-settings-ai.png') });
  await page.setViewportSize({ width: 1280, height: 800 });

  // --- Studio: write for all three platforms; the text is visible while it streams.
  await navLink(page, 'Studio').click();
  fake.chunkDelayMs = 80;
  fake.answers.push(
    { content: 'Spring is here at the nursery: come and see the new ferns, herbs and climbing roses this weekend.' },
    { content: 'New ferns, herbs and roses have arrived. Drop by this weekend and say hello!' },
    { content: 'Spring plants are in. Ferns, herbs, roses: see you this weekend.' },
  );
  await page.getByLabel('Brief').fill('Announce the new spring plants');
  // The exact messages, before anything is sent.
  await page.getByText('What the model is sent').click();
  const preview = page.getByTestId('studio-prompt-preview');
  await expect(preview).toHaveCount(3);
  await expect(preview.first()).toContainText('Never use these words: cheap, guaranteed');
  await expect(preview.first()).toContainText('#gardening #leeds');
  await expect(preview.first()).toContainText('Announce the new spring plants');
  expect(fake.requestsTo('/v1/chat/completions')).toHaveLength(0);
  await shot(page, 'studio-prompt-preview');
  await page.getByText('What the model is sent').click();
  await page.getByRole('button', { name: 'Write', exact: true }).click();
  const live = page.getByTestId('studio-live-variant');
  await expect(live.first()).toBeVisible();
  await expect(live.first()).toContainText('Spring is');
  await shot(page, 'studio-streaming');
  const variants = page.getByTestId('studio-variant');
  await expect(variants).toHaveCount(3, { timeout: 30_000 });
  await expect(variants.nth(0)).toContainText('Fits Bluesky.');
  await expect(variants.nth(2)).toContainText('Spring plants are in.');
  const system = (fake.requestsTo('/v1/chat/completions')[0]!.body as ChatBody).messages[0]!.content;
  expect(system).toContain('A family plant nursery');
  expect(system).toContain('Tone: Warm, plain words');
  expect(system).toContain('Never use these words: cheap, guaranteed');
  await shot(page, 'studio-variants');

  // --- Stop one mid-way: the partial text stays.
  fake.answers.push({ content: Array.from({ length: 60 }, (_, i) => `leaf${i}`).join(' ') });
  await page.getByLabel('Mastodon').uncheck();
  await page.getByLabel('X', { exact: true }).uncheck();
  await page.getByLabel('Brief').fill('A long story about leaves');
  await page.getByRole('button', { name: 'Write', exact: true }).click();
  await expect(live.first()).toContainText('leaf3');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByText('Stopped. The text written so far is kept below and in the history.')).toBeVisible();
  await expect(variants.first()).toContainText('leaf0 leaf1 leaf2 leaf3');
  await expect(variants.first()).toContainText('Partial: it stopped before the end.');
  expect(await page.getByLabel('Brief').inputValue()).toBe('A long story about leaves');
  await shot(page, 'studio-stopped');

  // --- A picture, into the media library.
  fake.chunkDelayMs = 0;
  await page.getByLabel('Picture prompt').fill('A fern on a sunny windowsill');
  await page.getByLabel('Size').selectOption('512x512');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  const picture = page.getByTestId('studio-picture');
  await expect(picture).toBeVisible({ timeout: 30_000 });
  await expect(picture).toHaveJSProperty('complete', true);
  expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await shot(page, 'studio-picture');

  // --- History: all three, each can run again.
  const history = page.getByTestId('studio-history-item');
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText('Pictures');
  await expect(history.nth(0)).toContainText('A fern on a sunny windowsill');
  await expect(history.nth(1)).toContainText('Stopped');
  await expect(history.nth(2)).toContainText('Announce the new spring plants');
  await expect(history.nth(2)).toContainText('free');
  const before = fake.requestsTo('/v1/images/generations').length;
  await history.nth(0).getByRole('button', { name: 'Run again' }).click();
  await expect(history).toHaveCount(4);
  await expect(history.nth(0)).toContainText('re-run');
  const images = fake.requestsTo('/v1/images/generations').map((r) => r.body);
  expect(images.length).toBe(before + 1);
  expect(images.at(-1)).toEqual(images[0]);
  await shot(page, 'studio-history');
  // Search: in what was asked or written, over the whole history.
  await page.getByLabel('Search the history').fill('windowsill');
  await expect(history).toHaveCount(2);
  await page.getByLabel('Search the history').fill('no such words');
  await expect(page.getByText('Nothing matches "no such words".')).toBeVisible();
  await page.getByLabel('Search the history').fill('');
  await expect(history).toHaveCount(4);
  // Compare the picture and its re-run side by side: same parameters, different ids.
  await history.nth(0).getByLabel('Compare').check();
  await history.nth(1).getByLabel('Compare').check();
  const compare = page.getByRole('region', { name: 'Compare two runs' });
  await expect(compare).toBeVisible();
  await expect(compare.getByRole('row', { name: /^Parameters/ })).not.toContainText('(differs)');
  await expect(compare.getByRole('row', { name: /^When/ })).toContainText('(differs)');
  await expect(compare.getByRole('row', { name: /^Provider and model/ })).toContainText('fake-image-1');
  await shot(page, 'studio-compare');
  await compare.getByRole('button', { name: 'Close' }).click();
  await expect(compare).toHaveCount(0);
  // Change and run: the text entry's brief and platforms fill the form, to edit before writing.
  await page.getByLabel('Brief').fill('');
  await history.nth(3).getByRole('button', { name: 'Change and run…' }).click();
  await expect(page.getByLabel('Brief')).toHaveValue('Announce the new spring plants');
  await expect(page.getByLabel('X', { exact: true })).toBeChecked();

  // --- A voiceover, into the library as audio.
  await page.getByLabel('Text to speak').fill('Spring plants are in. See you this weekend.');
  await page.getByRole('button', { name: 'Make voiceover' }).click();
  await expect(page.locator('audio')).toBeVisible({ timeout: 30_000 });
  await expect(history).toHaveCount(5);
  await expect(history.nth(0)).toContainText('Speech');
  expect(fake.requestsTo('/v1/audio/speech')[0]!.body).toMatchObject({ model: 'fake-tts-1', voice: 'alloy', input: 'Spring plants are in. See you this weekend.' });

  // --- A video: made in the background by a job that polls the provider, with its progress shown.
  await page.getByLabel('Video prompt').fill('Ferns swaying by a window');
  await page.getByRole('button', { name: 'Make video' }).click();
  await expect(page.getByRole('progressbar', { name: 'Video progress' })).toBeVisible();
  await shot(page, 'studio-video-progress');
  await expect(page.getByText('Done: saved in the')).toBeVisible({ timeout: 60_000 });
  await expect(history).toHaveCount(6);
  await expect(history.nth(0)).toContainText('Video');
  expect(fake.requestsTo('/v1/videos')[0]!.body).toMatchObject({ model: 'fake-video-1', prompt: 'Ferns swaying by a window', seconds: '4' });

  // --- The picture is in the media library.
  await navLink(page, 'Media').click();
  const library = page.getByRole('list', { name: 'Library' });
  await expect(library.getByRole('button', { name: /^ai-a-fern-on-a-sunny-windowsill\.png, picture/ }).first()).toBeVisible();
  await shot(page, 'studio-media-library');

  // --- Edit an uploaded picture with a prompt and a mask: the result lands in the library, made from both.
  const editDir = fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-e2e-edit-'));
  fs.writeFileSync(path.join(editDir, 'pot.png'), makePng(256, 256, 11));
  fs.writeFileSync(path.join(editDir, 'pot-mask.png'), makeMaskPng(256, 256));
  await page.getByLabel('Files to add to the library').setInputFiles(['pot.png', 'pot-mask.png'].map((f) => path.join(editDir, f)));
  await expect(library.getByRole('button', { name: /^pot-mask\.png, picture/ })).toBeVisible({ timeout: 30_000 });
  await navLink(page, 'Studio').click();
  await page.getByRole('radio', { name: 'An edit of a library picture' }).check();
  await page.getByLabel('Picture to edit').selectOption({ label: 'pot.png (256 × 256)' });
  await page.getByLabel('Mask (optional)').selectOption({ label: 'pot-mask.png' });
  await page.getByLabel('What to change').fill('Put a red watering can next to the pot');
  await expect(page.getByTestId('studio-edit-source')).toHaveJSProperty('complete', true);
  await expect(page.getByAltText('The mask: transparent parts are redrawn')).toHaveJSProperty('complete', true);
  await page.getByRole('region', { name: 'Pictures' }).screenshot({ path: path.join(SCREENSHOTS, 'studio-edit-form.png') });
  await page.getByRole('button', { name: 'Edit picture' }).click();
  const edited = page.getByTestId('studio-picture');
  await expect(edited).toHaveAttribute('alt', 'Made from: Put a red watering can next to the pot', { timeout: 30_000 });
  await expect(edited).toHaveJSProperty('complete', true);
  expect(await edited.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(history.nth(0)).toContainText('Picture edit');
  const [editSent] = fake.requestsTo('/v1/images/edits').map((r) => r.body as Record<string, unknown>);
  expect(editSent).toMatchObject({ model: 'fake-image-1', prompt: 'Put a red watering can next to the pot', n: '1', image: { file: 'pot.png', type: 'image/png' }, mask: { file: 'pot-mask.png', type: 'image/png' } });
  expect(editSent).not.toHaveProperty('size');
  await page.getByRole('region', { name: 'Pictures' }).screenshot({ path: path.join(SCREENSHOTS, 'studio-edit-result.png') });
  await navLink(page, 'Media').click();
  await library.getByRole('button', { name: /^ai-edit-put-a-red-watering-can-next-to-the-pot\.png, picture/ }).click();
  const editedDetail = page.getByRole('region', { name: 'ai-edit-put-a-red-watering-can-next-to-the-pot.png' });
  await expect(editedDetail.locator('.media-lineage')).toHaveText(
    'Made from: pot.png, pot-mask.png by an AI edit (local, fake-image-1, where the mask is transparent) with the prompt “Put a red watering can next to the pot”.',
  );
  await editedDetail.locator('.media-lineage').scrollIntoViewIfNeeded();
  await editedDetail.screenshot({ path: path.join(SCREENSHOTS, 'studio-edit-in-library.png') });

  // --- Send the first text to the composer.
  await navLink(page, 'Studio').click();
  await page.getByLabel('Brief').fill('Short one');
  await page.getByLabel('Mastodon').uncheck();
  await page.getByLabel('X', { exact: true }).uncheck();
  fake.answers.push({ content: 'Ferns are back in stock.' });
  await page.getByRole('button', { name: 'Write', exact: true }).click();
  await expect(variants).toHaveCount(1);
  await variants.first().getByRole('button', { name: 'Send to composer' }).click();
  await expect(page.getByRole('heading', { name: 'Compose', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Text', { exact: true })).toHaveValue('Ferns are back in stock.');
  await shot(page, 'studio-sent-to-composer');

  // --- Text actions on a variant: a shorter rewrite, then a thread sent to the composer as one draft.
  await navLink(page, 'Studio').click();
  await page.getByLabel('Brief').fill('Ferns again');
  await page.getByLabel('Mastodon').uncheck();
  await page.getByLabel('X', { exact: true }).uncheck();
  fake.answers.push({ content: 'Ferns are back. Herbs too. Come and see them this weekend.' });
  await page.getByRole('button', { name: 'Write', exact: true }).click();
  await expect(variants).toHaveCount(1);
  fake.answers.push({ content: 'Ferns and herbs are back.' });
  await variants.first().getByRole('button', { name: 'Shorter' }).click();
  await expect(variants.first()).toContainText('Ferns and herbs are back.');
  expect((fake.requestsTo('/v1/chat/completions').at(-1)!.body as ChatBody).messages[0]!.content).toContain('Make it noticeably shorter');
  fake.answers.push({ content: '["Ferns and herbs", "are back."]' });
  await variants.first().getByRole('button', { name: 'Make a thread' }).click();
  await expect(variants).toHaveCount(2);
  await expect(variants.nth(1)).toContainText('part 2 of 2');
  // The model broke mid-sentence: the first part says so.
  await expect(variants.first()).toContainText('Part 1 stops mid-sentence');
  await shot(page, 'studio-thread');
  await page.getByRole('button', { name: /Send thread to composer/ }).click();
  await expect(page.getByLabel('Text', { exact: true })).toHaveValue('Ferns and herbs');
  await expect.poll(() => page.$$eval('textarea', (els) => els.map((e) => (e as HTMLTextAreaElement).value))).toContain('are back.');
});
