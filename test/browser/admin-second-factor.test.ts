import { generate } from 'otplib';
import type { Browser } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { EXPECTED_STATUS_ERRORS } from '../helpers/oversight-browser.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * The second factor in headless Chromium, as a deployment runs it (required for ADMIN): enrolment
 * from the QR page, two-step sign-in, and step-up with a code. The codes are computed with otplib
 * from the secret the page shows, as an authenticator app would; the service's clock is the test's.
 */
describe('dashboard second factor in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let session: BrowserSession | undefined;
  let current = new Date();
  const advance = (ms: number) => {
    current = new Date(current.getTime() + ms);
  };
  const codeNow = (secret: string) => generate({ secret, epoch: Math.floor(current.getTime() / 1000) });

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({
      worker: false,
      clock: () => current,
      configOverrides: { OPERATOR_SECOND_FACTOR: 'required-for-money-roles' },
    });
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await stack?.close();
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  // A wrong enrolment code answers 400, which Chromium logs like the 401 and 403 pages.
  const problems = () =>
    session!.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p) && !/status of 400/.test(p));

  it('enrols an ADMIN from the QR page, then signs in in two steps and steps up with a code', async () => {
    const operator = await stack.createOperator('ADMIN');
    session = await openPage(browser);
    const { page } = session;
    const url = (path: string) => `${stack.apiUrl}${path}`;

    // Signed in with the password, the ADMIN is held at enrolment whatever they ask for.
    await page.goto(url('/admin/payments'));
    await page.waitForURL((u) => u.pathname === '/admin/login');
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill(operator.password);
    await page.getByTestId('sign-in').click();
    await page.waitForURL((u) => u.pathname === '/admin/account/second-factor');
    await page.goto(url('/admin/ledger'));
    await page.waitForURL((u) => u.pathname === '/admin/account/second-factor');

    const qr = page.getByAltText('QR code for your authenticator app');
    await qr.waitFor();
    expect(
      await qr.evaluate((img) => {
        const image = img as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth > 0;
      }),
    ).toBe(true);
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);

    await page.getByTestId('enrolment-code').fill('000000');
    await page.getByTestId('enrolment-confirm').click();
    await page.getByRole('status').or(page.locator('.flash.error')).first().waitFor();
    expect(await page.locator('.flash.error').innerText()).toContain('does not match');

    await page.getByTestId('enrolment-code').fill(await codeNow(secret));
    await page.getByTestId('enrolment-confirm').click();
    await page.getByTestId('recovery-codes').waitFor();
    const recoveryCodes = await page.getByTestId('recovery-code').allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    await page.getByTestId('enrolment-done').click();
    await page.waitForURL((u) => u.pathname === '/admin');
    expect(await page.locator('h1').innerText()).toContain('Overview');

    // Signing in again: the password, then the code (the next time step's: each is taken once).
    await page.getByTestId('sign-out').click();
    await page.waitForURL((u) => u.pathname === '/admin/login');
    advance(30_000);
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill(operator.password);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('second-factor-step').waitFor();
    await page.getByTestId('second-factor-code').fill('123456');
    await page.getByTestId('second-factor-submit').click();
    await page.getByTestId('sign-in-error').waitFor();
    expect(await page.getByTestId('sign-in-error').innerText()).toContain('not valid');
    await page.getByTestId('second-factor-code').fill(await codeNow(secret));
    await page.getByTestId('second-factor-submit').click();
    await page.waitForURL((u) => u.pathname === '/admin');

    // Past the step-up window, proposing an operator asks for a fresh code, not the password.
    advance(6 * 60 * 1000);
    await page.goto(url('/admin/operators'));
    const email = `added-${Date.now()}@ops.example`;
    const form = page.getByTestId('create-operator');
    await form.getByLabel('Email').fill(email);
    await page.getByTestId('create-operator-submit').click();
    await page.getByTestId('step-up').waitFor();
    expect(await page.locator('h1').innerText()).toBe('Confirm with your code');
    expect(await page.locator('input[name="_step_up_password"]').count()).toBe(0);
    await page.getByTestId('step-up-code').fill(await codeNow(secret));
    await page.getByTestId('step-up-confirm').click();
    await page.waitForURL((u) => u.pathname === '/admin/operators');
    await page.getByTestId('people-changes').waitFor();
    expect(await page.locator('.flash').innerText()).toContain(`Proposed ${email}`);

    // A recovery code also signs in, once.
    await page.getByTestId('sign-out').click();
    await page.waitForURL((u) => u.pathname === '/admin/login');
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill(operator.password);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('second-factor-code').fill(recoveryCodes[0]!);
    await page.getByTestId('second-factor-submit').click();
    await page.waitForURL((u) => u.pathname === '/admin');
    await page.goto(url('/admin/account'));
    expect(await page.getByTestId('recovery-codes-left').innerText()).toBe('9');
    expect(problems()).toEqual([]);
  });
});
