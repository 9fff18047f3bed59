import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { appLogo } from './app-logo.js';

/**
 * Answers an app's logo as the service stored it (re-encoded, at most 600 × 216 pixels), so the
 * public pages show the same small image the PDFs embed, never whatever the app's URL serves now.
 */
export async function sendAppLogo(ctx: Context, em: EntityManager, logoUrl: string | null): Promise<void> {
  const png = await appLogo(em, logoUrl);
  if (!png) {
    ctx.status = 404;
    ctx.body = '';
    return;
  }
  ctx.status = 200;
  ctx.type = 'image/png';
  ctx.set('Cache-Control', 'public, max-age=3600');
  ctx.body = png;
}

/** Where a page finds its app's stored logo, or null when the app has none. */
export function logoPath(pagePath: string, logoUrl: string | null): string | null {
  return logoUrl ? `${pagePath}/logo.png` : null;
}
