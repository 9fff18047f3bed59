import type { Page } from 'playwright-core';

/** Signs in through the dashboard's sign-in page and waits for the page it leads to. */
export async function signInThroughPage(
  page: Page,
  apiUrl: string,
  credentials: { email: string; password: string },
  path = '/admin',
): Promise<void> {
  await page.goto(`${apiUrl}${path}`);
  await page.waitForURL((url) => url.pathname === '/admin/login');
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByTestId('sign-in').click();
  await page.waitForURL((url) => url.pathname === path);
}

/** The navigation links the dashboard shows, by label. */
export async function navLabels(page: Page): Promise<string[]> {
  return (await page.locator('nav[aria-label="Main"] a').allInnerTexts()).map((text) => text.trim());
}

/** Chromium reports an HTTP error status of a page (403, 401) as a console error; those are expected. */
export const EXPECTED_STATUS_ERRORS = /status of (401|403)/;
