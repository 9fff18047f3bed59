import { appApiRoutes, registeredAppRoutes } from '../../../api/apps/app-api.js';
import { READING_POSTS, ROUTE_SCOPES, scopeOfRoute } from '../../../api/apps/route-scopes.js';
import type { RouteDeps } from '../../../api/deps.js';
import { createEventStreamHub } from '../../../api/webhooks/event-stream-hub.js';
import { FULL_ACCESS, grants } from '../../../domain/apps/scopes.js';

/**
 * Every route the app API registers has a scope in the one table, and the table names no route
 * that is gone: a new route cannot ship open to every key by being forgotten. Building the router
 * touches none of its dependencies (each route reads them when it is called).
 */
describe('the scope of every app route', () => {
  const router = appApiRoutes({ config: {} } as unknown as RouteDeps, createEventStreamHub());
  const registered = registeredAppRoutes(router);

  it('finds the routes the app API registers', () => {
    expect(registered).toContain('POST /api/v1/payments');
    expect(registered).toContain('GET /api/v1/events/stream');
    expect(registered.length).toBeGreaterThan(25);
  });

  it('names a scope for each registered route', () => {
    const missing = registered.filter((route) => !(route in ROUTE_SCOPES));
    expect(missing).toEqual([]);
  });

  it('names no route the app API does not register', () => {
    const stale = Object.keys(ROUTE_SCOPES).filter((route) => !registered.includes(route));
    expect(stale).toEqual([]);
  });

  it('refuses a route it does not name, and answers HEAD as GET', () => {
    expect(scopeOfRoute('POST', '/api/v1/not-a-route')).toBeNull();
    expect(scopeOfRoute('HEAD', '/api/v1/payments')).toBe('read');
  });

  it('keeps money movement behind its own scope, and reporting keys to reading', () => {
    const moving = registered.filter((route) =>
      /^POST \/api\/v1\/(payments|payments\/:id\/refunds)$/.test(route),
    );
    expect(moving.map((route) => ROUTE_SCOPES[route])).toEqual(['payments', 'refunds']);
    for (const route of registered) {
      const needed = ROUTE_SCOPES[route]!;
      expect(grants(['reporting'], needed)).toBe(route.startsWith('GET ') || READING_POSTS.has(route));
      expect(grants(FULL_ACCESS, needed)).toBe(true);
    }
    expect(grants(['payments'], 'refunds')).toBe(false);
    expect(grants(['read'], 'reporting')).toBe(false);
  });
});
