import { Client as PgClient } from 'pg';
import { retrying } from '../chaos/driver.js';

/** The admin URL pointed at another database of the same server. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `work` on a connection of its own to the admin database, closed whatever happens. */
export async function onAdmin<T>(adminUrl: string, work: (db: PgClient) => Promise<T>): Promise<T> {
  const db = new PgClient({ connectionString: adminUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** How often a drill asks again: each check is one local request, and every pause is time the drill stands still. */
const CHECK_EVERY_MS = 200;

/**
 * How long a drill's step may take before the drill fails: a guard against a hang, never a measure
 * of speed. A step a quiet machine does in seconds can take a minute or more on a loaded one (a CI
 * runner with two suites and a type check beside the drill); the drill reports its own timings.
 */
export const DRILL_PATIENCE_MS = 300_000;

/**
 * Waits until `check` holds (a check that throws, e.g. a refused connection, has not held yet); a
 * drill that times out says which drill and what it waited for. `expectedMs` is how long a quiet
 * machine takes; the wait goes on to DRILL_PATIENCE_MS when it is longer.
 */
export function waiter(drill: string) {
  return async (what: string, expectedMs: number, check: () => Promise<boolean>): Promise<void> => {
    const timeoutMs = Math.max(expectedMs, DRILL_PATIENCE_MS);
    const found = await retrying(timeoutMs, async () => ((await check()) ? true : 'retry'), {
      firstMs: CHECK_EVERY_MS,
      mostMs: CHECK_EVERY_MS,
    });
    if (!found) throw new Error(`${drill}: timed out waiting for ${what}`);
  };
}
