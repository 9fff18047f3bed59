import Router from '@koa/router';
import { GUIDE_SCRIPT } from './guide-script.js';
import type { DeploymentWords } from './deployment-words.js';
import { isGuideSlug, loadGuides } from './guides.js';
import { guidePage } from './pages.js';
import { loadReferenceAssets, referencePage } from './reference.js';
import { renderGuide } from './render.js';
import { searchIndex } from './search-index.js';

/** A value built on first use and kept: what a process that never serves it never builds. */
function onFirstUse<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

/**
 * The docs site at /docs: the guides (rendered once, when the first is asked for) and their
 * search index, the interactive API reference for apps at /docs/api and the operators' at
 * /docs/api/operators, and their assets. Public, like the OpenAPI document. The guides speak of
 * this deployment: its TEST and LIVE addresses and who runs it (`words`).
 */
export function docsRoutes(words: DeploymentWords): Router {
  const guides = onFirstUse(() => loadGuides(words));
  const renderedGuides = onFirstUse(
    () => new Map(guides().map((guide) => [guide.slug, guidePage(guides(), guide, renderGuide(guide))])),
  );
  const searchSections = onFirstUse(() => searchIndex(guides()));
  const referenceAssets = onFirstUse(loadReferenceAssets);
  const guideScript = Buffer.from(GUIDE_SCRIPT);
  const router = new Router();

  router.get('/docs', (ctx) => ctx.redirect('/docs/introduction'));
  router.get('/docs/api', (ctx) => {
    ctx.type = 'html';
    ctx.body = referencePage('apps');
  });
  router.get('/docs/api/operators', (ctx) => {
    ctx.type = 'html';
    ctx.body = referencePage('operators');
  });
  router.get('/docs/search.json', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = searchSections();
  });
  router.get('/docs/assets/:name', (ctx) => {
    const name = ctx.params.name!;
    const asset =
      name === 'guides.js'
        ? { type: 'text/javascript; charset=utf-8', body: guideScript }
        : referenceAssets().get(name);
    // Unknown: left unanswered, so the service's 404 envelope answers.
    if (!asset) return;
    ctx.type = asset.type;
    ctx.set('Cache-Control', name === 'guides.js' ? 'public, max-age=300' : 'public, max-age=86400');
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
