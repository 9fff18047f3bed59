import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { grants } from '../../domain/apps/scopes.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { AuthenticatedApp } from './auth.js';
import { scopeOfRoute } from '../apps/route-scopes.js';

/**
 * Refuses a request whose key lacks the scope its route needs (api/apps/route-scopes.ts), with
 * 403 INSUFFICIENT_SCOPE naming the scope. The route is the one the router will run first for
 * this path and method, so /events/stream is judged as itself, not as /events/:id. A route the
 * table does not name is refused to every key.
 */
export function requireRouteScope(router: Router): Middleware {
  return async (ctx, next) => {
    const app = ctx.state.app as AuthenticatedApp;
    const matched = router.match(ctx.path, ctx.method);
    const route = matched.pathAndMethod.find((layer) => layer.methods.length > 0);
    // No route here: the router answers 404/405 itself.
    if (!route) return next();
    const needed = scopeOfRoute(ctx.method, String(route.path));
    if (needed === null) {
      throw new ApiError('INSUFFICIENT_SCOPE', 'This route is not open to API keys', {
        requiredScope: null,
      });
    }
    if (!grants(app.scopes, needed)) {
      throw new ApiError(
        'INSUFFICIENT_SCOPE',
        `This API key does not have the '${needed}' scope this request needs`,
        { requiredScope: needed },
      );
    }
    await next();
  };
}
