import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import { savedViewBody, savedViewsQuery } from './schemas.js';
import { removeView, savedViewId, savedViews, savedViewView, saveView, viewerOf } from './service.js';

/**
 * /api/v1/admin/saved-views: the dashboard lists' saved views. Any signed-in operator reaches the
 * door; each view then needs its list's read permission, to see it and to save one.
 */
export function savedViewsJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const signedIn = requirePermission(deps, 'dashboard.read');

  router.get('/saved-views', signedIn, async (ctx) => {
    const { list } = parseWith(savedViewsQuery, ctx.query);
    const viewer = viewerOf(ctx.state.admin as AdminState);
    const items = (await savedViews(deps, viewer, list)).map((view) => savedViewView(view, viewer));
    sendList(ctx, { items }, { page: 1, size: Math.max(items.length, 1), totalItems: items.length });
  });

  router.post('/saved-views', signedIn, async (ctx) => {
    const body = parseWith(savedViewBody, await readJson(ctx));
    const viewer = viewerOf(ctx.state.admin as AdminState);
    const view = await saveView(deps, auditActor(ctx), viewer, body);
    sendData(ctx, 201, savedViewView(view, viewer));
  });

  router.delete('/saved-views/:id', signedIn, async (ctx) => {
    const viewer = viewerOf(ctx.state.admin as AdminState);
    const removed = await removeView(deps, auditActor(ctx), viewer, savedViewId(ctx.params.id));
    sendData(ctx, 200, savedViewView(removed, viewer));
  });

  return router;
}
