import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import type { WebhookEndpoint } from '../../platform/orm/entities.js';
import {
  countRecoverable,
  createEndpoint,
  deleteEndpoint,
  findScopedEndpoint,
  listEndpointAttempts,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
  type EndpointScope,
} from '../../db/webhooks/webhook-endpoints.js';
import { ApiError } from '../../domain/shared/errors.js';
import { eventRetentionCutoff } from '../../domain/webhooks/event-retention.js';
import { encodeCursor } from '../../domain/shared/list-cursor.js';
import {
  maskedWebhookUrl,
  MAX_ENDPOINTS_PER_MODE,
  webhookUrlProblem,
} from '../../domain/webhooks/webhook-endpoints.js';
import { currentTime, type RouteDeps } from '../deps.js';
import { sendData, sendList } from '../envelope.js';
import type { AuthenticatedApp } from '../middleware/auth.js';
import { readJson } from '../middleware/body.js';
import { parseWith } from '../validation.js';
import {
  createWebhookEndpointBody,
  listWebhookAttemptsQuery,
  recoverWebhookEndpointBody,
  updateWebhookEndpointBody,
  webhookEndpointIdParam,
} from './webhook-endpoint-schemas.js';

/** How long a rotated-out secret keeps signing beside the new one. */
const ROTATION_GRACE_HOURS = 24;

/** An endpoint as its app reads it: never its secret, which is shown once when issued. */
export function webhookEndpointView(endpoint: WebhookEndpoint) {
  return {
    id: endpoint.publicId,
    url: endpoint.url,
    description: endpoint.description,
    enabledEvents: endpoint.enabledEvents,
    enabled: endpoint.disabledAt === null,
    mode: endpoint.mode,
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

/** The app's own audit trail entry: operators see which app changed its endpoints, and how. */
function appActor(ctx: Context): AuditActor {
  const app = ctx.state.app as AuthenticatedApp;
  return { type: 'APP', id: String(app.appId), label: `${app.name} (${app.mode})`, ip: ctx.ip || null };
}

/** What the audit trail keeps of an endpoint: its URL masked, its filter and switch. */
function auditSummary(endpoint: WebhookEndpoint) {
  return {
    endpoint: endpoint.publicId,
    mode: endpoint.mode,
    url: maskedWebhookUrl(endpoint.url),
    enabledEvents: endpoint.enabledEvents,
    enabled: endpoint.disabledAt === null,
  };
}

function urlAllowed(scope: EndpointScope, url: string): void {
  const problem = webhookUrlProblem(scope.mode, url);
  if (problem) throw new ApiError('VALIDATION_ERROR', problem, [{ field: 'url', message: problem }]);
}

/**
 * /api/v1/webhook-endpoints: an app manages its own endpoints in its credential's mode (up to
 * MAX_ENDPOINTS_PER_MODE, each with its own secret, event filter and switch), reads each one's
 * delivery attempts, and recovers what one failed to take.
 */
export function webhookEndpointRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;
  const scopeOf = (ctx: Context) => ctx.state.scope as EndpointScope;
  const endpointOr404 = async (db: EntityManager, ctx: Context) => {
    const id = webhookEndpointIdParam.safeParse(ctx.params.id);
    const endpoint = id.success ? await findScopedEndpoint(db, scopeOf(ctx), id.data) : null;
    if (!endpoint) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND');
    return endpoint;
  };
  const publicIdOr404 = (ctx: Context) => {
    const id = webhookEndpointIdParam.safeParse(ctx.params.id);
    if (!id.success) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND');
    return id.data;
  };

  router.get('/webhook-endpoints', async (ctx) => {
    const items = (await listEndpoints(em(), scopeOf(ctx))).map(webhookEndpointView);
    // At most MAX_ENDPOINTS_PER_MODE: one page holds them all.
    sendList(ctx, { items }, { page: 1, size: MAX_ENDPOINTS_PER_MODE, totalItems: items.length });
  });

  router.post('/webhook-endpoints', async (ctx) => {
    const body = parseWith(createWebhookEndpointBody, await readJson(ctx));
    const scope = scopeOf(ctx);
    urlAllowed(scope, body.url);
    const now = currentTime(deps);
    const created = await em().transactional(async (tx) => {
      const result = await createEndpoint(
        tx,
        scope,
        {
          url: body.url,
          description: body.description ?? '',
          enabledEvents: body.enabledEvents ?? [],
          enabled: body.enabled ?? true,
        },
        deps.keyring,
        { limit: MAX_ENDPOINTS_PER_MODE, now },
      );
      if (!result) throw new ApiError('WEBHOOK_ENDPOINT_LIMIT', undefined, { limit: MAX_ENDPOINTS_PER_MODE });
      await appendAudit(tx, appActor(ctx), {
        action: 'webhook.endpoint_created',
        targetType: 'app',
        targetId: scope.appId,
        after: { ...auditSummary(result.endpoint), signingKeyIssued: true },
      });
      return result;
    });
    sendData(ctx, 201, { ...webhookEndpointView(created.endpoint), secret: created.secret });
  });

  router.get('/webhook-endpoints/:id', async (ctx) => {
    sendData(ctx, 200, webhookEndpointView(await endpointOr404(em(), ctx)));
  });

  router.patch('/webhook-endpoints/:id', async (ctx) => {
    const publicId = publicIdOr404(ctx);
    const body = parseWith(updateWebhookEndpointBody, await readJson(ctx));
    const scope = scopeOf(ctx);
    if (body.url !== undefined) urlAllowed(scope, body.url);
    const updated = await em().transactional(async (tx) => {
      const result = await updateEndpoint(tx, scope, publicId, body, currentTime(deps));
      if (!result) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND');
      await appendAudit(tx, appActor(ctx), {
        action: 'webhook.endpoint_updated',
        targetType: 'app',
        targetId: scope.appId,
        before: auditSummary(result.before),
        after: auditSummary(result.after),
      });
      return result.after;
    });
    sendData(ctx, 200, webhookEndpointView(updated));
  });

  router.delete('/webhook-endpoints/:id', async (ctx) => {
    const publicId = publicIdOr404(ctx);
    const scope = scopeOf(ctx);
    const deleted = await em().transactional(async (tx) => {
      const endpoint = await deleteEndpoint(tx, scope, publicId);
      if (!endpoint) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND');
      await appendAudit(tx, appActor(ctx), {
        action: 'webhook.endpoint_deleted',
        targetType: 'app',
        targetId: scope.appId,
        before: auditSummary(endpoint),
      });
      return endpoint;
    });
    sendData(ctx, 200, { id: deleted.publicId, deleted: true });
  });

  router.post('/webhook-endpoints/:id/rotate-secret', async (ctx) => {
    const publicId = publicIdOr404(ctx);
    const scope = scopeOf(ctx);
    const now = currentTime(deps);
    const previousValidUntil = new Date(now.getTime() + ROTATION_GRACE_HOURS * 3600_000);
    const rotated = await em().transactional(async (tx) => {
      const result = await rotateEndpointSecret(
        tx,
        scope,
        publicId,
        { now, previousValidUntil },
        deps.keyring,
      );
      if (!result) throw new ApiError('WEBHOOK_ENDPOINT_NOT_FOUND');
      await appendAudit(tx, appActor(ctx), {
        action: 'webhook.secret_rotated',
        targetType: 'app',
        targetId: scope.appId,
        after: {
          ...auditSummary(result.endpoint),
          signingKeyIssued: true,
          previousValidUntil: previousValidUntil.toISOString(),
        },
      });
      return result;
    });
    sendData(ctx, 200, { ...webhookEndpointView(rotated.endpoint), secret: rotated.secret });
  });

  router.get('/webhook-endpoints/:id/attempts', async (ctx) => {
    const db = em();
    const endpoint = await endpointOr404(db, ctx);
    const query = parseWith(listWebhookAttemptsQuery, ctx.query);
    const result = await listEndpointAttempts(db, endpoint.id, {
      page: query.page,
      size: query.size,
      ...(query.after !== undefined && { after: query.after }),
      ...(query.event !== undefined && { eventId: query.event }),
    });
    sendList(
      ctx,
      {
        items: result.items.map((attempt) => ({
          id: attempt.id,
          eventId: attempt.eventId,
          eventType: attempt.eventType,
          attempt: attempt.attempt,
          statusCode: attempt.statusCode,
          ok: attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300,
          failureReason: attempt.failureReason,
          error: attempt.error,
          responseExcerpt: attempt.responseExcerpt,
          durationMs: attempt.durationMs,
          createdAt: attempt.createdAt.toISOString(),
        })),
      },
      {
        page: query.page,
        size: query.size,
        totalItems: result.total,
        nextCursor: result.lastId === null ? null : encodeCursor(result.lastId),
      },
    );
  });

  router.post('/webhook-endpoints/:id/recover', async (ctx) => {
    const db = em();
    const endpoint = await endpointOr404(db, ctx);
    const body = parseWith(recoverWebhookEndpointBody, await readJson(ctx));
    const now = currentTime(deps);
    const oldest = eventRetentionCutoff(now, deps.config.EVENT_RETENTION_DAYS);
    const requested = new Date(body.since);
    // Events older than the retention window are gone: the window starts no earlier.
    const since = requested < oldest ? oldest : requested;
    if (endpoint.disabledAt) {
      throw new ApiError('WEBHOOK_ENDPOINT_DISABLED', 'Enable the endpoint before recovering its events');
    }
    const window = { endpointId: endpoint.id, since, until: now };
    const events = since < now ? await countRecoverable(db, window) : 0;
    const started = await deps.orchestrator
      .recoverWebhookEndpoint({
        appId: endpoint.appId,
        mode: endpoint.mode,
        endpointId: endpoint.id,
        endpointPublicId: endpoint.publicId,
        since,
        until: now,
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError) throw error;
        deps.logger.error({ err: error, endpoint: endpoint.publicId }, 'could not start a webhook recover');
        throw new ApiError('SERVICE_UNAVAILABLE', 'Could not start the recover; please try again');
      });
    sendData(ctx, 202, {
      endpointId: endpoint.publicId,
      since: since.toISOString(),
      until: now.toISOString(),
      events,
      workflowId: started.workflowId,
    });
  });

  return router;
}
