import type { Browser, Page } from 'playwright-core';
import { whoAmI } from '../helpers/apps-admin.js';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { startStack, startWebhookReceiver, type Credentials, type Stack } from '../helpers/stack.js';
import { randomToken } from '../../domain/shared/ids.js';

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/**
 * The apps pages of the dashboard in headless Chromium: register an app and see its secrets
 * once, rotate with a grace window, revoke (confirming the password inline), webhooks, roles.
 */
describe('admin apps in a real browser', () => {
  let stack: Stack;
  let receiver: Receiver;
  let browser: Browser;
  let session: BrowserSession | undefined;
  let current = new Date();
  const advance = (ms: number) => {
    current = new Date(current.getTime() + ms);
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({ worker: false, clock: () => current });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await receiver?.close();
    await stack?.close();
  });
  afterEach(async () => {
    // Refusals the tests provoke (a resubmitted form, a forbidden page) are expected; nothing else is.
    const expected = /Failed to load resource: the server responded with a status of (403|409)/;
    if (session) expect(session.problems.filter((problem) => !expected.test(problem))).toEqual([]);
    await session?.close();
    session = undefined;
  });

  async function signedIn(role: 'DEVELOPER' | 'VIEWER' | 'FINANCE', own?: (opened: BrowserSession) => void) {
    const operator = await stack.createOperator(role);
    const opened = await openPage(browser);
    if (own) own(opened);
    else session = opened;
    const { page } = opened;
    await page.goto(`${stack.apiUrl}/admin/login`);
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill(operator.password);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('operator').waitFor();
    return { page, operator };
  }

  async function registerApp(page: Page, name: string) {
    await page.goto(`${stack.apiUrl}/admin/apps`);
    await page.getByTestId('register-app').click();
    await page.getByTestId('app-name').fill(name);
    await page.getByTestId('app-display-name').fill('Corner Shop');
    await page.getByTestId('app-brand-color').fill('#123456');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('secrets-note').waitFor();
    const test: Credentials = {
      key: (await page.getByTestId('key-TEST').textContent())!.trim(),
      secret: (await page.getByTestId('secret-TEST').textContent())!.trim(),
    };
    // The LIVE pair holds every scope, money ones included: it waits for a money role.
    const liveKeyRequestId = Number((await page.getByTestId('live-key-request').textContent())!.trim());
    return { test, liveKeyRequestId };
  }

  /**
   * Browser back to a page that answered a form post: Chromium does not keep it (no-store) and
   * shows its "confirm form resubmission" error page instead of replaying the post.
   */
  async function goBackToFormResult(page: Page): Promise<void> {
    await page.goBack().catch((error: Error) => {
      if (!error.message.includes('ERR_CACHE_MISS')) throw error;
    });
    await page.waitForLoadState();
  }

  /** Whether any of these strings is anywhere in the page's HTML. */
  async function showsAny(page: Page, secrets: string[]): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        const content = await page.content();
        return secrets.some((secret) => content.includes(secret));
      } catch (error) {
        // Chromium's error page may still be replacing the document; read it once it settles.
        if (attempt > 20 || !(error as Error).message.includes('navigating')) throw error;
        await page.waitForLoadState();
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  it('registers an app and shows its TEST secret exactly once; its LIVE pair waits', async () => {
    const { page } = await signedIn('DEVELOPER');
    const name = `corner-${randomToken(6)}`;
    const creds = await registerApp(page, name);
    expect(creds.test.secret).toMatch(/^oi_test_sk_/);
    await expect(page.getByTestId('secrets-note').textContent()).resolves.toMatch(/shown once/i);
    expect(await showsAny(page, ['oi_live_sk_'])).toBe(false);
    expect(await page.getByTestId('live-pair-waiting').textContent()).toContain('FINANCE or ADMIN');
    expect(await whoAmI(stack, creds.test)).toMatchObject({ status: 200, body: { data: { mode: 'TEST' } } });
    const secrets = [creds.test.secret];

    await page.getByTestId('secrets-done').click();
    await page.getByTestId('app-status').waitFor();
    expect(await page.getByTestId(`credentials-TEST`).textContent()).toContain(creds.test.key);
    expect(await showsAny(page, secrets)).toBe(false);

    // Back to the one-time page, and reloading it: the secrets are gone for good.
    await goBackToFormResult(page);
    expect(await showsAny(page, secrets)).toBe(false);
    // Reloading resubmits the registration, which is refused: the name is taken now.
    await page.reload();
    expect(await page.getByTestId('form-error').textContent()).toContain('already exists');
    expect(await showsAny(page, secrets)).toBe(false);
    await page.goto(`${stack.apiUrl}/admin/apps`);
    expect(await page.getByTestId('apps-table').textContent()).toContain(name);
    expect(await showsAny(page, secrets)).toBe(false);
  });

  it('a DEVELOPER’s LIVE payouts key waits, FINANCE approves it in the dashboard, the developer collects it once', async () => {
    const { page } = await signedIn('DEVELOPER');
    await registerApp(page, `payouts-${randomToken(6)}`);
    await page.getByTestId('secrets-done').click();
    // Named for this run: the page lists every request the reader may see.
    const keyName = `Payout runner ${randomToken(6)}`;
    await page.getByTestId('named-key-name').fill(keyName);
    await page.getByTestId('named-key-mode').selectOption('LIVE');
    await page.getByTestId('named-key-scope-payouts').check();
    await page.getByTestId('named-key-issue').click();
    // No secret: a key request, waiting.
    await page.locator('.flash.ok').waitFor();
    expect(await page.locator('.flash.ok').textContent()).toContain('waits for a FINANCE or ADMIN');
    const row = page.locator('tr', { hasText: keyName });
    expect((await row.locator('[data-testid^="key-request-status-"]').textContent())!.trim()).toBe('WAITING');
    const id = (await row.getAttribute('data-testid'))!.replace('key-request-', '');
    expect(await page.getByTestId(`key-request-approve-${id}`).count()).toBe(0);
    expect(await showsAny(page, ['oi_live_sk_'])).toBe(false);

    // FINANCE, in a browser of their own, approves it from the key requests page.
    let financeSession: BrowserSession | undefined;
    try {
      const finance = await signedIn('FINANCE', (opened) => (financeSession = opened));
      await finance.page.goto(`${stack.apiUrl}/admin/key-requests`);
      await finance.page.getByTestId(`key-request-approve-${id}`).click();
      await finance.page.locator('.flash.ok').waitFor();
      expect(await finance.page.locator('.flash.ok').textContent()).toContain('approved');
      expect(financeSession!.problems).toEqual([]);
    } finally {
      await financeSession?.close();
    }

    // The developer collects it once: the secret is shown on that one page.
    await page.goto(`${stack.apiUrl}/admin/key-requests`);
    await page.getByTestId(`key-request-collect-${id}`).click();
    await page.getByTestId('secrets-note').waitFor();
    const live: Credentials = {
      key: (await page.getByTestId('key-LIVE').textContent())!.trim(),
      secret: (await page.getByTestId('secret-LIVE').textContent())!.trim(),
    };
    expect(live.secret).toMatch(/^oi_live_sk_/);
    expect(await whoAmI(stack, live)).toMatchObject({ status: 200, body: { data: { mode: 'LIVE' } } });
    await page.goto(`${stack.apiUrl}/admin/key-requests`);
    expect((await page.getByTestId(`key-request-status-${id}`).textContent())!.trim()).toBe('COLLECTED');
    expect(await page.getByTestId(`key-request-collect-${id}`).count()).toBe(0);
    expect(await showsAny(page, [live.secret])).toBe(false);
  });

  it('rotates a credential with a grace window, then revokes one after confirming the password', async () => {
    const { page, operator } = await signedIn('DEVELOPER');
    const creds = await registerApp(page, `rotating-${randomToken(6)}`);
    await page.getByTestId('secrets-done').click();
    const detailUrl = page.url();

    await page.getByTestId('grace-hours-TEST').fill('2');
    await page.getByTestId('rotate-TEST').click();
    await page.getByTestId('grace-note').waitFor();
    const fresh: Credentials = {
      key: (await page.getByTestId('key-TEST').textContent())!.trim(),
      secret: (await page.getByTestId('secret-TEST').textContent())!.trim(),
    };
    expect(fresh.key).not.toBe(creds.test.key);
    expect(await page.getByTestId('grace-note').textContent()).toContain(creds.test.key);
    expect(await page.getByTestId('grace-ends').locator('time').getAttribute('datetime')).toBe(
      new Date(current.getTime() + 2 * 60 * 60 * 1000).toISOString(),
    );
    // Both secrets work during the grace window.
    expect(await whoAmI(stack, creds.test)).toMatchObject({ status: 200 });
    expect(await whoAmI(stack, fresh)).toMatchObject({ status: 200 });

    await page.getByTestId('secrets-done').click();
    expect(await showsAny(page, [fresh.secret, creds.test.secret])).toBe(false);
    const oldRow = page.locator('tr', { hasText: creds.test.key });
    expect(await oldRow.locator('.badge').textContent()).toBe('GRACE');

    // Resubmitting the rotation (back, then reload) neither rotates twice nor shows a secret again.
    await goBackToFormResult(page);
    expect(await showsAny(page, [fresh.secret])).toBe(false);
    await page.reload();
    expect(await page.locator('.flash.error').textContent()).toContain('changed since this page was loaded');
    expect(await showsAny(page, [fresh.secret])).toBe(false);
    await page.goto(detailUrl);
    expect(await page.locator('tr', { hasText: 'oi_test_' }).count()).toBe(2);

    // Six minutes later the password is asked for again, inline, and the revocation completes.
    advance(6 * 60 * 1000);
    await page.reload();
    await oldRow.getByRole('button', { name: 'Revoke now' }).click();
    await page.getByTestId('step-up').waitFor();
    await page.getByLabel('Password').fill(operator.password);
    await page.getByTestId('step-up-confirm').click();
    await page.locator('.flash.ok').waitFor();
    expect(await page.locator('.flash.ok').textContent()).toContain('revoked');
    expect(await oldRow.locator('.badge').textContent()).toBe('REVOKED');
    expect(await whoAmI(stack, creds.test)).toMatchObject({ status: 401, errorCode: 'CREDENTIAL_REVOKED' });
    expect(await whoAmI(stack, fresh)).toMatchObject({ status: 200 });
  });

  it('sets a webhook endpoint, shows its secret once, pings it, and suspends the app', async () => {
    const { page } = await signedIn('DEVELOPER');
    const creds = await registerApp(page, `hooks-${randomToken(6)}`);
    await page.getByTestId('secrets-done').click();

    await page.getByTestId('webhook-url-TEST').fill(receiver.url);
    await page.getByTestId('webhook-save-TEST').click();
    const secret = (await page.getByTestId('webhook-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await page.getByTestId('secrets-done').click();
    expect(await page.getByTestId('webhook-url-shown-TEST').textContent()).toBe(receiver.url);
    expect(await showsAny(page, [secret])).toBe(false);

    const before = receiver.received.length;
    await page.getByTestId('webhook-ping-TEST').click();
    await page.locator('.flash.ok').waitFor();
    expect(await page.locator('.flash.ok').textContent()).toMatch(/HTTP 200/);
    expect(JSON.parse(receiver.received[before]!.body)).toMatchObject({ type: 'webhook.ping' });

    // An endpoint the app added itself is listed beside the one set here, and can be switched off.
    const added = await stack.api('POST', '/api/v1/webhook-endpoints', {
      creds: creds.test,
      body: { url: `${receiver.url}/refunds`, enabledEvents: ['refund.succeeded'] },
    });
    expect(added.status).toBe(201);
    const endpointId = added.body.data.id as string;
    await page.reload();
    expect(await page.getByTestId(`webhook-endpoint-${endpointId}`).textContent()).toContain(
      'refund.succeeded',
    );
    await page.getByTestId(`webhook-endpoint-disable-${endpointId}`).click();
    await page.locator('.flash.ok').waitFor();
    expect((await page.getByTestId(`webhook-endpoint-state-${endpointId}`).textContent())?.trim()).toBe(
      'Disabled',
    );
    const read = await stack.api('GET', `/api/v1/webhook-endpoints/${endpointId}`, { creds: creds.test });
    expect(read.body.data.enabled).toBe(false);

    await page.getByTestId('suspend-app').click();
    expect(await page.getByTestId('app-status').textContent()).toBe('SUSPENDED');
    expect(await whoAmI(stack, creds.test)).toMatchObject({ status: 403, errorCode: 'APP_SUSPENDED' });
    await page.getByTestId('reactivate-app').click();
    expect(await page.getByTestId('app-status').textContent()).toBe('ACTIVE');
    expect(await whoAmI(stack, creds.test)).toMatchObject({ status: 200 });
  });

  it('shows a VIEWER the apps without the controls, and the server refuses the forms', async () => {
    const app = await stack.registerApp();
    const { page } = await signedIn('VIEWER');
    await page.goto(`${stack.apiUrl}/admin/apps`);
    expect(await page.getByTestId('register-app').count()).toBe(0);
    await page.goto(`${stack.apiUrl}/admin/apps/${app.app.id}`);
    await page.getByTestId('app-status').waitFor();
    expect(await page.getByTestId('rotate-TEST').count()).toBe(0);
    expect(await page.locator('button', { hasText: 'Revoke now' }).count()).toBe(0);
    expect(await page.getByTestId('suspend-app').count()).toBe(0);

    await page.goto(`${stack.apiUrl}/admin/apps/new`);
    await page.getByTestId('forbidden').waitFor();
    // A hand-made form post is refused by the server all the same.
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const refused = await page.request.post(`${stack.apiUrl}/admin/apps/${app.app.id}/suspend`, {
      form: { _csrf: csrf },
      maxRedirects: 0,
    });
    const status = { status: refused.status(), text: await refused.text() };
    expect(status.status).toBe(403);
    expect(status.text).toContain('data-testid="forbidden"');
    expect(await whoAmI(stack, app.test)).toMatchObject({ status: 200 });
  });
});
