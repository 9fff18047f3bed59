import Router from '@koa/router';
import type { RouteDeps } from '../deps.js';
import { adminApiAreas } from './areas.js';
import { sessionRoutes } from './routes/session.js';
import { accountApi } from './account/api.js';
import { explainStepUp } from './step-up.js';
import { requireCsrf, requireEnrolledWhereRequired, requireSession } from './session.js';

/**
 * The admin JSON API under /api/v1/admin: same envelope and error catalogue as the app API.
 * Every area sits behind a live operator session and CSRF protection; each route then checks
 * its action in the permission table (requirePermission).
 */
export function adminApiRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1/admin' });
  router.use(explainStepUp(deps));
  router.use(sessionRoutes(deps).routes());
  // One's own account (second factor, password) stays reachable while enrolment is owed.
  const ownAccount = new Router();
  ownAccount.use(requireSession(deps), requireCsrf(deps));
  ownAccount.use(accountApi(deps).routes());
  router.use(ownAccount.routes());
  const signedIn = new Router();
  signedIn.use(requireSession(deps), requireCsrf(deps), requireEnrolledWhereRequired(deps));
  for (const area of adminApiAreas) signedIn.use(area(deps).routes());
  router.use(signedIn.routes());
  return router;
}
