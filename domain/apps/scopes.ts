/**
 * What an API key may do. An app's own TEST/LIVE pair holds every scope (`FULL_ACCESS`, stored as
 * null), so apps that existed before scopes keep working and gain any scope added later. A named
 * key an operator issues holds only the scopes it was given: a leaked reporting key reads, and
 * cannot move money.
 *
 * - read: every read of the app's own objects (payments, refunds, invoices, events, endpoints).
 * - reporting: what a reporting or monitoring system needs on top of reading: the ledger balance,
 *   the request log, the live event stream (`listen`) and report runs (a POST that writes only
 *   a file of the app's own rows: it reads the books, it changes none of them).
 * - payments: create payments, and invoices (an invoice is a request for a payment, no money goes
 *   out, so it folds into payments rather than a scope of its own).
 * - refunds: ask for refunds (money back out to a customer).
 * - payouts: send payouts (money out).
 * - webhooks: change where events are delivered and their signing secrets. Its own scope because
 *   it is integration set-up, not money: a payments key that could re-point webhooks could blind
 *   the app to its own payments, and a reporting key must not be able to.
 *
 * Every scope includes `read`, and `reporting` includes it too: a key that may create a payment
 * can read what it created.
 */
export const SCOPES = ['read', 'reporting', 'payments', 'refunds', 'payouts', 'webhooks'] as const;
export type Scope = (typeof SCOPES)[number];

/** The scopes of an app's own key pair: all of them, now and later. */
export const FULL_ACCESS = 'ALL' as const;
export type KeyScopes = Scope[] | typeof FULL_ACCESS;

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

/** Whether a key holding `held` may use a route that needs `needed`. */
export function grants(held: KeyScopes, needed: Scope): boolean {
  if (held === FULL_ACCESS) return true;
  if (held.includes(needed)) return true;
  return needed === 'read' && held.length > 0;
}

/** The key's scopes as stored: null for full access, else the named key's set, in SCOPES order. */
export function keyScopesOf(stored: readonly string[] | null): KeyScopes {
  if (stored === null) return FULL_ACCESS;
  return SCOPES.filter((scope) => stored.includes(scope));
}
