import { z } from 'zod';
import { balanceTransactionObject, payoutObject } from './balance.js';
import type { SimBalanceTransaction, SimPayout } from './state.js';
import type { Simulator } from './context.js';
import { invalidRequest, resourceMissing } from './errors.js';
import type { FormObject } from './form.js';
import { expand } from './objects.js';
import type { StripeObject } from './stripe-object.js';
import { expandList, integer, parseParams } from './params.js';

/**
 * `GET /v1/balance_transactions` and `GET /v1/payouts` (with their retrieves) in Stripe's list
 * shape: newest first, `limit` (1 to 100, default 10), `starting_after` / `ending_before` cursors,
 * `has_more`, and the filters the SDK sends (`payout`, `type`, `created[gte]`, `arrival_date[lt]`…).
 */

const range = z.union([
  integer,
  z
    .object({
      gt: integer.optional(),
      gte: integer.optional(),
      lt: integer.optional(),
      lte: integer.optional(),
    })
    .strict(),
]);

const page = {
  limit: integer.pipe(z.number().int().min(1).max(100)).optional(),
  starting_after: z.string().min(1).optional(),
  ending_before: z.string().min(1).optional(),
  expand: expandList,
};

const balanceListSchema = z
  .object({
    ...page,
    payout: z.string().min(1).optional(),
    type: z.string().min(1).optional(),
    source: z.string().min(1).optional(),
    currency: z.string().min(3).max(3).optional(),
    created: range.optional(),
  })
  .strict();

const payoutListSchema = z
  .object({
    ...page,
    status: z.enum(['paid', 'pending', 'in_transit', 'canceled', 'failed']).optional(),
    created: range.optional(),
    arrival_date: range.optional(),
    destination: z.string().optional(),
  })
  .strict();

const retrieveSchema = z.object({ expand: expandList }).strict();

function inRange(value: number, filter: z.infer<typeof range> | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'number') return value === filter;
  return (
    (filter.gt === undefined || value > filter.gt) &&
    (filter.gte === undefined || value >= filter.gte) &&
    (filter.lt === undefined || value < filter.lt) &&
    (filter.lte === undefined || value <= filter.lte)
  );
}

interface Listed {
  id: string;
}

/** One page of `items` (already newest first), as Stripe pages its lists. */
function pageOf<T extends Listed>(
  items: readonly T[],
  params: { limit?: number; starting_after?: string; ending_before?: string },
): { data: T[]; hasMore: boolean } {
  const limit = params.limit ?? 10;
  if (params.starting_after && params.ending_before) {
    throw invalidRequest('You may only specify one of these parameters: starting_after, ending_before.');
  }
  if (params.ending_before) {
    const at = items.findIndex((item) => item.id === params.ending_before);
    if (at === -1) throw invalidRequest(`No such object: '${params.ending_before}'`, 'ending_before');
    const before = items.slice(0, at);
    return { data: before.slice(Math.max(0, before.length - limit)), hasMore: before.length > limit };
  }
  let start = 0;
  if (params.starting_after) {
    const at = items.findIndex((item) => item.id === params.starting_after);
    if (at === -1) throw invalidRequest(`No such object: '${params.starting_after}'`, 'starting_after');
    start = at + 1;
  }
  return { data: items.slice(start, start + limit), hasMore: items.length > start + limit };
}

/** `expand[]=data.source` expands each item's `source`. */
function listObject(
  simulator: Simulator,
  url: string,
  objects: StripeObject[],
  hasMore: boolean,
  expansions: readonly string[] = [],
): StripeObject {
  const itemPaths = expansions.filter((path) => path.startsWith('data.')).map((path) => path.slice(5));
  return {
    object: 'list',
    data: objects.map((object) => expand(simulator, object, itemPaths)),
    has_more: hasMore,
    url,
  };
}

const newestFirst = (a: SimBalanceTransaction, b: SimBalanceTransaction) => b.sequence - a.sequence;

export function listBalanceTransactions(simulator: Simulator, form: FormObject): StripeObject {
  const params = parseParams(balanceListSchema, form);
  const { state } = simulator;
  if (params.payout && !state.payouts.has(params.payout))
    throw resourceMissing('payout', params.payout, 'payout');
  const matching = [...state.balanceTransactions.values()]
    .filter(
      (txn) =>
        (params.payout === undefined || txn.payoutId === params.payout) &&
        (params.type === undefined || txn.type === params.type) &&
        (params.source === undefined || txn.source === params.source) &&
        (params.currency === undefined || txn.currency === params.currency.toLowerCase()) &&
        inRange(txn.created, params.created),
    )
    .sort(newestFirst);
  const { data, hasMore } = pageOf(matching, params);
  return listObject(
    simulator,
    '/v1/balance_transactions',
    data.map((txn) => balanceTransactionObject(simulator, txn)),
    hasMore,
    params.expand,
  );
}

export function retrieveBalanceTransaction(simulator: Simulator, id: string, form: FormObject): StripeObject {
  const params = parseParams(retrieveSchema, form);
  const txn = simulator.state.balanceTransactions.get(id);
  if (!txn) throw resourceMissing('balance_transaction', id);
  return expand(simulator, balanceTransactionObject(simulator, txn), params.expand ?? []);
}

function payoutStatus(simulator: Simulator, payout: SimPayout): string {
  return String(payoutObject(simulator, payout).status);
}

export function listPayouts(simulator: Simulator, form: FormObject): StripeObject {
  const params = parseParams(payoutListSchema, form);
  const matching = [...simulator.state.payouts.values()]
    .filter(
      (payout) =>
        (params.status === undefined || payoutStatus(simulator, payout) === params.status) &&
        inRange(payout.created, params.created) &&
        inRange(payout.arrivalDate, params.arrival_date),
    )
    .reverse();
  const { data, hasMore } = pageOf(matching, params);
  return listObject(
    simulator,
    '/v1/payouts',
    data.map((payout) => payoutObject(simulator, payout)),
    hasMore,
    params.expand,
  );
}

export function retrievePayout(simulator: Simulator, id: string, form: FormObject): StripeObject {
  const params = parseParams(retrieveSchema, form);
  const payout = simulator.state.payouts.get(id);
  if (!payout) throw resourceMissing('payout', id);
  return expand(simulator, payoutObject(simulator, payout), params.expand ?? []);
}
