import type { DocumentBrand } from './brand.js';
import { loadLogo } from './logo.js';

/** An app's brand as its documents carry it, its logo fetched for embedding. */
export async function appBrand(app: {
  displayName: string;
  brandColor: string | null;
  logoUrl: string | null;
}): Promise<DocumentBrand> {
  return { name: app.displayName, color: app.brandColor, logo: await loadLogo(app.logoUrl) };
}
