import type {
  PayoutBeneficiary as Beneficiary,
  PayoutBeneficiaryType as BeneficiaryType,
} from '../payouts/beneficiary.js';

/**
 * How a refund reaches the customer, as pure rules. A gateway with a refund API refunds it
 * (GATEWAY). A gateway without one (Nagad, money paid by hand) cannot: the refund goes out as a
 * payout to the destination the app or operator gave (PAYOUT), or waits for finance to pay by
 * hand and confirm it when that was chosen explicitly (FINANCE). A bKash refund refused because
 * its payment is past bKash's refund window goes out by its destination too, when it has one.
 */
export type RefundRoute = 'GATEWAY' | 'PAYOUT' | 'FINANCE';

export interface RefundRouteAsk {
  /** The payment gateway's refunds: API, or MANUAL (no refund API). */
  gatewayRefunds: 'API' | 'MANUAL';
  hasDestination: boolean;
  /** The requester chose finance's manual confirmation over a payout. */
  manualConfirmation: boolean;
}

export type RefundRouteRefusal = {
  code: 'REFUND_DESTINATION_REQUIRED' | 'REFUND_DESTINATION_CONFLICT';
};

/** The route a new refund takes, or why it cannot be taken as asked. */
export function routeRefund(ask: RefundRouteAsk): { route: RefundRoute } | RefundRouteRefusal {
  if (ask.hasDestination && ask.manualConfirmation) return { code: 'REFUND_DESTINATION_CONFLICT' };
  if (ask.gatewayRefunds === 'API') return { route: 'GATEWAY' };
  if (ask.hasDestination) return { route: 'PAYOUT' };
  return ask.manualConfirmation ? { route: 'FINANCE' } : { code: 'REFUND_DESTINATION_REQUIRED' };
}

/**
 * Whether a refund goes out by payout once the gateway has answered: a gateway without a refund
 * API never refunds, and one that refused because the payment is past its refund window will not.
 */
export function paysOutByDestination(input: {
  gatewayRefunds: 'API' | 'MANUAL';
  hasDestination: boolean;
  refundWindowClosed: boolean;
}): boolean {
  if (!input.hasDestination) return false;
  return input.gatewayRefunds === 'MANUAL' || input.refundWindowClosed;
}

/**
 * Whether a refund is due to go out by a payout, on what PostgreSQL records alone: it has a
 * destination, and either it was taken for the PAYOUT route, or its gateway's first final answer
 * on record is a refusal past the payment's refund window. A run saying so proves nothing: a
 * refund its gateway still holds (PROCESSING) or refunded must never be paid out a second time.
 */
export function payoutDueOnRecord(input: {
  route: RefundRoute | null;
  hasDestination: boolean;
  firstFinalAnswer: { outcome: 'SUCCEEDED' | 'FAILED' | 'PROCESSING'; refundWindowClosed: boolean } | null;
}): boolean {
  if (!input.hasDestination) return false;
  if (input.route === 'PAYOUT') return true;
  const answer = input.firstFinalAnswer;
  return answer !== null && answer.outcome === 'FAILED' && answer.refundWindowClosed;
}

/**
 * When the customer can expect the money: a wallet payout lands within minutes; a bank transfer
 * by BEFTN is credited on the next banking day (Sunday to Thursday in Bangladesh) after it is
 * sent; a gateway refund takes the gateway's own days; finance's manual refund, finance's time.
 */
export type ArrivalWindow = 'MINUTES' | 'NEXT_BANKING_DAY' | 'GATEWAY' | 'FINANCE';

export interface ExpectedArrival {
  window: ArrivalWindow;
  /** The latest instant the customer should expect it by, from `from`; null when nobody can say. */
  by: string | null;
  /** One sentence for the customer. */
  description: string;
}

const WALLET_MINUTES = 30;
const DHAKA_OFFSET_MS = 6 * 3_600_000;
/** Friday and Saturday are Bangladesh's weekend. */
const WEEKEND_DAYS = new Set([5, 6]);

/** The end (17:00 Dhaka) of the first banking day after `from`'s Dhaka day. */
export function nextBankingDayEnd(from: Date): Date {
  const local = new Date(from.getTime() + DHAKA_OFFSET_MS);
  let day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  do day += 86_400_000;
  while (WEEKEND_DAYS.has(new Date(day).getUTCDay()));
  return new Date(day + 17 * 3_600_000 - DHAKA_OFFSET_MS);
}

export function arrivalWindowFor(beneficiaryType: BeneficiaryType): ArrivalWindow {
  return beneficiaryType === 'BANK_ACCOUNT' ? 'NEXT_BANKING_DAY' : 'MINUTES';
}

/** When a refund by `route` (to `destination`, when paid out) should arrive, counted from `from`. */
export function expectedArrival(
  route: RefundRoute,
  destination: Pick<Beneficiary, 'type'> | null,
  from: Date,
): ExpectedArrival {
  if (route === 'PAYOUT' && destination) {
    if (arrivalWindowFor(destination.type) === 'NEXT_BANKING_DAY') {
      return {
        window: 'NEXT_BANKING_DAY',
        by: nextBankingDayEnd(from).toISOString(),
        description: 'By bank transfer (BEFTN): credited to the account by the next banking day',
      };
    }
    return {
      window: 'MINUTES',
      by: new Date(from.getTime() + WALLET_MINUTES * 60_000).toISOString(),
      description: 'To the mobile wallet: within minutes of the refund being approved',
    };
  }
  if (route === 'FINANCE') {
    return { window: 'FINANCE', by: null, description: 'Paid back by hand by our finance team' };
  }
  return {
    window: 'GATEWAY',
    by: null,
    description: 'Back to the payment method, in the gateway’s own time',
  };
}

/**
 * The payout rail that pays each kind of destination, for the database layer's refund view
 * (db/refunds/refund-view.ts), which may not import gateways/: a copy of the rail list's own
 * answer (gateways/payouts/registry.ts RAIL_FOR_BENEFICIARY, which every decision uses), kept
 * equal to it by test/unit/gateways/payout-rail-registry.test.ts.
 */
export const RAIL_FOR_DESTINATION: Record<BeneficiaryType, string> = {
  BKASH_WALLET: 'bkash',
  NAGAD_WALLET: 'nagad',
  BANK_ACCOUNT: 'bank',
};

/** The payout rail's narrative for a refund: the customer sees which refund it is. */
export const refundNarrative = (refundReference: string) => `Refund ${refundReference}`;

/** The code a paid-out refund fails with when its payout comes back (a bank return). */
export const PAYOUT_RETURNED = 'PAYOUT_RETURNED';

/**
 * Why a refund that was SUCCEEDED by its payout is FAILED after all: the receiving bank sent the
 * transfer back, so the customer was not paid. Led by PAYOUT_RETURNED, as a refund its payout
 * failed is led by the payout's code.
 */
export function payoutReturnedReason(payout: {
  reference: string;
  failureCode: string | null;
  failureReason: string | null;
}): string {
  const why = [payout.failureCode, payout.failureReason].filter(Boolean).join(': ');
  return `${PAYOUT_RETURNED}: payout ${payout.reference} was returned by the receiving bank${why ? ` (${why})` : ''}; the customer was not paid`;
}
