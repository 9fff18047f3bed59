import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { searchableKinds } from '../../../domain/reports/search.js';
import { zodIssues } from '../../validation.js';
import { admin, render, viewPermission } from '../pages/page-context.js';
import { searchQuery } from './schemas.js';
import { search } from './service.js';
import { searchPageBody } from './views.js';

/** GET /admin/search?q=: the search box's results, or straight to the record a reference names. */
export function searchPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  router.get('/search', viewPermission(deps, 'dashboard.read'), async (ctx) => {
    const role = admin(ctx).operator.role;
    const raw = typeof ctx.query.q === 'string' ? ctx.query.q : '';
    if (!raw.trim())
      return render(ctx, { title: 'Search', body: searchPageBody(searchableKinds(role), null) });
    const parsed = searchQuery.safeParse({ q: raw });
    if (!parsed.success) {
      const problem = zodIssues(parsed.error)
        .map((issue) => issue.message)
        .join('; ');
      return render(ctx, {
        title: 'Search',
        status: 400,
        flash: { kind: 'error', message: `Check the search: ${problem}` },
        body: searchPageBody(searchableKinds(role), null),
      });
    }
    const result = await search(deps, role, parsed.data.q);
    if (result.exact) return ctx.redirect(result.exact.path);
    render(ctx, { title: 'Search', body: searchPageBody(result.searched, result) });
  });
  return router;
}
