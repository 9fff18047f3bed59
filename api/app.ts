import { reportDownloadRoutes } from './reports/download-routes.js';
import Router from '@koa/router';
import Koa from 'koa';
import { ApiError } from '../domain/shared/errors.js';
import type { ApiDeps } from './deps.js';
import { errorEnvelope } from './middleware/errors.js';
import { requestId } from './middleware/request-id.js';
import { securityHeaders } from './middleware/security-headers.js';
import { storableUrl } from './middleware/storable-url.js';
import { createMetrics, methodLabel } from './metrics.js';
import { latestLedgerVerifyRun } from '../db/ledger/ledger-verify-runs.js';
import { registerPoolGauge } from '../platform/orm/pool-metrics.js';
import { metricsAccess } from './middleware/metrics-access.js';
import { buildAudienceDocument, buildOpenApiDocument } from './openapi/document.js';
import type { Json } from './openapi/json-schema.js';
import type { Audience } from './openapi/tags.js';
import { deploymentWords } from './docs/deployment-words.js';
import { docsRoutes } from './docs/routes.js';
import { pythonSdkRoutes } from './docs/python-sdk-routes.js';
import { sdkRoutes } from './docs/sdk-routes.js';
import { webFontRoutes } from './pages/web-fonts.js';
import { requestLog } from './middleware/request-log.js';
import { statusApiRoutes, statusPageRoutes } from './gateway-health/status-routes.js';
import { checkoutApiRoutes, checkoutPageRoutes } from './payments/checkout-routes.js';
import { gatewayCallbackRoutes } from './payments/gateway-callback-routes.js';
import { createEventStreamHub } from './webhooks/event-stream-hub.js';
import { appApiRoutes } from './apps/app-api.js';
import { payPageRoutes } from './invoices/pay-routes.js';
import { adminApiRoutes } from './admin/index.js';
import { dashboardAreas } from './admin/areas.js';
import { dashboardRoutes } from './admin/pages/index.js';
import { traceRequests } from './middleware/request-tracing.js';
import { forwardedHeadersFromProxyOnly } from './middleware/trusted-proxy.js';
import { tracingActive } from '../platform/telemetry/tracing.js';
import { PROBE_ROUTES, probeRoutes } from './health/probe-routes.js';
import { routeTemplateOf } from './middleware/route-template.js';

/** 405 in the envelope, with the Allow header the router computed for the route. */
const allowedMethods = (router: Router): Koa.Middleware => {
  const inner = router.allowedMethods() as Koa.Middleware;
  return async (ctx, next) => {
    await inner(ctx, next);
    if ((ctx.status === 405 || ctx.status === 501) && !ctx.body) throw new ApiError('METHOD_NOT_ALLOWED');
  };
};

/** Builds the HTTP application from its dependencies; the entry point only listens. */
export function createApp(deps: ApiDeps): Koa {
  // X-Forwarded-For is believed only from the configured number of proxies in front of us, so a
  // client cannot choose the IP that audit entries and rate limits see.
  const hops = deps.config.TRUSTED_PROXY_HOPS;
  const app = new Koa({ proxy: hops > 0, maxIpsCount: hops });
  // And only on a connection from the proxy itself, before anything reads an address.
  if (hops > 0) app.use(forwardedHeadersFromProxyOnly(deps.config.TRUSTED_PROXY_ADDRESSES));
  // Built when first asked for: most processes never serve it, and building it converts every
  // request and response schema to JSON Schema.
  let openApi: ReturnType<typeof buildOpenApiDocument> | undefined;
  const metrics = createMetrics(
    (sql) => deps.orm.em.fork().getConnection().execute(sql),
    () => latestLedgerVerifyRun((sql) => deps.orm.em.fork().getConnection().execute(sql)),
  );
  metrics.registry.registerMetric(deps.gateways.calls);
  registerPoolGauge(metrics.registry, deps.orm);
  const routeDeps = { ...deps, metrics };

  // A span per request, first, when tracing is on (platform/telemetry/tracing.ts).
  if (tracingActive()) app.use(traceRequests());
  app.use(requestId());
  app.use(securityHeaders(deps.config, deps.gateways.pageOrigins()));
  app.use(async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = routeTemplateOf(ctx) ?? 'unmatched';
      const seconds = (performance.now() - started) / 1000;
      metrics.httpDuration.observe({ method: methodLabel(ctx.method), route, status: ctx.status }, seconds);
      // Probes arrive every few seconds: readiness logs its own changes instead.
      if (!PROBE_ROUTES.has(route)) {
        deps.logger.info(
          {
            requestId: ctx.state.requestId,
            method: ctx.method,
            route,
            status: ctx.status,
            ms: Math.round(seconds * 1000),
          },
          'request',
        );
      }
    }
  });
  // Outside the envelope, so an app's request is logged as it was answered, refusals included.
  deps.requestLog.onDropped((count) => metrics.requestLogDropped.inc(count));
  // REQUEST_LOG_ENABLED=false keeps none (to measure what keeping them costs).
  if (deps.config.REQUEST_LOG_ENABLED !== false) {
    app.use(requestLog({ writer: deps.requestLog, logger: deps.logger, clock: deps.clock }));
  }
  app.use(errorEnvelope(deps.logger));
  app.use(storableUrl());

  // Public: no credentials.
  const open = new Router();
  open.get('/metrics', metricsAccess(deps.config), async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  open.get('/', (ctx) => ctx.redirect('/docs'));
  open.get('/api/v1/openapi.json', (ctx) => {
    ctx.body = openApi ??= buildOpenApiDocument(deps.config.PUBLIC_URL);
  });
  // Each reader's part of it: the app API alone (the /docs/api reference), and the operators'.
  const audienceDocuments = new Map<Audience, Json>();
  for (const audience of ['apps', 'operators'] as const) {
    open.get(`/api/v1/openapi/${audience}.json`, (ctx) => {
      let document = audienceDocuments.get(audience);
      if (!document) {
        document = buildAudienceDocument(deps.config.PUBLIC_URL, audience);
        audienceDocuments.set(audience, document);
      }
      ctx.body = document;
    });
  }
  const publicApi = new Router({ prefix: '/api/v1' });
  publicApi.use(checkoutApiRoutes(routeDeps).routes());
  publicApi.use(gatewayCallbackRoutes(routeDeps).routes());
  publicApi.use(statusApiRoutes(routeDeps).routes());
  const pages = checkoutPageRoutes(routeDeps);
  const payPages = payPageRoutes(routeDeps);

  // Authenticated: an app's own data, in its credential's mode, by the key's scopes.
  const appApi = appApiRoutes(routeDeps, deps.eventStreams ?? createEventStreamHub());

  const adminApi = adminApiRoutes(routeDeps);

  const dashboard = dashboardRoutes(routeDeps, dashboardAreas);

  for (const router of [
    probeRoutes(deps.readiness),
    open,
    docsRoutes(deploymentWords(deps.config)),
    sdkRoutes(deps.config.PUBLIC_URL),
    pythonSdkRoutes(deps.config.PUBLIC_URL),
    webFontRoutes(),
    statusPageRoutes(routeDeps),
    reportDownloadRoutes(routeDeps),
    publicApi,
    pages,
    payPages,
    adminApi,
    ...dashboard,
    appApi,
  ]) {
    app.use(router.routes());
    app.use(allowedMethods(router));
  }
  return app;
}
