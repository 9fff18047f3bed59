import Router from '@koa/router';
import type { Context } from 'koa';
import { can } from '../../../domain/operators/permissions.js';
import type { RouteDeps } from '../../deps.js';
import { zodIssues } from '../../validation.js';
import {
  admin,
  decideFromForm,
  formAction,
  formProblem,
  render,
  viewPermission,
} from '../pages/page-context.js';
import { auditActor } from '../session.js';
import { maintenanceWindowBody } from './schemas.js';
import {
  cancelMaintenance,
  enterMaintenanceWindow,
  healthOverview,
  maintenanceWindowId,
  maintenanceWindows,
} from './service.js';
import { gatewayHealthPageBody } from './views.js';

const BACK = '/admin/gateway-health';

/** A datetime-local field ("2027-02-01T02:00", no offset) read as UTC, as the form says. */
function utcInstant(value: string | undefined): string {
  const text = (value ?? '').trim();
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text) ? `${text}:00Z` : text;
}

/** /admin/gateway-health: each gateway's health per mode, and the maintenance windows. */
export function gatewayHealthPageRoutes(deps: RouteDeps): Router {
  const router = new Router();

  const renderPage = async (
    ctx: Context,
    options: { status?: number; error?: string; typed?: Record<string, string> } = {},
  ) => {
    const state = admin(ctx);
    const [overview, windows] = await Promise.all([healthOverview(deps), maintenanceWindows(deps)]);
    render(ctx, {
      title: 'Gateway health',
      active: 'gateway-health',
      status: options.status ?? 200,
      ...(options.error && { flash: { kind: 'error' as const, message: options.error } }),
      body: gatewayHealthPageBody({
        overview,
        windows,
        csrf: state.session.csrfToken,
        canManage: can(state.operator.role, 'gateways.manage'),
        typed: options.typed ?? null,
      }),
    });
  };

  router.get('/gateway-health', viewPermission(deps, 'dashboard.read'), async (ctx) => {
    await renderPage(ctx);
  });

  router.post(
    '/gateway-health/maintenance',
    formAction(deps, 'gateways.manage', async (ctx, fields) => {
      const body = maintenanceWindowBody.safeParse({
        gateway: fields.gateway,
        mode: fields.mode,
        startsAt: utcInstant(fields.startsAt),
        endsAt: utcInstant(fields.endsAt),
        note: fields.note ?? '',
      });
      if (!body.success) {
        return renderPage(ctx, { status: 400, error: formProblem(zodIssues(body.error)), typed: fields });
      }
      await decideFromForm(ctx, BACK, fields, async () => {
        const window = await enterMaintenanceWindow(deps, auditActor(ctx), body.data);
        return `${window.gatewayName} (${window.mode}) is under maintenance from ${window.startsAt} until ${window.endsAt}.`;
      });
    }),
  );

  router.post(
    '/gateway-health/maintenance/:id/cancel',
    formAction(deps, 'gateways.manage', async (ctx, fields) => {
      await decideFromForm(ctx, BACK, fields, async () => {
        const window = await cancelMaintenance(deps, auditActor(ctx), maintenanceWindowId(ctx.params.id));
        return `Maintenance of ${window.gatewayName} (${window.mode}) cancelled.`;
      });
    }),
  );

  return router;
}
