import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { listAppsWithCounts, loadAppDetail } from '../../../db/apps/app-admin.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { maskedWebhookUrl } from '../../../domain/webhooks/webhook-endpoints.js';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { auditActor, now, requirePermission, type AdminState } from '../session.js';
import type { Context } from 'koa';
import {
  askIfKeyMovesMoney,
  KEY_REQUEST_DECISIONS,
  askIfRotationMovesMoney,
  collectKey,
  decideKeyRequest,
  keyRequestById,
  keyRequestId,
  keyRequestsList,
  keyRequestView,
} from './key-request-service.js';
import {
  createAppBody,
  keyRequestDecisionBody,
  keyRequestListQuery,
  listQuery,
  namedKeyBody,
  pathId,
  pathMode,
  rotateBody,
  updateAppBody,
  webhookBody,
} from './schemas.js';
import {
  createApp,
  issueNamedKey,
  pingAppEndpoint,
  revokeCredential,
  rotateCredential,
  rotateEndpointSecret,
  setAppEndpointEnabled,
  setAppStatus,
  setEndpoint,
  updateApp,
} from './service.js';
import { allEndpointsView, appListView, appView, credentialView, endpointsView } from './views.js';
import { webhookEndpointIdParam } from '../../webhooks/webhook-endpoint-schemas.js';

const adminOf = (ctx: Context) => ctx.state.admin as AdminState;

/** /api/v1/admin/apps…: apps, their credentials and webhook endpoints. Secrets appear only in the response that creates them. */
export function appsJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  router.get('/apps', requirePermission(deps, 'apps.read'), async (ctx) => {
    const { page, size } = parseWith(listQuery, ctx.query);
    const { items, total } = await listAppsWithCounts(em(), { page, size, at: now(deps) });
    sendList(
      ctx,
      { items: items.map((item) => appListView(item.app, item.counts)) },
      { page, size, totalItems: total },
    );
  });

  router.post('/apps', requirePermission(deps, 'apps.create'), async (ctx) => {
    const input = parseWith(createAppBody, await readJson(ctx));
    const { app, test, liveKeyRequest } = await createApp(deps, adminOf(ctx), auditActor(ctx), input);
    sendData(ctx, 201, {
      app: appView(app),
      // The only time this secret is ever shown. The LIVE pair holds every scope, money ones
      // included: it waits for a money role's approval, then its requester collects it once.
      credentials: { TEST: { key: test.apiKey, secret: test.secret }, LIVE: null },
      liveKeyRequest: keyRequestView(liveKeyRequest),
    });
  });

  router.get('/apps/:id', requirePermission(deps, 'apps.read'), async (ctx) => {
    const detail = await loadAppDetail(em(), pathId(ctx.params.id, 'APP_NOT_FOUND'));
    if (!detail) throw new ApiError('APP_NOT_FOUND');
    const at = now(deps);
    sendData(ctx, 200, {
      app: appView(detail.app),
      credentials: detail.credentials.map((c) => credentialView(c, at)),
      webhooks: endpointsView(detail.endpoints),
      webhookEndpoints: allEndpointsView(detail.allEndpoints),
    });
  });

  router.patch('/apps/:id', requirePermission(deps, 'apps.update'), async (ctx) => {
    const appId = pathId(ctx.params.id, 'APP_NOT_FOUND');
    const patch = parseWith(updateAppBody, await readJson(ctx));
    sendData(ctx, 200, appView(await updateApp(deps, auditActor(ctx), appId, patch)));
  });

  router.post('/apps/:id/suspend', requirePermission(deps, 'apps.suspend'), async (ctx) => {
    const appId = pathId(ctx.params.id, 'APP_NOT_FOUND');
    sendData(ctx, 200, appView(await setAppStatus(deps, auditActor(ctx), appId, 'SUSPENDED')));
  });

  router.post('/apps/:id/reactivate', requirePermission(deps, 'apps.suspend'), async (ctx) => {
    const appId = pathId(ctx.params.id, 'APP_NOT_FOUND');
    sendData(ctx, 200, appView(await setAppStatus(deps, auditActor(ctx), appId, 'ACTIVE')));
  });

  router.post('/apps/:id/credentials/rotate', requirePermission(deps, 'credentials.rotate'), async (ctx) => {
    const appId = pathId(ctx.params.id, 'APP_NOT_FOUND');
    const input = parseWith(rotateBody, await readJson(ctx));
    const request = await askIfRotationMovesMoney(deps, adminOf(ctx), auditActor(ctx), appId, input);
    if (request) {
      sendData(ctx, 202, { keyRequest: keyRequestView(request) });
      return;
    }
    const rotation = await rotateCredential(deps, auditActor(ctx), appId, input);
    const at = now(deps);
    sendData(ctx, 201, {
      credential: credentialView(rotation.credential, at),
      // The only time this secret is ever shown.
      secret: rotation.issued.secret,
      previous: rotation.previous ? credentialView(rotation.previous, at) : null,
    });
  });

  router.get('/apps/:id/keys', requirePermission(deps, 'apps.read'), async (ctx) => {
    const detail = await loadAppDetail(em(), pathId(ctx.params.id, 'APP_NOT_FOUND'));
    if (!detail) throw new ApiError('APP_NOT_FOUND');
    const at = now(deps);
    sendData(ctx, 200, {
      items: detail.credentials.filter((c) => c.scopes).map((c) => credentialView(c, at)),
    });
  });

  router.post('/apps/:id/keys', requirePermission(deps, 'credentials.rotate'), async (ctx) => {
    const appId = pathId(ctx.params.id, 'APP_NOT_FOUND');
    const input = parseWith(namedKeyBody, await readJson(ctx));
    const request = await askIfKeyMovesMoney(deps, adminOf(ctx), auditActor(ctx), appId, input);
    if (request) {
      sendData(ctx, 202, { keyRequest: keyRequestView(request) });
      return;
    }
    const { credential, issued } = await issueNamedKey(deps, auditActor(ctx), appId, input);
    sendData(ctx, 201, {
      credential: credentialView(credential, now(deps)),
      // The only time this secret is ever shown.
      secret: issued.secret,
    });
  });

  router.post('/credentials/:id/revoke', requirePermission(deps, 'credentials.revoke'), async (ctx) => {
    const credential = await revokeCredential(
      deps,
      auditActor(ctx),
      pathId(ctx.params.id, 'CREDENTIAL_NOT_FOUND'),
    );
    sendData(ctx, 200, credentialView(credential, now(deps)));
  });

  router.put('/apps/:id/webhooks/:mode', requirePermission(deps, 'webhooks.update'), async (ctx) => {
    const appId = pathId(ctx.params.id, 'APP_NOT_FOUND');
    const mode = pathMode(ctx.params.mode);
    const { url } = parseWith(webhookBody, await readJson(ctx));
    const endpoint = await setEndpoint(deps, auditActor(ctx), appId, { mode, url });
    sendData(ctx, 200, { mode, url: maskedWebhookUrl(endpoint.url), secret: endpoint.secret });
  });

  router.post(
    '/apps/:id/webhooks/:mode/rotate-secret',
    requirePermission(deps, 'webhooks.update'),
    async (ctx) => {
      const appId = pathId(ctx.params.id, 'APP_NOT_FOUND');
      const mode = pathMode(ctx.params.mode);
      const endpoint = await rotateEndpointSecret(deps, auditActor(ctx), appId, { mode });
      sendData(ctx, 200, { mode, url: maskedWebhookUrl(endpoint.url), secret: endpoint.secret });
    },
  );

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    router.post(
      `/apps/:id/webhook-endpoints/:endpointId/${action}`,
      requirePermission(deps, 'webhooks.update'),
      async (ctx) => {
        const appId = pathId(ctx.params.id, 'APP_NOT_FOUND');
        const endpointId = webhookEndpointIdParam.safeParse(ctx.params.endpointId);
        if (!endpointId.success) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND');
        const endpoint = await setAppEndpointEnabled(deps, auditActor(ctx), appId, {
          endpointId: endpointId.data,
          enabled,
        });
        sendData(ctx, 200, allEndpointsView([endpoint])[0]);
      },
    );
  }

  router.post('/apps/:id/webhooks/:mode/ping', requirePermission(deps, 'webhooks.ping'), async (ctx) => {
    const appId = pathId(ctx.params.id, 'APP_NOT_FOUND');
    const result = await pingAppEndpoint(deps, auditActor(ctx), appId, pathMode(ctx.params.mode));
    sendData(ctx, 200, result);
  });

  keyRequestJsonRoutes(router, deps);
  return router;
}

/**
 * /api/v1/admin/key-requests…: LIVE keys that may move money, waiting for a money role. Anyone who
 * reads apps sees the requests; a FINANCE or ADMIN operator independent of the requester approves
 * or rejects; the requester withdraws, or collects the approved key once (its secret in that answer only).
 */
function keyRequestJsonRoutes(router: Router, deps: RouteDeps): void {
  router.get('/key-requests', requirePermission(deps, 'apps.read'), async (ctx) => {
    const { page, size, status, appId } = parseWith(keyRequestListQuery, ctx.query);
    const { items, total } = await keyRequestsList(deps, { status, appId }, { page, size });
    sendList(ctx, { items: items.map(keyRequestView) }, { page, size, totalItems: total });
  });

  router.get('/key-requests/:id', requirePermission(deps, 'apps.read'), async (ctx) => {
    sendData(ctx, 200, keyRequestView(await keyRequestById(deps, keyRequestId(ctx.params.id))));
  });

  for (const [verb, step, action] of KEY_REQUEST_DECISIONS) {
    router.post(`/key-requests/:id/${verb}`, requirePermission(deps, action), async (ctx) => {
      const body = parseWith(keyRequestDecisionBody, await readJson(ctx));
      const decided = await decideKeyRequest(
        deps,
        adminOf(ctx),
        auditActor(ctx),
        keyRequestId(ctx.params.id),
        step,
        body.comment ?? null,
      );
      sendData(ctx, 200, keyRequestView(decided));
    });
  }

  router.post('/key-requests/:id/collect', requirePermission(deps, 'credentials.rotate'), async (ctx) => {
    const collected = await collectKey(deps, adminOf(ctx), auditActor(ctx), keyRequestId(ctx.params.id));
    const at = now(deps);
    sendData(ctx, 201, {
      keyRequest: keyRequestView(collected.request),
      credential: credentialView(collected.credential, at),
      // The only time this secret is ever shown.
      secret: collected.issued.secret,
      previous: collected.previous ? credentialView(collected.previous, at) : null,
    });
  });
}
