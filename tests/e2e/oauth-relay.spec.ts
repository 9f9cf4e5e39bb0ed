import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';

const RELAY = pathToFileURL(path.resolve(import.meta.dirname, '..', '..', 'resources', 'oauth-relay', 'index.html')).href;

/** Stands in for PromoGPT's loopback listener: records what the relay forwards. */
async function loopbackListener(): Promise<{ port: number; received: Promise<URL>; close(): void }> {
  let resolve!: (u: URL) => void;
  const received = new Promise<URL>((r) => (resolve = r));
  const server = http.createServer((req, res) => {
    resolve(new URL(req.url ?? '/', 'http://127.0.0.1'));
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, received, close: () => server.close() };
}

test('the relay forwards code and state to PromoGPT on 127.0.0.1, and nothing else', async ({ page }) => {
  const listener = await loopbackListener();
  const state = `${listener.port}.abcdefgh12345678`;
  await page.goto(`${RELAY}?code=the-code&state=${state}&access_token=leak&foo=bar`);
  const url = await listener.received;
  expect(url.pathname).toBe('/callback');
  expect(Object.fromEntries(url.searchParams)).toEqual({ code: 'the-code', state });
  listener.close();
});

test('the relay forwards a denial too', async ({ page }) => {
  const listener = await loopbackListener();
  const state = `${listener.port}.abcdefgh12345678`;
  await page.goto(`${RELAY}?error=access_denied&error_description=User+declined&state=${state}`);
  const url = await listener.received;
  expect(Object.fromEntries(url.searchParams)).toEqual({ error: 'access_denied', error_description: 'User declined', state });
  listener.close();
});

for (const state of ['', 'evil', '80.abcdefghij', '99999.abcdefghij', '4567.<script>', '4567.short']) {
  test(`the relay refuses a state that is not PromoGPT's: "${state}"`, async ({ page }) => {
    await page.goto(`${RELAY}?code=x&state=${encodeURIComponent(state)}`);
    await expect(page.getByRole('heading')).toHaveText('This sign-in link is not from PromoGPT');
    expect(page.url().startsWith('file:')).toBe(true);
  });
}
