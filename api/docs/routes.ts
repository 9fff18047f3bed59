import Router from '@koa/router';
import { isGuideSlug, loadGuides } from './guides.js';
import { guidePage } from './pages.js';
import { loadReferenceAssets, referencePage } from './reference.js';
import { renderGuide } from './render.js';

/**
 * The docs site at /docs: the guides (rendered once, at start), the interactive API reference at
 * /docs/api, and its assets. Public, like the OpenAPI document.
 */
export function docsRoutes(): Router {
  const guides = loadGuides();
  const rendered = new Map(guides.map((guide) => [guide.slug, guidePage(guides, guide, renderGuide(guide))]));
  const assets = loadReferenceAssets();
  const router = new Router();

  router.get('/docs', (ctx) => ctx.redirect('/docs/introduction'));
  router.get('/docs/api', (ctx) => {
    ctx.type = 'html';
    ctx.body = referencePage();
  });
  router.get('/docs/assets/:name', (ctx) => {
    const asset = assets.get(ctx.params.name!);
    // Unknown: left unanswered, so the service's 404 envelope answers.
    if (!asset) return;
    ctx.type = asset.type;
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = asset.body;
  });
  router.get('/docs/:slug', (ctx) => {
    const slug = ctx.params.slug!;
    if (!isGuideSlug(slug)) return;
    ctx.type = 'html';
    ctx.body = rendered.get(slug)!;
  });
  return router;
}
