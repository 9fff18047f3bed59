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
 * Waits until `check` holds (a check that throws, e.g. a refused connection, has not held yet); a
 * drill that times out says which drill and what it waited for.
 */
export function waiter(drill: string) {
  return async (what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> => {
    const found = await retrying(timeoutMs, async () => ((await check()) ? true : 'retry'), {
      firstMs: CHECK_EVERY_MS,
      mostMs: CHECK_EVERY_MS,
    });
    if (!found) throw new Error(`${drill}: timed out waiting for ${what}`);
  };
}
