import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Middleware } from 'koa';

/**
 * A server span per request, continuing the caller's trace (W3C `traceparent`), named by the
 * route that served it (`POST /checkout/:reference/pay`); the workflows it starts or signals
 * carry it on. Paths and routes only: query strings and bodies never enter a span.
 */
export function traceRequests(): Middleware {
  const tracer = trace.getTracer('oi-payments-api');
  return async (ctx, next) => {
    const parent = propagation.extract(context.active(), ctx.headers);
    await tracer.startActiveSpan(
      ctx.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': ctx.method, 'url.path': ctx.path },
      },
      parent,
      async (span) => {
        try {
          await next();
          span.setAttribute('http.response.status_code', ctx.status);
          if (ctx.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          const route = (ctx as { _matchedRoute?: string })._matchedRoute;
          if (route) {
            span.updateName(`${ctx.method} ${route}`);
            span.setAttribute('http.route', route);
          }
          span.end();
        }
      },
    );
  };
}
