import type { Browser } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import {
  freePort,
  oidcSettings,
  startTestIdentityProvider,
  suitePeople,
} from '../helpers/identity-provider.js';
import { EXPECTED_STATUS_ERRORS } from '../helpers/oversight-browser.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * Signing in through the identity provider in headless Chromium: the sign-in page's button, the
 * local provider's own page, and the dashboard with the role the person's groups give.
 */
describe('dashboard sign-in through the identity provider, in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let idp: Awaited<ReturnType<typeof startTestIdentityProvider>>;
  let session: BrowserSession | undefined;
  const people = suitePeople((email) => `browser pw of ${email}`);
  const person = (prefix: string) => people.find((p) => p.email.startsWith(prefix))!;

  beforeAll(async () => {
    browser = await launchBrowser();
    const port = await freePort();
    stack = await startStack({ worker: false, configOverrides: oidcSettings(port) });
    idp = await startTestIdentityProvider({
      port,
      redirectUris: [`${stack.apiUrl}/admin/oidc/callback`],
      people,
    });
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await idp?.close();
    await stack?.close();
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  for (const [prefix, role, path, heading] of [
    ['ada.admin', 'ADMIN', '/admin/operators', 'Operators'],
    ['fay.finance', 'FINANCE', '/admin/refunds', 'Refunds'],
  ] as const) {
    it(`${prefix} signs in with the provider and lands where they were going, as ${role}`, async () => {
      const who = person(prefix);
      session = await openPage(browser);
      const { page } = session;
      await page.goto(`${stack.apiUrl}${path}`);
      await page.waitForURL((url) => url.pathname === '/admin/login');
      await page.getByTestId('sign-in-oidc').click();
      // The provider's own page: wrong password first, then the right one.
      await page.getByTestId('idp-sign-in').waitFor();
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByTestId('idp-sign-in').click();
      await page.getByTestId('idp-error').waitFor();
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password').fill(who.password);
      await page.getByTestId('idp-sign-in').click();

      await page.waitForURL((url) => url.origin === stack.apiUrl && url.pathname === path);
      expect(await page.locator('h1').first().innerText()).toContain(heading);
      expect(await page.getByTestId('operator').innerText()).toBe(`${who.email} · ${role}`);
      const cookie = (await session.context.cookies()).find((c) => c.name === 'oi_admin_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      expect(
        session.problems.filter(
          (p) => !EXPECTED_STATUS_ERRORS.test(p) && !p.includes(':' + new URL(idp.issuer).port),
        ),
      ).toEqual([]);
    });
  }
});
