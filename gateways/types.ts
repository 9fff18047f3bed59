import type { OfflineInstructions } from '../domain/manual-receipts.js';
import type { Currency } from '../domain/money.js';
import type { ClaimedOutcome } from '../domain/unsigned-returns.js';

export type { Mode } from '../domain/mode.js';

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

import type { GatewayTransaction } from '../domain/gateway-transaction.js';

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
   * shared words. Such a return is kept and handed over once per payment and claimed outcome.
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
}
