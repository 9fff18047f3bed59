import { setTimeout as delay } from 'node:timers/promises';
import { LauncherError } from './errors.js';
import type { Managed } from './processes.js';

export interface WaitOptions {
  timeoutMs: number;
  /** Give up at once if this process exits: it will never answer. */
  process?: Managed;
  intervalMs?: number;
}

/** Polls `probe` until it reports true; a probe that throws counts as "not yet". */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  options: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    if (options.process?.exitInfo) {
      throw new LauncherError(`${what} exited before it was ready (${options.process.describeExit()})`);
    }
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new LauncherError(`${what} did not become ready within ${options.timeoutMs / 1000} s${detail}`);
    }
    await delay(options.intervalMs ?? 250);
  }
}
