import type { Scope } from '../../domain/apps/scopes.js';

/**
 * The one table of what each authenticated app route needs, by method and the route's path as
 * the router registers it. A route missing here is refused to every key (fail closed), and
 * test/unit/apps/route-scopes.test.ts fails while any registered app route has no entry, so a
 * new route is classified when it is added. HEAD is answered as GET.
 */
export const ROUTE_SCOPES: Readonly<Record<string, Scope>> = {
  'GET /api/v1/app/me': 'read',

  'POST /api/v1/payments': 'payments',
  'GET /api/v1/payments': 'read',
  'GET /api/v1/payments/:id': 'read',
  'GET /api/v1/payments/:id/receipt': 'read',

  'POST /api/v1/payments/:id/refunds': 'refunds',
  'GET /api/v1/payments/:id/refunds': 'read',
  'GET /api/v1/refunds': 'read',
  'GET /api/v1/refunds/:id': 'read',

  // An invoice asks a customer to pay: a payment's scope, no money goes out.
  'POST /api/v1/invoices': 'payments',
  'GET /api/v1/invoices': 'read',
  'GET /api/v1/invoices/:id': 'read',
  'GET /api/v1/invoices/:id/pdf': 'read',
  'PATCH /api/v1/invoices/:id': 'payments',
  'POST /api/v1/invoices/:id/issue': 'payments',
  'POST /api/v1/invoices/:id/void': 'payments',

  'GET /api/v1/events': 'read',
  'GET /api/v1/events/:id': 'read',
  'GET /api/v1/events/stream': 'reporting',

  'GET /api/v1/webhook-endpoints': 'read',
  'GET /api/v1/webhook-endpoints/:id': 'read',
  'GET /api/v1/webhook-endpoints/:id/attempts': 'read',
  'POST /api/v1/webhook-endpoints': 'webhooks',
  'PATCH /api/v1/webhook-endpoints/:id': 'webhooks',
  'DELETE /api/v1/webhook-endpoints/:id': 'webhooks',
  'POST /api/v1/webhook-endpoints/:id/rotate-secret': 'webhooks',
  'POST /api/v1/webhook-endpoints/:id/recover': 'webhooks',

  'POST /api/v1/payouts': 'payouts',
  'GET /api/v1/payouts': 'read',
  'GET /api/v1/payouts/:id': 'read',
  'POST /api/v1/payouts/:id/cancel': 'payouts',
  'POST /api/v1/payout-batches': 'payouts',
  'GET /api/v1/payout-batches/:id': 'read',
  'GET /api/v1/payout-batches/:id/lines': 'read',
  'POST /api/v1/payout-batches/:id/cancel': 'payouts',

  'GET /api/v1/ledger/balance': 'reporting',
  'GET /api/v1/request-log': 'reporting',
  'GET /api/v1/request-log/:requestId': 'reporting',

  // A run writes a file of rows it read: reading, though it is a POST (READING_POSTS).
  'POST /api/v1/reports/runs': 'reporting',
  'GET /api/v1/reports/runs': 'reporting',
  'GET /api/v1/reports/runs/:id': 'reporting',
  'GET /api/v1/reports/runs/:id/file': 'reporting',
  'GET /api/v1/reports/runs/:id/rows': 'reporting',
};

/** POSTs that change nothing but a file of what they read: a reporting key may make them. */
export const READING_POSTS: ReadonlySet<string> = new Set(['POST /api/v1/reports/runs']);

/** The scope a route needs, or null when the table does not name it (refused). */
export function scopeOfRoute(method: string, path: string): Scope | null {
  const verb = method === 'HEAD' ? 'GET' : method;
  return ROUTE_SCOPES[`${verb} ${path}`] ?? null;
}
