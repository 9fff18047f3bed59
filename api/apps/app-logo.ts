import type { EntityManager } from '@mikro-orm/postgresql';
import { findStoredLogo, storeLogo } from '../../db/invoices/document-store.js';
import { fetchLogo } from '../../platform/documents/logo.js';

/** A logo URL that gave nothing usable (a host that did not answer) is tried again after this. */
const RETRY_MISSING_AFTER_MS = 60 * 60 * 1000;

export interface RefreshedLogo {
  png: Buffer | null;
  /** Why the image was refused (too many pixels, not a PNG or JPEG); null when none was. */
  problem: string | null;
}

/**
 * Fetches the logo at `url` now, checks and re-encodes it (platform/documents/logo-image.ts), and keeps
 * the result for every later document. Saving an app's logo URL calls this; so does the first
 * document that needs a logo nobody saved through the dashboard (the CLI, an older row).
 */
export async function refreshLogo(em: EntityManager, url: string): Promise<RefreshedLogo> {
  const fetched = await fetchLogo(url);
  const logo =
    fetched === null
      ? { png: null, problem: null }
      : 'png' in fetched
        ? { png: fetched.png, problem: null }
        : { png: null, problem: fetched.problem };
  await storeLogo(em, url, logo);
  return logo;
}

/**
 * The app's logo as documents embed it: the stored, re-encoded image; the URL is fetched again
 * only when the app saves it again, or an hour after it gave nothing.
 */
export async function appLogo(em: EntityManager, url: string | null): Promise<Buffer | null> {
  if (!url) return null;
  const stored = await findStoredLogo(em, url);
  const settled =
    stored &&
    (stored.png !== null ||
      stored.problem !== null ||
      Date.now() - stored.fetchedAt.getTime() < RETRY_MISSING_AFTER_MS);
  if (settled) return stored.png;
  return (await refreshLogo(em, url)).png;
}
