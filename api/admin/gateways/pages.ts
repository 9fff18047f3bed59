import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { AppSchema } from '../../../platform/orm/entities.js';
import { ApiError, type FieldIssue } from '../../../domain/shared/errors.js';
import type { Mode } from '../../../domain/shared/mode.js';
import { can } from '../../../domain/operators/permissions.js';
import type { GatewayModule } from '../../../gateways/module.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { pathId, pathMode } from '../apps/schemas.js';
import {
  admin,
  decideFromForm,
  formAction,
  redirectWith,
  render,
  renderStepUp,
  viewPermission,
} from '../pages/page-context.js';
import { auditActor } from '../session.js';
import {
  appGatewayStates,
  clearAppGatewayOwnCredentials,
  gatewayModuleOr404,
  stepUpFresh,
  updateAppGateway,
} from './service.js';
import { inlineStepUp } from '../pages/step-up-inline.js';
import { credentialInput, gatewaysPageBody, type RefusedForm } from './views.js';

function renderNotFound(ctx: Context, what: 'app' | 'gateway'): void {
  render(ctx, {
    title: what === 'app' ? 'No such app' : 'No such gateway',
    active: 'apps',
    status: 404,
    body: html`<div class="card" data-testid="not-found">
      <h1>${what === 'app' ? 'No such app' : 'No such gateway'}</h1>
      <p><a href="/admin/apps">Back to the apps</a></p>
    </div>`,
  });
}

const isNotFound = (error: ApiError): boolean =>
  error.code === 'APP_NOT_FOUND' || error.code === 'GATEWAY_NOT_FOUND';

const notFoundPage = (ctx: Context, error: ApiError) =>
  renderNotFound(ctx, error.code === 'APP_NOT_FOUND' ? 'app' : 'gateway');

/** /admin/apps/:id/gateways: each gateway of an app per mode, and the forms that change them. */
export function gatewaysPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  const renderPage = async (
    ctx: Context,
    appId: number,
    options: { status?: number; refused?: RefusedForm | null; error?: string } = {},
  ) => {
    const app = await em().findOne(AppSchema, { id: appId });
    if (!app) return renderNotFound(ctx, 'app');
    const state = admin(ctx);
    render(ctx, {
      title: `Gateways · ${app.displayName}`,
      active: 'apps',
      status: options.status ?? 200,
      ...(options.error && { flash: { kind: 'error' as const, message: options.error } }),
      body: gatewaysPageBody({
        app,
        states: await appGatewayStates(deps, appId),
        csrf: state.session.csrfToken,
        canManage: can(state.operator.role, 'gateways.manage'),
        steppedUp: stepUpFresh(deps, state),
        stepUp: inlineStepUp(state, `/admin/apps/${appId}/gateways`),
        refused: options.refused ?? null,
      }),
    });
  };

  /** The app, mode and gateway a form names; null after answering a page of its own. */
  const targetOf = (ctx: Context): { appId: number; mode: Mode; module: GatewayModule } | null => {
    try {
      return {
        appId: pathId(ctx.params.id, 'APP_NOT_FOUND'),
        module: gatewayModuleOr404(ctx.params.gateway),
        mode: pathMode(ctx.params.mode),
      };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // A mode other than TEST or LIVE names no page either.
      renderNotFound(ctx, error.code === 'APP_NOT_FOUND' ? 'app' : 'gateway');
      return null;
    }
  };

  const back = (appId: number) => `/admin/apps/${appId}/gateways`;

  router.get('/apps/:id/gateways', viewPermission(deps, 'apps.read'), async (ctx) => {
    const appId = /^[1-9]\d{0,15}$/.test(ctx.params.id ?? '') ? Number(ctx.params.id) : null;
    if (appId === null) return renderNotFound(ctx, 'app');
    await renderPage(ctx, appId);
  });

  // The step-up for LIVE changes, asked once before the forms rather than after one: a refused
  // answer must never send typed secrets back into a page.
  router.post(
    '/apps/:id/gateways/confirm',
    formAction(deps, 'gateways.manage', async (ctx) => {
      const appId = /^[1-9]\d{0,15}$/.test(ctx.params.id ?? '') ? Number(ctx.params.id) : null;
      if (appId === null) return renderNotFound(ctx, 'app');
      if (!stepUpFresh(deps, admin(ctx))) return renderStepUp(ctx, {}, null);
      redirectWith(ctx, back(appId), {
        ok: 'Confirmed: LIVE gateway settings can be changed for the next 5 minutes.',
      });
    }),
  );

  router.post(
    '/apps/:id/gateways/:mode/:gateway',
    formAction(deps, 'gateways.manage', async (ctx, fields) => {
      const target = targetOf(ctx);
      if (!target) return;
      const name = `${target.module.displayName} (${target.mode})`;
      if (fields._form !== 'credentials') {
        const enabled = fields.enabled === 'true';
        return decideFromForm(ctx, back(target.appId), fields, async () => {
          await updateAppGateway(deps, admin(ctx), auditActor(ctx), target, { enabled });
          return `${name} turned ${enabled ? 'on' : 'off'}.`;
        });
      }
      const credentials = Object.fromEntries(
        target.module.credentialFields.map((field) => [field.key, fields[credentialInput(field.key)] ?? '']),
      );
      try {
        await updateAppGateway(deps, admin(ctx), auditActor(ctx), target, { credentials });
        redirectWith(ctx, back(target.appId), { ok: `${name}: credentials saved.` });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (isNotFound(error)) return notFoundPage(ctx, error);
        // What was typed comes back, secrets excepted: they are typed again.
        const values = Object.fromEntries(
          target.module.credentialFields
            .filter((field) => !field.secret)
            .map((field) => [field.key, credentials[field.key] ?? '']),
        );
        const issues = Array.isArray(error.details) ? (error.details as FieldIssue[]) : [];
        const problems = issues.length
          ? issues.map((issue) => `${issue.field.replace(/^credentials\./, '')}: ${issue.message}`)
          : [error.message];
        await renderPage(ctx, target.appId, {
          status: error.status,
          error:
            error.code === 'STEP_UP_REQUIRED'
              ? 'Nothing was saved: confirm it is you (under LIVE), then enter the credentials again.'
              : `Nothing was saved: ${error.message}`,
          refused: { mode: target.mode, gateway: target.module.name, values, problems },
        });
      }
    }),
  );

  router.post(
    '/apps/:id/gateways/:mode/:gateway/clear',
    formAction(deps, 'gateways.manage', async (ctx, fields) => {
      const target = targetOf(ctx);
      if (!target) return;
      await decideFromForm(ctx, back(target.appId), fields, async () => {
        const state = await clearAppGatewayOwnCredentials(deps, admin(ctx), auditActor(ctx), target);
        return `${target.module.displayName} (${target.mode}): the app's own credentials were cleared; it now uses ${
          state.source === 'SERVICE' ? 'the service-wide settings' : 'no credentials'
        }.`;
      });
    }),
  );

  return router;
}
