import Router from '@koa/router';
import type { Middleware } from 'koa';
import {
  isSavedViewList,
  isShowingSavedView,
  mayUseSavedViews,
  SAVED_VIEW_NAME_MAX,
  SAVED_VIEW_PAGES,
  savedViewFilters,
  savedViewFiltersProblem,
  savedViewListAt,
  savedViewPath,
} from '../../../domain/reports/saved-views.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { visibleText } from '../../../domain/shared/text-fields.js';
import type { RouteDeps } from '../../deps.js';
import { zodIssues } from '../../validation.js';
import {
  admin,
  decideFromForm,
  formAction,
  formProblem,
  LIST_STRIP,
  redirectWith,
  returnPath,
} from '../pages/page-context.js';
import { auditActor } from '../session.js';
import { removeView, savedViewId, savedViews, savedViewView, saveView, viewerOf } from './service.js';
import { savedViewsStrip } from './views.js';

const viewName = visibleText(SAVED_VIEW_NAME_MAX);

/** A query string as the pages read it: each parameter's first value. */
function queryRecord(query: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(query)) record[name] ??= value;
  return record;
}

/**
 * On every list page an operator may read, the strip of the list's saved views, drawn above the
 * list by render(): the list's area does nothing for it.
 */
export function savedViewsOnLists(deps: RouteDeps): Middleware {
  return async (ctx, next) => {
    const list = ctx.method === 'GET' ? savedViewListAt(ctx.path) : null;
    const state = list ? admin(ctx) : null;
    if (list && state && mayUseSavedViews(state.operator.role, list)) {
      const viewer = viewerOf(state);
      const query = ctx.query as Record<string, unknown>;
      const views = (await savedViews(deps, viewer, list)).map((view) => ({
        ...savedViewView(view, viewer),
        current: isShowingSavedView(view, query),
      }));
      ctx.state[LIST_STRIP] = savedViewsStrip({
        list,
        views,
        csrf: state.session.csrfToken,
        query: new URLSearchParams(savedViewFilters(list, query)).toString(),
        returnTo: returnPath(ctx.originalUrl, SAVED_VIEW_PAGES[list].path, SAVED_VIEW_PAGES[list].path),
      });
    }
    await next();
  };
}

/** POST /admin/saved-views (save the list's filters as shown) and /admin/saved-views/:id/delete. */
export function savedViewsPageRoutes(deps: RouteDeps): Router {
  const router = new Router();

  router.post(
    '/saved-views',
    formAction(deps, 'dashboard.read', async (ctx, fields) => {
      const list = isSavedViewList(fields.list) ? fields.list : null;
      if (!list) return redirectWith(ctx, '/admin', { error: 'There is no such list to save a view of.' });
      const filters = savedViewFilters(list, queryRecord(fields.query ?? ''));
      const back = savedViewPath({ list, filters });
      await decideFromForm(ctx, back, fields, async () => {
        const name = viewName.safeParse(fields.name ?? '');
        if (!name.success) {
          throw new ApiError(
            'VALIDATION_ERROR',
            formProblem(zodIssues(name.error).map((i) => ({ ...i, field: 'name' }))),
          );
        }
        const problem = savedViewFiltersProblem(filters);
        if (problem) throw new ApiError('VALIDATION_ERROR', `These filters cannot be saved: ${problem}`);
        const view = await saveView(deps, auditActor(ctx), viewerOf(admin(ctx)), {
          list,
          name: name.data,
          filters,
        });
        return `Saved the view “${view.name}”: every operator who reads ${SAVED_VIEW_PAGES[list].title} sees it here.`;
      });
    }),
  );

  router.post(
    '/saved-views/:id/delete',
    formAction(deps, 'dashboard.read', async (ctx, fields) => {
      const back = returnPath(fields.returnTo, '/admin', '/admin');
      await decideFromForm(ctx, back, fields, async () => {
        const removed = await removeView(
          deps,
          auditActor(ctx),
          viewerOf(admin(ctx)),
          savedViewId(ctx.params.id),
        );
        return `Deleted the view “${removed.name}”.`;
      });
    }),
  );

  return router;
}
