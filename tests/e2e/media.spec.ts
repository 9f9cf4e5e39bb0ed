// A user uploads a picture and a music file, makes a 9:16 video with motion and music, watches
// the render's progress bar, and plays the result from the library — real upload route, real
// ffmpeg, the app's own scheduler.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SCREENSHOTS, startApp, type StartedApp, shot, navLink } from './app';

let app: StartedApp;
let inputs: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  inputs = fs.mkdtempSync(path.join(os.tmpdir(), 'promogpt-e2e-media-'));
  const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
  ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=1280x960:rate=1', '-frames:v', '1', path.join(inputs, 'beach.png'));
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=220:duration=8', '-c:a', 'libmp3lame', path.join(inputs, 'summer tune.mp3'));
  fs.writeFileSync(path.join(inputs, 'notes.mp4'), 'these are my notes, not a video\n');
  app = await startApp();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
test.afterAll(async () => {
  await app?.stop();
});


test('upload a picture and music, make a 9:16 video with motion and music, watch it render, and play it', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(app.url);
  await page.getByLabel('Workspace name').fill('Acme Coffee');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await navLink(page, 'Media').click();
  await expect(page.getByRole('heading', { name: 'Media', level: 1 })).toBeVisible();

  // --- Upload three files at once: two are kept, the fake video is refused with the reason.
  await page.getByLabel('Files to add to the library').setInputFiles(['beach.png', 'summer tune.mp3', 'notes.mp4'].map((f) => path.join(inputs, f)));
  const library = page.getByRole('list', { name: 'Library' });
  await expect(library.getByRole('button', { name: /^beach\.png, picture/ })).toBeVisible({ timeout: 30_000 });
  await expect(library.getByRole('button', { name: /^summer tune\.mp3, audio/ })).toBeVisible();
  await expect(page.getByText(/notes\.mp4/).first()).toBeVisible();
  await expect(page.getByText(/not a picture, video or audio file/i)).toBeVisible();
  // Thumbnails come through the media route.
  const thumb = library.getByRole('button', { name: /^beach\.png/ }).locator('img');
  await expect(thumb).toHaveJSProperty('complete', true);
  expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await shot(page, 'media-library-uploaded');

  // --- Make a video from the picture, 9:16, zooming, with the music.
  await library.getByRole('button', { name: /^beach\.png/ }).click();
  await page.getByRole('region', { name: 'beach.png' }).getByRole('button', { name: 'Make a video…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Make a video from pictures' });
  await dialog.getByRole('radio', { name: /9:16/ }).check();
  await dialog.getByLabel('Seconds per picture').fill('6');
  await dialog.getByLabel('Motion').selectOption('zoom-in');
  await dialog.getByLabel('Music').selectOption({ label: 'summer tune.mp3' });
  await expect(dialog.getByText('Total length: 6.0 s.')).toBeVisible();
  await shot(page, 'media-make-video');
  await dialog.getByRole('button', { name: 'Make the video' }).click();

  // --- The render shows a real progress bar while it runs, then a link to the new item.
  const renders = page.getByRole('list', { name: 'Renders, newest first' });
  const render = renders.getByRole('listitem').first();
  const bar = render.getByRole('progressbar');
  await expect(bar).toBeVisible();
  await expect
    .poll(async () => Number(await bar.evaluate((p: HTMLProgressElement) => (p.hasAttribute('value') ? p.value : -1))), { timeout: 60_000, intervals: [100] })
    .toBeGreaterThan(0);
  await render.scrollIntoViewIfNeeded();
  await shot(page, 'media-rendering');
  const show = render.getByRole('button', { name: /^Show / });
  await expect(show).toBeVisible({ timeout: 120_000 });
  await show.click();

  // --- The result plays in the library: a 1080×1920 video with sound, made from the two files.
  const detail = page.getByRole('region', { name: /beach-image-to-video\.mp4/ });
  await expect(detail).toBeVisible();
  await expect(detail.getByText('1080 × 1920', { exact: false })).toBeVisible();
  await expect(detail.getByText(/Made from/)).toBeVisible();
  const video = detail.locator('video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  // Software decoding of 1080×1920 on a busy machine is slow: wait until it has visibly played.
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.1);
  const played = await video.evaluate((v: HTMLVideoElement) => {
    v.pause();
    return { duration: v.duration, width: v.videoWidth, height: v.videoHeight };
  });
  expect(played.duration).toBeGreaterThan(5.9);
  expect(played.duration).toBeLessThan(6.1);
  expect([played.width, played.height]).toEqual([1080, 1920]);
  // Seeking asks the route for a byte range: the end of the video loads too.
  await video.evaluate((v: HTMLVideoElement) => (v.currentTime = 5.5));
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(5.4);
  await shot(page, 'media-result');

  // --- A captions file kept with the video, for networks that take one beside it.
  const srt = path.join(inputs, 'beach.en.srt');
  fs.writeFileSync(srt, '1\n00:00:00,500 --> 00:00:02,500\nWelcome to the beach\n\n2\n00:00:03,000 --> 00:00:05,500\nSee you there\n');
  await detail.getByLabel('SRT or WebVTT file').setInputFiles(srt);
  await detail.getByRole('button', { name: 'Add captions' }).click();
  await expect(detail.getByText('en · 2 cues')).toBeVisible();
  await detail.getByText('Captions files').scrollIntoViewIfNeeded();
  await shot(page, 'media-captions-files');
});
