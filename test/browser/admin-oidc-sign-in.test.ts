import type { Browser } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import {
  startStackWithProvider,
  suitePeople,
  type TestIdentityProvider,
} from '../helpers/identity-provider.js';
import { EXPECTED_STATUS_ERRORS } from '../helpers/oversight-browser.js';
import type { Stack } from '../helpers/stack.js';

/**
 * Signing in through the identity provider in headless Chromium: the sign-in page's button, the
 * local provider's own page, and the dashboard with the role the person's groups give.
 */
describe('dashboard sign-in through the identity provider, in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let idp: TestIdentityProvider;
  let session: BrowserSession | undefined;
  const people = suitePeople((email) => `browser pw of ${email}`);
  const person = (prefix: string) => people.find((p) => p.email.startsWith(prefix))!;

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ stack, idp } = await startStackWithProvider(people, { worker: false }));
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

  it('an ADMIN of the provider steps up there from the dashboard, then the action goes through', async () => {
    const ada = person('ada.admin');
    session = await openPage(browser);
    const { page } = session;
    const signInAtProvider = async () => {
      await page.getByTestId('idp-sign-in').waitFor();
      await page.getByLabel('Email').fill(ada.email);
      await page.getByLabel('Password').fill(ada.password);
      await page.getByTestId('idp-sign-in').click();
    };
    const app = await stack.registerApp();
    const rotate = async () => {
      await page.goto(`${stack.apiUrl}/admin/apps/${app.app.id}`);
      await page.getByTestId('grace-hours-TEST').fill('2');
      await page.getByTestId('rotate-TEST').click();
    };
    await page.goto(`${stack.apiUrl}/admin/apps`);
    await page.getByTestId('sign-in-oidc').click();
    await signInAtProvider();
    await page.waitForURL((url) => url.origin === stack.apiUrl && url.pathname === '/admin/apps');
    // The sign-in's own step-up is over.
    await stack.em().execute(
      `update operator_sessions s set step_up_at = now() - interval '6 minutes'
          from operators o where o.id = s.operator_id and o.email = ?`,
      [ada.email],
    );

    await rotate();
    // No password to type here: only the provider can confirm it is her.
    await page.getByTestId('step-up').waitFor();
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    await page.getByTestId('step-up-oidc').click();
    // The provider asks again, though it remembers her sign-in.
    await signInAtProvider();
    await page.waitForURL(
      (url) => url.origin === stack.apiUrl && url.pathname === `/admin/apps/${app.app.id}`,
    );

    await rotate();
    await page.getByTestId('grace-note').waitFor();
    const [row] = await stack
      .em()
      .execute<Array<{ n: string }>>(
        "select count(*) as n from audit_log where action = 'operator.step_up' and actor_label = ?",
        [ada.email],
      );
    expect(Number(row!.n)).toBe(1);
  });
});
