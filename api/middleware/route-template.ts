import type { Context } from 'koa';

/**
 * The route template the request matched (/api/v1/payments/:id): the last matched layer that
 * serves the method. Koa's router leaves `_matchedRoute` at a middleware's path (a regular
 * expression) when a middleware, the rate limit say, answers before the route runs; the route is
 * known by then all the same. Null when no route serves the request.
 */
export function routeTemplateOf(ctx: Context): string | null {
  const layers = (ctx as { matched?: Array<{ path: unknown; methods: string[] }> }).matched ?? [];
  const route = layers.filter((layer) => layer.methods.includes(ctx.method)).at(-1);
  return typeof route?.path === 'string' ? route.path : null;
}
