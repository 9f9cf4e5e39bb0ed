// A user signs in through a real OAuth 2.0 server's own pages in Chromium, and the engine's
// loopback listener receives the redirect: the whole RFC 8252 round trip as a browser does it.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startAuthorization } from '../../src-main/core/oauth/authorize';
import { systemClock } from '../../src-main/core/platform/clock';
import { PUBLIC_CLIENT_ID, startOAuthServer, type OAuthServer } from '../fakes/oauth-server';
import { SCREENSHOTS } from './app';

let server: OAuthServer;
test.beforeAll(async () => {
  server = await startOAuthServer({ interactions: 'dev' });
});
test.afterAll(async () => {
  await server?.stop();
});

test('a user signs in at the platform and lands on the "close this tab" page', async ({ page }) => {
  const attempt = await startAuthorization({
    authorizationEndpoint: server.authorizationEndpoint,
    tokenEndpoint: server.tokenEndpoint,
    clientId: PUBLIC_CLIENT_ID,
    providerName: 'Test Platform',
    scopes: ['openid', 'offline_access', 'posts.write'],
    redirect: { port: 0 },
    clock: systemClock,
    timeoutMs: 50_000,
  });
  try {
    await page.goto(attempt.url);

    // oidc-provider's development login page: any login and password are accepted.
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();

    // Its consent page, which lists the scope being asked for.
    await expect(page.getByRole('heading', { name: 'Authorize' })).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: /^posts\.write$/ })).toBeVisible();
    await page.getByRole('button', { name: 'Continue' }).click();

    const tokens = await attempt.wait();
    expect(tokens.accessToken.length).toBeGreaterThan(20);
    expect(tokens.refreshToken?.length).toBeGreaterThan(20);
    expect(server.tokenRequests.authorization_code).toBe(1);

    await expect(page).toHaveURL(new RegExp(`^${attempt.redirectUri.replace(/[.]/g, '\\.')}\\?`));
    await expect(page.getByRole('heading', { name: 'Signed in' })).toBeVisible();
    await expect(page.getByText('You can close this tab and return to PromoGPT.')).toBeVisible();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'oauth-done.png') });
  } finally {
    attempt.cancel();
  }
});
