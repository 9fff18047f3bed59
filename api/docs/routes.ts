import Router from '@koa/router';
import { isGuideSlug, loadGuides } from './guides.js';
import { guidePage } from './pages.js';
import { loadReferenceAssets, referencePage } from './reference.js';
import { renderGuide } from './render.js';

/** A value built on first use and kept: what a process that never serves it never builds. */
function onFirstUse<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

/**
 * The docs site at /docs: the guides (rendered once, when the first is asked for), the interactive
 * API reference at /docs/api, and its assets. Public, like the OpenAPI document.
 */
export function docsRoutes(): Router {
  const renderedGuides = onFirstUse(() => {
    const guides = loadGuides();
    return new Map(guides.map((guide) => [guide.slug, guidePage(guides, guide, renderGuide(guide))]));
  });
  const referenceAssets = onFirstUse(loadReferenceAssets);
  const router = new Router();

  router.get('/docs', (ctx) => ctx.redirect('/docs/introduction'));
  router.get('/docs/api', (ctx) => {
    ctx.type = 'html';
    ctx.body = referencePage();
  });
  router.get('/docs/assets/:name', (ctx) => {
    const asset = referenceAssets().get(ctx.params.name!);
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
    ctx.body = renderedGuides().get(slug)!;
  });
  return router;
}
