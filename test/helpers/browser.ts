import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium unless CHROMIUM_PATH names another build. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches headless Chromium. A missing browser is a test failure with a clear message, never a skip:
 * a browser suite that silently does nothing proves nothing.
 */
export async function launchBrowser(): Promise<Browser> {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found or not executable at ${CHROMIUM_PATH}. The browser tests need it: ` +
        'install Debian\'s "chromium" package, or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
  } catch (error) {
    throw new Error(`Chromium at ${CHROMIUM_PATH} failed to start: ${(error as Error).message}`);
  }
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far (a broken page should not pass quietly). */
  problems: string[];
  close(): Promise<void>;
}

/** A fresh, isolated context (no cookies shared between tests) with one page. */
export async function openPage(
  browser: Browser,
  options: { timeoutMs?: number } = {},
): Promise<BrowserSession> {
  const context = await browser.newContext({ viewport: { width: 800, height: 700 }, locale: 'en-US' });
  context.setDefaultTimeout(options.timeoutMs ?? 15_000);
  context.setDefaultNavigationTimeout(options.timeoutMs ?? 15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error at ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const source = message.location().url;
    // Chromium asks every origin for /favicon.ico; neither our pages nor the simulator's have one.
    if (new URL(source || 'about:blank').pathname === '/favicon.ico') return;
    problems.push(`console error at ${page.url()}: ${message.text()} [${source}]`);
  });
  return { context, page, problems, close: () => context.close() };
}

export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  await browser?.close();
}
