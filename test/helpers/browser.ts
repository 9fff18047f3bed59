import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { HANG_GUARD_MS } from './patience.js';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const DEFAULT_ACTION_PATIENCE_MS = 60_000;

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

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Which Chromium the browser tests drive: CHROMIUM_PATH when set; else Debian's; else the build
 * shipped inside the `@sparticuz/chromium` npm package (unpacked to the temp directory on first
 * use), so a machine with only Node still runs them.
 */
export async function chromiumToLaunch(): Promise<{
  executablePath: string;
  args: string[];
  source: string;
}> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!isExecutable(chosen)) {
      throw new Error(`CHROMIUM_PATH=${chosen} is not an executable Chromium.`);
    }
    return { executablePath: chosen, args: CHROMIUM_ARGS, source: 'CHROMIUM_PATH' };
  }
  if (isExecutable(DEBIAN_CHROMIUM))
    return { executablePath: DEBIAN_CHROMIUM, args: CHROMIUM_ARGS, source: 'debian' };
  const { default: packaged } = await import('@sparticuz/chromium');
  return {
    executablePath: await packaged.executablePath(),
    // Its defaults suit one page per process (serverless); the tests open a context per test.
    args: packaged.args.filter((arg) => arg !== '--single-process'),
    source: '@sparticuz/chromium',
  };
}

/**
 * Launches headless Chromium. A browser that cannot start is a test failure with a clear
 * message, never a skip: a browser suite that silently does nothing proves nothing.
 */
export async function launchBrowser(): Promise<Browser> {
  const chosen = await chromiumToLaunch();
  try {
    return await chromium.launch({
      executablePath: chosen.executablePath,
      args: chosen.args,
      timeout: HANG_GUARD_MS,
    });
  } catch (error) {
    throw new Error(
      `Chromium (${chosen.source}, ${chosen.executablePath}) failed to start: ${(error as Error).message}`,
    );
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
  // How long an action waits for its element: a guard against a hang, as every wait in a test is
  // (test/helpers/patience.ts); a page on a loaded machine can take tens of seconds to answer.
  context.setDefaultTimeout(options.timeoutMs ?? DEFAULT_ACTION_PATIENCE_MS);
  context.setDefaultNavigationTimeout(options.timeoutMs ?? DEFAULT_ACTION_PATIENCE_MS);
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
