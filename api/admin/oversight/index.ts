import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { formAction, viewPermission } from '../pages/page-context.js';
import { oversightJsonRoutes } from './api.js';
import { peopleJsonRoutes } from '../people/api.js';
import { auditPage } from './audit-page.js';
import {
  changeRoleForm,
  createOperatorForm,
  operatorsPage,
  passwordResetForm,
  peopleDecisionForm,
  secondFactorResetForm,
  statusForm,
} from './operators-page.js';
import { overviewPage } from './overview-page.js';

/**
 * Oversight: the overview (volume and success rate), the audit log and operator management.
 * Admin JSON API routes, mounted under /api/v1/admin behind the operator session.
 */
export function oversightApi(deps: RouteDeps): Router {
  const router = oversightJsonRoutes(deps);
  router.use(peopleJsonRoutes(deps).routes());
  return router;
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function oversightPages(deps: RouteDeps): Router {
  const router = new Router();
  router.get('/', viewPermission(deps, 'dashboard.read'), (ctx) => overviewPage(deps, ctx));
  router.get('/audit', viewPermission(deps, 'audit.read'), (ctx) => auditPage(deps, ctx));
  router.get('/operators', viewPermission(deps, 'operators.read'), (ctx) => operatorsPage(deps, ctx));
  router.post('/operators', formAction(deps, 'operators.manage', createOperatorForm(deps)));
  router.post('/operators/:id/role', formAction(deps, 'operators.manage', changeRoleForm(deps)));
  router.post('/operators/:id/disable', formAction(deps, 'operators.manage', statusForm(deps, 'DISABLED')));
  router.post('/operators/:id/enable', formAction(deps, 'operators.manage', statusForm(deps, 'ACTIVE')));
  router.post(
    '/operators/:id/second-factor/reset',
    formAction(deps, 'operators.manage', secondFactorResetForm(deps)),
  );
  router.post('/operators/:id/password-reset', formAction(deps, 'operators.manage', passwordResetForm(deps)));
  for (const [verb, decision] of [
    ['approve', 'APPROVE'],
    ['reject', 'REJECT'],
    ['withdraw', 'WITHDRAW'],
  ] as const) {
    router.post(
      `/people-changes/:id/${verb}`,
      formAction(deps, 'operators.manage', peopleDecisionForm(deps, decision)),
    );
  }
  return router;
}
