import Router from '@koa/router';
import type { RouteDeps } from '../deps.js';
import { authenticateApp } from '../middleware/auth.js';
import { appRateLimit } from '../middleware/app-rate-limit.js';
import { requireRouteScope } from '../middleware/route-scope.js';
import { appMeRoutes } from './routes.js';
import { requestLogRoutes } from './request-log-routes.js';
import { paymentRoutes } from '../payments/routes.js';
import { refundRoutes } from '../refunds/routes.js';
import { payoutRoutes } from '../payouts/routes.js';
import { payoutBatchRoutes } from '../payouts/payout-batch-routes.js';
import { ledgerRoutes } from '../ledger/routes.js';
import { invoiceRoutes } from '../invoices/routes.js';
import { eventRoutes } from '../webhooks/event-routes.js';
import { eventStreamRoutes } from '../webhooks/event-stream-routes.js';
import type { EventStreamHub } from '../webhooks/event-stream-hub.js';
import { webhookEndpointRoutes } from '../webhooks/endpoint-routes.js';
import { reportRoutes } from '../reports/routes.js';

/**
 * The authenticated app API under /api/v1: an app's own data, in its credential's mode, each
 * route open only to keys holding the scope api/apps/route-scopes.ts names for it.
 */
export function appApiRoutes(deps: RouteDeps, eventStreams: EventStreamHub): Router {
  const appApi = new Router({ prefix: '/api/v1' });
  appApi.use(
    authenticateApp({
      orm: deps.orm,
      pepper: deps.config.CREDENTIAL_PEPPER,
      previousPeppers: deps.config.CREDENTIAL_PEPPER_PREVIOUS,
      clock: deps.clock,
      logger: deps.logger,
      refused: (code, appId) => deps.metrics.authenticationRefused.inc({ code, app_id: appId ?? '' }),
    }),
  );
  // After authentication: only a request that proved an app's credentials spends its budget.
  appApi.use(
    appRateLimit({
      orm: deps.orm,
      logger: deps.logger,
      defaultPerMinute: deps.config.RATE_LIMIT_APP_PER_MINUTE,
    }),
  );
  // Before any route runs: a key without the route's scope changes nothing and learns nothing.
  appApi.use(requireRouteScope(appApi));
  appApi.use(appMeRoutes().routes());
  appApi.use(paymentRoutes(deps).routes());
  appApi.use(refundRoutes(deps).routes());
  appApi.use(payoutRoutes(deps).routes());
  appApi.use(payoutBatchRoutes(deps).routes());
  appApi.use(ledgerRoutes(deps).routes());
  appApi.use(invoiceRoutes(deps).routes());
  // Before /events/:id, which would take `stream` for an id.
  appApi.use(eventStreamRoutes(deps, eventStreams).routes());
  appApi.use(eventRoutes(deps).routes());
  appApi.use(webhookEndpointRoutes(deps).routes());
  appApi.use(requestLogRoutes(deps).routes());
  appApi.use(reportRoutes(deps).routes());
  return appApi;
}

/** Every route the app API registers, as `METHOD path` (HEAD left out: it is answered as GET). */
export function registeredAppRoutes(router: Router): string[] {
  const routes = new Set<string>();
  for (const layer of router.stack) {
    for (const method of layer.methods) if (method !== 'HEAD') routes.add(`${method} ${String(layer.path)}`);
  }
  return [...routes].sort();
}
