import { hangGuardDeadline, noteSlowWait } from './patience.js';

/*
 * Its own module: a suite that polls without a stack does not load the stack's modules (the API,
 * MikroORM, Temporal's client), 1.3–2.9 s of CPU per suite.
 */

/**
 * Polls until `check` returns a truthy value. `expectedMs` is how long a quiet machine takes; a
 * loaded one may take longer, up to the hang guard (test/helpers/patience.ts), before this throws.
 */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  expectedMs = 20_000,
  what = 'condition',
): Promise<T> {
  const startedAt = Date.now();
  const deadline = hangGuardDeadline(expectedMs);
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) {
        noteSlowWait(what, expectedMs, startedAt);
        return value;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
