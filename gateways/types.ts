import type { OfflineInstructions } from '../domain/payments/manual-receipts.js';
import type { Currency } from '../domain/shared/money.js';
import type { ClaimedOutcome } from '../domain/payments/unsigned-returns.js';

export type { Mode } from '../domain/shared/mode.js';

/** What the payment core asks of a gateway when the customer opens checkout. */
export interface GatewaySessionRequest {
  /** Our payment reference; the gateway's merchant transaction id. */
  reference: string;
  amountMinor: number;
  currency: Currency;
  productName: string;
  customer: { name?: string | null; email?: string | null; phone?: string | null };
  /** Where the gateway sends the customer's browser afterwards (display only, never proof). */
  successUrl: string;
  failUrl: string;
  cancelUrl: string;
  /** Where the gateway posts its server-to-server notification. */
  ipnUrl: string;
  /** When our payment expires: gateways whose sessions take an expiry end theirs then. */
  expiresAt?: Date;
}

import type { GatewayTransaction } from '../domain/payments/gateway-transaction.js';

export type { GatewayTransaction };

/** A gateway refused or failed a request; `code` is stable, `message` is the gateway's words. */
export class GatewayError extends Error {
  constructor(
    readonly code: 'GATEWAY_REJECTED' | 'GATEWAY_UNAVAILABLE' | 'GATEWAY_PROTOCOL_ERROR',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/**
 * The call that completes a payment (bKash's execute) did not get through (an outage, a timeout, a
 * garbled answer), and the gateway reports the checkout still open: nothing was decided, so the
 * call is worth making again while the payment's window lasts. Past the window, the payment is
 * closed by one last question to the gateway instead.
 */
export class ConfirmationNotThrough extends GatewayError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('GATEWAY_UNAVAILABLE', message, details);
    this.name = 'ConfirmationNotThrough';
  }
}

export interface RefundRequest {
  gatewayTransactionId: string;
  /** The checkout's session key, for gateways that refund by it (bKash's payment id). */
  sessionKey?: string | null;
  refundReference: string;
  amountMinor: number;
  currency: Currency;
  remarks: string;
}

export interface RefundResult {
  status: 'SUCCEEDED' | 'PROCESSING' | 'FAILED';
  gatewayRefundId: string | null;
  /**
   * The gateway already holds a refund under this refund reference: an earlier try of ours whose
   * answer was lost. Not a failure: the money may be on its way.
   */
  alreadySubmitted?: boolean;
  /**
   * FAILED because the payment is past the gateway's refund window (bKash's 2071): the gateway
   * will never refund it, so a refund with a destination goes out by a payout instead.
   */
  refundWindowClosed?: boolean;
  reason: string | null;
  raw: Record<string, unknown>;
}

/**
 * The gateway-neutral interface every gateway implements in its own folder: the payment core opens
 * a session, turns whatever the gateway sends back into a neutral callback, and asks the gateway's
 * own authority for the truth, without knowing a single wire field.
 */
export interface GatewayDescription {
  name: string;
  displayName: string;
  currencies: readonly Currency[];
  minAmountMinor: number;
  maxAmountMinor: number;
  /** Limits that differ by currency (else min and max above hold for every currency). */
  currencyLimits?: Partial<Record<Currency, { minAmountMinor: number; maxAmountMinor: number }>>;
  /** API: refunds through the gateway; MANUAL: finance records a refund made outside it. */
  refunds: 'API' | 'MANUAL';
  /** Whether the gateway notifies us server to server (else only the browser comes back). */
  serverNotifications: boolean;
  /**
   * Whether the customer's browser returns carry a signature we verify (SSLCOMMERZ's). When false
   * (bKash, Nagad, Stripe's success and cancel links), anyone who knows a payment's reference can
   * send one: it is only a hint to ask the gateway, and operators see it as "not signed". Server
   * notifications, where a gateway sends them, are always signed.
   */
  signedReturns: boolean;
}

/** A request reaching one of our callback routes, as the gateway sent it. */
export interface InboundRequest {
  kind: 'BROWSER_RETURN' | 'NOTIFICATION';
  query: Record<string, string>;
  form: Record<string, string>;
  headers: Record<string, string>;
  rawBody: string;
}

/** What an inbound request claims, before the gateway's authority is asked. */
export interface NeutralCallback {
  reference: string;
  /** The gateway's own words for the outcome it claims (never proof). */
  claimedStatus: string;
  /** What `confirm` needs to ask the gateway about it (a payment id, a validation id). */
  confirmationKey: string | null;
  /**
   * Set on a browser return nobody signed (bKash, Nagad, Stripe): the outcome it claims, in
   * shared words. Such a return is kept once per payment and claimed outcome, and checked with the
   * gateway again when it comes again, spaced so that a flood costs few checks
   * (`domain/payments/callback-checks.ts`).
   */
  unsignedOutcome?: ClaimedOutcome;
}

export type InboundVerdict =
  | { accepted: true; callback: NeutralCallback }
  | {
      accepted: false;
      reason: string;
      /** Received and deliberately ignored (an event about no payment): answer 2xx so it stops. */
      acknowledge?: boolean;
    };

export interface OpenedSession {
  /** The gateway's id for this checkout (bKash's payment id, Nagad's payment reference). */
  sessionKey: string;
  redirectUrl: string;
}

export interface CheckoutGateway {
  describe(): GatewayDescription;
  /**
   * For a gateway the customer pays outside of (bank transfer, cash): what our checkout page tells
   * them. Absent for gateways with pages of their own.
   */
  offlineTerms?(): OfflineInstructions;
  openSession(request: GatewaySessionRequest): Promise<OpenedSession>;
  isHostedPage(url: string): boolean;
  parseInbound(request: InboundRequest): InboundVerdict;
  /** The gateway's authority on a callback: completes the payment where the gateway needs it. */
  confirm(callback: NeutralCallback, sessionKey: string | null): Promise<GatewayTransaction>;
  /** The payment as the gateway knows it now, by its session key (or our reference). */
  query(reference: string, sessionKey: string | null): Promise<GatewayTransaction>;
  refund(request: RefundRequest): Promise<RefundResult>;
  queryRefund(request: {
    gatewayRefundId: string;
    gatewayTransactionId: string;
    sessionKey?: string | null;
  }): Promise<RefundResult>;
  /** Disputes the gateway notifies us of; absent when it notifies none. */
  disputes?: DisputeGateway;
}

/** A dispute as the gateway's own API reports it, in our terms. */
export interface GatewayDispute {
  gatewayDisputeId: string;
  /** The disputed payment's transaction id at the gateway (payments.gateway_transaction_id). */
  gatewayTransactionId: string | null;
  amountMinor: number;
  currency: string;
  reason: string | null;
  status: 'OPEN' | 'WON' | 'LOST';
  /** The gateway's own word for the status. */
  gatewayStatus: string;
  /**
   * What the gateway charged for the dispute (Stripe's dispute fee on the dispute's balance
   * transactions), in the dispute's currency; null while it has charged nothing or says nothing.
   */
  feeMinor: number | null;
}

/**
 * What a signed dispute notice itself says (its snapshot, in our terms): kept with a notice about
 * no payment of ours for finance to see; the gateway's API stays the authority once a payment has it.
 */
export interface DisputeNoticeSnapshot {
  eventId: string | null;
  eventType: string;
  gatewayTransactionId: string | null;
  amountMinor: number | null;
  currency: string | null;
  reason: string | null;
  gatewayStatus: string | null;
}

export type DisputeNoticeVerdict =
  | { accepted: true; gatewayDisputeId: string; snapshot?: DisputeNoticeSnapshot }
  | { accepted: false; reason: string };

/**
 * Disputes a gateway tells us of server to server (Stripe's `charge.dispute.*`): the notice is
 * only checked (its signature) and names the dispute; the gateway's API says what it is.
 */
export interface DisputeGateway {
  verifyNotice(request: InboundRequest): DisputeNoticeVerdict;
  retrieve(gatewayDisputeId: string): Promise<GatewayDispute>;
}
