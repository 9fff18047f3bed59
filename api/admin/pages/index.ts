import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { pageSession, stepUpPageRoutes } from './page-context.js';
import { oidcRoutes } from '../oidc.js';
import { oidcLogoutRoutes } from '../oidc-logout.js';
import { codePage, continuePage, problemPage, signInPageRoutes } from './sign-in.js';
import { useCompanyTimeZone } from './times.js';
import { savedViewsOnLists } from '../saved-views/index.js';

/**
 * The operator dashboard at /admin: server-rendered pages. Each area (apps, payments, overview,
 * audit, operators) contributes a router; all of them sit behind the page session.
 */
export type DashboardArea = (deps: RouteDeps) => Router;

export function dashboardRoutes(deps: RouteDeps, areas: DashboardArea[]): Router[] {
  useCompanyTimeZone(deps.config.COMPANY_TIME_ZONE);
  const signedIn = new Router({ prefix: '/admin' });
  signedIn.use(pageSession(deps));
  signedIn.use(stepUpPageRoutes(deps).routes());
  signedIn.use(savedViewsOnLists(deps));
  for (const area of areas) signedIn.use(area(deps).routes());
  const oidc = oidcRoutes(deps, {
    codePage: (next, challenge) => codePage(next, challenge, null),
    problem: (message) => problemPage(deps, message),
    continueTo: (next, kind) => continuePage(next, kind),
  });
  return [signInPageRoutes(deps), oidc, oidcLogoutRoutes(deps), signedIn];
}
