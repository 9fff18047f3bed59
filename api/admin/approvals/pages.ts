import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { render, viewPermission } from '../pages/page-context.js';
import type { AdminState } from '../session.js';
import { approvalsTable } from './views.js';
import { approvalsQueue } from './service.js';

/** /admin/approvals: the one queue of acts waiting for a second person. */
export function approvalsPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  router.get('/approvals', viewPermission(deps, 'dashboard.read'), async (ctx) => {
    const { operator } = ctx.state.admin as AdminState;
    const items = await approvalsQueue(deps, { operatorId: operator.id, role: operator.role });
    const forMe = items.filter((item) => item.mayDecide);
    const others = items.filter((item) => !item.mayDecide);
    render(ctx, {
      title: 'Approvals',
      active: 'approvals',
      body: html`<h1>Approvals</h1>
        <p class="muted">
          Everything that waits for a second person: refunds, payouts, loosened controls, people, receipts and
          reconciliation. Whoever decides is never the requester, nor tied to them or to another approver.
        </p>
        <h2>Waiting for you</h2>
        ${approvalsTable(forMe, 'approvals-for-me')}
        <h2>Waiting for someone else</h2>
        ${approvalsTable(others, 'approvals-for-others')}`,
    });
  });
  return router;
}
