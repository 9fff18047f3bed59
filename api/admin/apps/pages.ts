import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import type { Mode } from '../../../domain/shared/mode.js';
import { maskedWebhookUrl } from '../../../domain/webhooks/webhook-endpoints.js';
import { appControls, appGuardrails } from '../controls/service.js';
import { guardrailsSection, type GuardrailsAttempt } from '../controls/guardrail-views.js';
import { controlsSummary } from '../controls/views.js';
import { listAppsWithCounts, loadAppDetail } from '../../../db/apps/app-admin.js';
import { ApiError, type FieldIssue } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { parseWith } from '../../validation.js';
import { webhookEndpointIdParam } from '../../webhooks/webhook-endpoint-schemas.js';
import { admin, formAction, redirectWith, render, viewPermission } from '../pages/page-context.js';
import { auditActor, now } from '../session.js';
import {
  appDetailBody,
  appListBody,
  newAppBody,
  registeredBody,
  rotatedBody,
  webhookSecretBody,
  type AppFormValues,
} from './page-views.js';
import {
  createAppBody,
  namedKeyBody,
  pathId,
  pathMode,
  rotateBody,
  updateAppBody,
  webhookBody,
} from './schemas.js';
import { issuedNamedKeyBody } from './named-key-views.js';
import { SCOPES } from '../../../domain/apps/scopes.js';
import {
  createApp,
  pingAppEndpoint,
  revokeCredential,
  issueNamedKey,
  rotateCredential,
  rotateEndpointSecret,
  setAppEndpointEnabled,
  setAppStatus,
  setEndpoint,
  updateApp,
} from './service.js';

import { askIfKeyMovesMoney, askIfRotationMovesMoney } from './key-request-service.js';
import { keyRequestPageRoutes } from './key-request-pages.js';

const PAGE_SIZE = 50;

/** A form problem in words: the message, plus each field's complaint. */
function describe(error: ApiError): { message: string; fields: string[] } {
  const details = Array.isArray(error.details) ? (error.details as FieldIssue[]) : [];
  return { message: error.message, fields: details.map((d) => `${d.field}: ${d.message}`) };
}

function flashText(error: ApiError): string {
  const { message, fields } = describe(error);
  return fields.length ? `${message} (${fields.join('; ')})` : message;
}

const blankToNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);

function brandingFromForm(fields: Record<string, string>) {
  return {
    displayName: fields.displayName ?? '',
    logoUrl: blankToNull(fields.logoUrl),
    brandColor: blankToNull(fields.brandColor),
    receiptsEnabled: fields.receiptsEnabled === 'on',
    invoiceEmailsEnabled: fields.invoiceEmailsEnabled === 'on',
  };
}

/**
 * The settings form's request limit: blank is the service default (null), a form without the
 * field leaves it as it is; anything else goes to the schema as a number, or as the text itself
 * when it is not one, to be refused in words.
 */
function rateLimitFromForm(value: string | undefined): number | string | null | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return null;
  return /^\d{1,9}$/.test(text) ? Number(text) : text;
}

/**
 * Runs a form's work; an ApiError (bad input, a stale form, an unknown app) comes back to the
 * app's page as an error flash instead of an error document.
 */
async function orFlash(ctx: Context, back: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 'APP_NOT_FOUND') return renderNotFound(ctx);
    redirectWith(ctx, back, { error: flashText(error) });
  }
}

function renderNotFound(ctx: Context): void {
  render(ctx, {
    title: 'No such app',
    active: 'apps',
    status: 404,
    body: html`<div class="card" data-testid="not-found">
      <h1>No such app</h1>
      <p><a href="/admin/apps">Back to the apps</a></p>
    </div>`,
  });
}

/** Dashboard pages of the apps area under /admin/apps. */
/**
 * An app's page; with `attempt`, a guardrails form the service refused is drawn again with what was
 * typed and why (422), so the operator corrects it where they typed it.
 */
export async function showAppPage(
  deps: RouteDeps,
  ctx: Context,
  attempt: GuardrailsAttempt | null = null,
): Promise<void> {
  const appId = /^[1-9]\d{0,15}$/.test(ctx.params.id ?? '') ? Number(ctx.params.id) : null;
  const detail = appId === null ? null : await loadAppDetail(deps.orm.em.fork() as EntityManager, appId);
  if (!detail) return renderNotFound(ctx);
  const { operator, session } = admin(ctx);
  render(ctx, {
    title: detail.app.displayName,
    active: 'apps',
    ...(attempt && { status: 422 }),
    body: html`${appDetailBody(
      detail,
      now(deps),
      operator.role,
      session.csrfToken,
      deps.config.RATE_LIMIT_APP_PER_MINUTE,
    )}
    ${controlsSummary(detail.app.id, await appControls(deps, detail.app.id))}
    ${guardrailsSection(
      detail.app.id,
      await appGuardrails(deps, detail.app.id),
      operator.role,
      session.csrfToken,
      attempt,
    )}`,
  });
}

export function appsPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;
  const appIdOf = (ctx: Context) => pathId(ctx.params.id, 'APP_NOT_FOUND');
  // The new signing secret appears in this one response only, never on a page that can be revisited.
  const showWebhookSecret = async (
    ctx: Context,
    appId: number,
    mode: Mode,
    endpoint: { url: string; secret: string },
  ) => {
    const detail = await loadAppDetail(em(), appId);
    render(ctx, {
      title: 'Webhook signing secret',
      active: 'apps',
      status: 201,
      body: webhookSecretBody({
        app: detail!.app,
        mode,
        url: maskedWebhookUrl(endpoint.url),
        secret: endpoint.secret,
      }),
    });
  };

  router.get('/apps', viewPermission(deps, 'apps.read'), async (ctx) => {
    const requested = Number(ctx.query.page);
    const page = Number.isSafeInteger(requested) && requested > 0 ? requested : 1;
    const { items, total } = await listAppsWithCounts(em(), { page, size: PAGE_SIZE, at: now(deps) });
    render(ctx, {
      title: 'Apps',
      active: 'apps',
      body: appListBody({
        items,
        role: admin(ctx).operator.role,
        page,
        totalPages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      }),
    });
  });

  router.get('/apps/new', viewPermission(deps, 'apps.create'), (ctx) => {
    render(ctx, {
      title: 'Register an app',
      active: 'apps',
      body: newAppBody(admin(ctx).session.csrfToken, {}, null),
    });
  });

  router.post(
    '/apps',
    formAction(deps, 'apps.create', async (ctx, fields) => {
      const values: AppFormValues = {
        name: fields.name ?? '',
        displayName: fields.displayName ?? '',
        logoUrl: fields.logoUrl ?? '',
        brandColor: fields.brandColor ?? '',
        receiptsEnabled: fields.receiptsEnabled === 'on',
        invoiceEmailsEnabled: fields.invoiceEmailsEnabled === 'on',
      };
      try {
        const input = parseWith(createAppBody, {
          ...brandingFromForm(fields),
          name: values.name,
          displayName: blankToNull(fields.displayName) ?? undefined,
        });
        const { app, test, liveKeyRequest } = await createApp(deps, admin(ctx), auditActor(ctx), input);
        // The secret lives only in this response: a GET could be revisited, this cannot be replayed
        // (resubmitting the form is refused because the name is now taken).
        render(ctx, {
          title: 'App registered',
          active: 'apps',
          status: 201,
          body: registeredBody({ app, test, liveKeyRequestId: liveKeyRequest.id }),
        });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        render(ctx, {
          title: 'Register an app',
          active: 'apps',
          status: error.status,
          body: newAppBody(admin(ctx).session.csrfToken, values, describe(error)),
        });
      }
    }),
  );

  router.get('/apps/:id', viewPermission(deps, 'apps.read'), async (ctx) => {
    await showAppPage(deps, ctx);
  });

  router.post(
    '/apps/:id/settings',
    formAction(deps, 'apps.update', async (ctx, fields) => {
      const back = `/admin/apps/${ctx.params.id}`;
      await orFlash(ctx, back, async () => {
        const patch = parseWith(updateAppBody, {
          ...brandingFromForm(fields),
          rateLimitPerMinute: rateLimitFromForm(fields.rateLimitPerMinute),
        });
        await updateApp(deps, auditActor(ctx), appIdOf(ctx), patch);
        redirectWith(ctx, back, { ok: 'Settings saved.' });
      });
    }),
  );

  for (const [path, status, message] of [
    ['suspend', 'SUSPENDED', 'App suspended: its credentials are refused with APP_SUSPENDED.'],
    ['reactivate', 'ACTIVE', 'App reactivated: its credentials work again.'],
  ] as const) {
    router.post(
      `/apps/:id/${path}`,
      formAction(deps, 'apps.suspend', async (ctx) => {
        const back = `/admin/apps/${ctx.params.id}`;
        await orFlash(ctx, back, async () => {
          await setAppStatus(deps, auditActor(ctx), appIdOf(ctx), status);
          redirectWith(ctx, back, { ok: message });
        });
      }),
    );
  }

  router.post(
    '/apps/:id/credentials/rotate',
    formAction(deps, 'credentials.rotate', async (ctx, fields) => {
      const back = `/admin/apps/${ctx.params.id}`;
      await orFlash(ctx, back, async () => {
        const graceText = fields.graceHours?.trim() ?? '';
        const input = parseWith(rotateBody, {
          mode: fields.mode,
          ...(graceText !== '' && { graceHours: Number(graceText) }),
        });
        const expectCurrentId = fields.currentId === 'none' ? null : Number(fields.currentId);
        const appId = appIdOf(ctx);
        const request = await askIfRotationMovesMoney(deps, admin(ctx), auditActor(ctx), appId, input);
        if (request) {
          return redirectWith(ctx, '/admin/key-requests', { ok: waitingText(request.id) });
        }
        const rotation = await rotateCredential(deps, auditActor(ctx), appId, { ...input, expectCurrentId });
        const detail = await loadAppDetail(em(), appId);
        render(ctx, {
          title: 'New credential',
          active: 'apps',
          status: 201,
          body: rotatedBody({
            app: detail!.app,
            mode: input.mode,
            apiKey: rotation.issued.apiKey,
            secret: rotation.issued.secret,
            previous: rotation.previous,
          }),
        });
      });
    }),
  );

  router.post(
    '/apps/:id/keys',
    formAction(deps, 'credentials.rotate', async (ctx, fields) => {
      const back = `/admin/apps/${ctx.params.id}`;
      await orFlash(ctx, back, async () => {
        const input = parseWith(namedKeyBody, {
          mode: fields.mode,
          name: fields.name ?? '',
          scopes: SCOPES.filter((scope) => fields[`scope_${scope}`] === 'on'),
        });
        const appId = appIdOf(ctx);
        const request = await askIfKeyMovesMoney(deps, admin(ctx), auditActor(ctx), appId, input);
        if (request) {
          return redirectWith(ctx, '/admin/key-requests', { ok: waitingText(request.id) });
        }
        const { credential, issued } = await issueNamedKey(deps, auditActor(ctx), appId, input);
        const detail = await loadAppDetail(em(), appId);
        render(ctx, {
          title: 'New named key',
          active: 'apps',
          status: 201,
          body: issuedNamedKeyBody({ app: detail!.app, credential, secret: issued.secret }),
        });
      });
    }),
  );

  router.post(
    '/apps/:id/credentials/:credentialId/revoke',
    formAction(deps, 'credentials.revoke', async (ctx) => {
      const back = `/admin/apps/${ctx.params.id}`;
      await orFlash(ctx, back, async () => {
        const credentialId = pathId(ctx.params.credentialId, 'CREDENTIAL_NOT_FOUND');
        const detail = await loadAppDetail(em(), appIdOf(ctx));
        if (!detail) throw new ApiError('APP_NOT_FOUND');
        // The credential must belong to the app in the path, so a crafted form cannot reach another app's.
        if (!detail.credentials.some((c) => c.id === credentialId))
          throw new ApiError('CREDENTIAL_NOT_FOUND');
        const credential = await revokeCredential(deps, auditActor(ctx), credentialId);
        redirectWith(ctx, back, { ok: `Credential ${credential.apiKey} revoked.` });
      });
    }),
  );

  router.post(
    '/apps/:id/webhooks/:mode',
    formAction(deps, 'webhooks.update', async (ctx, fields) => {
      const back = `/admin/apps/${ctx.params.id}`;
      await orFlash(ctx, back, async () => {
        const mode = pathMode(ctx.params.mode);
        const { url } = parseWith(webhookBody, { url: fields.url ?? '' });
        const appId = appIdOf(ctx);
        const endpoint = await setEndpoint(deps, auditActor(ctx), appId, {
          mode,
          url,
          expectVersion: fields.version ?? 'none',
        });
        await showWebhookSecret(ctx, appId, mode, endpoint);
      });
    }),
  );

  router.post(
    '/apps/:id/webhooks/:mode/rotate-secret',
    formAction(deps, 'webhooks.update', async (ctx, fields) => {
      const back = `/admin/apps/${ctx.params.id}`;
      await orFlash(ctx, back, async () => {
        const mode = pathMode(ctx.params.mode);
        const appId = appIdOf(ctx);
        const endpoint = await rotateEndpointSecret(deps, auditActor(ctx), appId, {
          mode,
          expectVersion: fields.version ?? 'none',
        });
        await showWebhookSecret(ctx, appId, mode, endpoint);
      });
    }),
  );

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    router.post(
      `/apps/:id/webhook-endpoints/:endpointId/${action}`,
      formAction(deps, 'webhooks.update', async (ctx) => {
        const back = `/admin/apps/${ctx.params.id}`;
        await orFlash(ctx, back, async () => {
          const endpointId = webhookEndpointIdParam.safeParse(ctx.params.endpointId);
          if (!endpointId.success) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND');
          const endpoint = await setAppEndpointEnabled(deps, auditActor(ctx), appIdOf(ctx), {
            endpointId: endpointId.data,
            enabled,
          });
          redirectWith(ctx, back, {
            ok: `Endpoint ${endpoint.publicId} is ${enabled ? 'enabled' : 'disabled'}.`,
          });
        });
      }),
    );
  }

  router.post(
    '/apps/:id/webhooks/:mode/ping',
    formAction(deps, 'webhooks.ping', async (ctx) => {
      const back = `/admin/apps/${ctx.params.id}`;
      await orFlash(ctx, back, async () => {
        const mode = pathMode(ctx.params.mode);
        const result = await pingAppEndpoint(deps, auditActor(ctx), appIdOf(ctx), mode);
        const outcome =
          result.statusCode === null
            ? `failed: ${result.error ?? 'no answer'}`
            : `answered HTTP ${result.statusCode}`;
        const text = `Test ping to the ${mode} endpoint ${outcome} in ${result.durationMs} ms.`;
        redirectWith(ctx, back, result.ok ? { ok: text } : { error: text });
      });
    }),
  );

  keyRequestPageRoutes(router, deps);
  return router;
}

const waitingText = (id: number) =>
  `Key request ${id} waits for a FINANCE or ADMIN operator other than you to approve it; then collect the key here, once.`;
