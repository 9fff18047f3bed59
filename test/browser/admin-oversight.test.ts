import type { Browser, Page } from 'playwright-core';
import { closeBrowser, launchBrowser, openPage, type BrowserSession } from '../helpers/browser.js';
import { EXPECTED_STATUS_ERRORS, navLabels, signInThroughPage } from '../helpers/oversight-browser.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * The oversight pages in headless Chromium: operator management with the inline step-up, role
 * denial, the overview charts and the audit log filters.
 */
describe('dashboard oversight in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let session: BrowserSession | undefined;
  // The server's clock runs with real time plus an offset, to step past the step-up window.
  let offsetMs = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack({ worker: false, clock: () => new Date(Date.now() + offsetMs) });
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await stack?.close();
  });
  afterEach(async () => {
    offsetMs = 0;
    await session?.close();
    session = undefined;
  });

  const problems = () => session!.problems.filter((p) => !EXPECTED_STATUS_ERRORS.test(p));

  async function signedInPage(role: Parameters<Stack['createOperator']>[0], path = '/admin') {
    const operator = await stack.createOperator(role);
    session = await openPage(browser);
    await signInThroughPage(session.page, stack.apiUrl, operator, path);
    return { operator, page: session.page };
  }

  function row(page: Page, email: string) {
    return page.locator(`tr[data-email="${email}"]`);
  }

  it('an ADMIN proposes an operator; past the step-up window the form asks for the password inline', async () => {
    const { operator: admin, page } = await signedInPage('ADMIN', '/admin/operators');
    expect(await page.locator('h1').innerText()).toBe('Operators');
    expect(await row(page, admin.email).innerText()).toContain('This is you');
    const existing = await stack.createOperator('SUPPORT');

    // Six minutes after signing in, the step-up has lapsed.
    offsetMs = 6 * 60 * 1000;
    const email = `added-${Date.now()}@ops.example`;
    const form = page.getByTestId('create-operator');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Role').selectOption('SUPPORT');
    // No password: the person chooses it through the link emailed to them once approved.
    expect(await form.locator('input[type="password"]').count()).toBe(0);
    await page.getByTestId('create-operator-submit').click();

    await page.getByTestId('step-up').waitFor();
    expect(await page.locator('h1').innerText()).toBe('Confirm your password');
    // A wrong password keeps the form and says so.
    await page.getByLabel('Password', { exact: true }).fill('wrong password');
    await page.getByTestId('step-up-confirm').click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toBe('That password is not correct.');
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByTestId('step-up-confirm').click();

    await page.waitForURL((url) => url.pathname === '/admin/operators');
    expect(await page.getByRole('status').innerText()).toBe(
      `Proposed ${email} as SUPPORT: another ADMIN approves it, then they receive a link by email.`,
    );
    // It waits for a second ADMIN: the proposer may only withdraw it.
    const waiting = page.getByTestId('people-change').filter({ hasText: email });
    expect(await waiting.count()).toBe(1);
    expect(await waiting.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await waiting.getByRole('button', { name: 'Withdraw' }).count()).toBe(1);
    expect(await row(page, email).count()).toBe(0);

    // Within the renewed window the next change needs no password: a role that grants nothing
    // applies at once; then disable (at once) and re-enable (proposed, for a second ADMIN).
    await page.reload();
    const other = row(page, existing.email);
    await other.getByRole('combobox').selectOption('VIEWER');
    await other.getByRole('button', { name: 'Change role' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/operators');
    expect(await page.getByRole('status').innerText()).toBe(`${existing.email} is now VIEWER.`);
    await row(page, existing.email).getByRole('button', { name: 'Disable' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/operators');
    expect(await row(page, existing.email).getByTestId('operator-status').innerText()).toBe('DISABLED');
    await row(page, existing.email).getByRole('button', { name: 'Enable' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/operators');
    expect(await page.getByRole('status').innerText()).toBe(
      `Proposed re-enabling ${existing.email}: another ADMIN approves it.`,
    );
    expect(await row(page, existing.email).getByTestId('operator-status').innerText()).toBe('DISABLED');
    expect(await page.getByTestId('people-change').filter({ hasText: existing.email }).count()).toBe(1);

    // Bad input comes back as a message, not an error page.
    await form.getByLabel('Email').fill(existing.email);
    await page.getByTestId('create-operator-submit').click();
    await page.waitForURL((url) => url.pathname === '/admin/operators');
    expect(await page.getByRole('status').innerText()).toBe('An operator with this email already exists');

    // The page fits a phone screen: wide tables scroll inside their frame, forms wrap.
    await page.setViewportSize({ width: 375, height: 740 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    // Each change is in the audit log.
    await page.goto(`${stack.apiUrl}/admin/audit?actor=${encodeURIComponent(admin.email)}`);
    expect(await page.getByTestId('audit-action').allInnerTexts()).toEqual([
      'people_change.proposed',
      'operator.disabled',
      'operator.role_changed',
      'people_change.proposed',
      'operator.step_up',
      'operator.step_up_failed',
      'operator.login',
    ]);
    expect(problems()).toEqual([]);
  });

  it('a VIEWER sees no Operators link, and /admin/operators answers with the 403 page', async () => {
    const { page } = await signedInPage('VIEWER');
    expect(await navLabels(page)).not.toContain('Operators');
    expect(await navLabels(page)).toContain('Audit log');

    const response = await page.goto(`${stack.apiUrl}/admin/operators`);
    expect(response!.status()).toBe(403);
    expect(await page.getByTestId('forbidden').innerText()).toContain('does not allow operators.read');
    expect(await page.getByTestId('create-operator').count()).toBe(0);
    expect(problems()).toEqual([]);
  });

  it('the overview draws its charts inline, switches to LIVE, and fits a phone screen', async () => {
    const app = await stack.registerApp();
    await stack.createPayment(app.test, { amountMinor: 12345 });
    const { page } = await signedInPage('FINANCE');

    expect(await page.getByTestId('volume-chart').isVisible()).toBe(true);
    expect(await page.getByTestId('success-chart').isVisible()).toBe(true);
    expect(await page.getByTestId('mode-TEST').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('by-app').innerText()).toContain(app.app.name);

    await page.getByTestId('mode-LIVE').click();
    await page.waitForURL((url) => url.searchParams.get('mode') === 'LIVE');
    expect(await page.getByTestId('mode-LIVE').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('by-app').innerText()).not.toContain(app.app.name);

    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${stack.apiUrl}/admin?mode=TEST`);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(problems()).toEqual([]);
  });

  it('the audit log filters by action and pages through the results', async () => {
    const { operator, page } = await signedInPage('SUPPORT', '/admin/audit');
    const filters = page.getByTestId('audit-filters');
    await filters.getByLabel('Action starts with').fill('operator.login');
    await filters.getByLabel('Actor contains').fill(operator.email);
    await filters.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'operator.login');
    expect(await page.getByTestId('audit-action').allInnerTexts()).toEqual(['operator.login']);
    expect(await page.getByTestId('audit-total').innerText()).toBe('1 entry');
    expect(await filters.getByLabel('Actor contains').inputValue()).toBe(operator.email);
    expect(await page.getByTestId('audit-page').innerText()).toBe('Page 1 of 1');
    expect(problems()).toEqual([]);
  });
});
