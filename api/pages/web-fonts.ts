import { readFileSync } from 'node:fs';
import Router from '@koa/router';
import { fontPath, type FontWeight } from '../../platform/documents/fonts.js';

/**
 * Bangla on our pages in the font the PDFs use, served by us: a customer's or operator's device
 * may have no Bengali font at all (names and line descriptions would show as boxes). The
 * unicode-range means a browser fetches it only for a page that has Bangla text on it.
 */

const WEIGHTS: Record<string, FontWeight> = { '400': 'regular', '700': 'bold' };
const BENGALI_RANGE = 'U+0980-09FF, U+200C-200D, U+25CC';

export const BENGALI_FONT_FAMILY = '"OI Bengali"';

export const BENGALI_FONT_FACES = Object.keys(WEIGHTS)
  .map(
    (weight) =>
      `@font-face { font-family: ${BENGALI_FONT_FAMILY}; font-weight: ${weight}; font-display: swap; ` +
      `src: url(/assets/fonts/noto-sans-bengali-${weight}.ttf) format("truetype"); unicode-range: ${BENGALI_RANGE}; }`,
  )
  .join('\n');

/** GET /assets/fonts/noto-sans-bengali-{400,700}.ttf, cached for a year (the file never changes under a name). */
export function webFontRoutes(): Router {
  const router = new Router();
  const files = new Map<string, Buffer>();
  router.get('/assets/fonts/noto-sans-bengali-:weight.ttf', (ctx) => {
    const weight = WEIGHTS[ctx.params.weight ?? ''];
    if (!weight) return;
    let bytes = files.get(weight);
    if (!bytes) {
      bytes = readFileSync(fontPath(weight));
      files.set(weight, bytes);
    }
    ctx.type = 'font/ttf';
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.body = bytes;
  });
  return router;
}
