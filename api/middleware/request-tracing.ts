import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Middleware } from 'koa';
import { routeTemplateOf } from './route-template.js';

/**
 * A server span per request, continuing the caller's trace (W3C `traceparent`), named by the
 * route template that served it (`POST /checkout/:reference/pay`, `GET /pay/:token`); the
 * workflows it starts or signals carry it on. The template only: the raw path carries a payable
 * link's token or a payment's reference, and a trace store is read by more people than the
 * database; headers (credentials, bearer tokens), query strings and bodies never enter a span. A
 * request no route served is named by its method alone.
 */
export function traceRequests(): Middleware {
  const tracer = trace.getTracer('oi-payments-api');
  return async (ctx, next) => {
    const parent = propagation.extract(context.active(), ctx.headers);
    await tracer.startActiveSpan(
      ctx.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': ctx.method },
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
          const route = routeTemplateOf(ctx);
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
