import { tracedTransport } from '../../platform/telemetry/tracing.js';
import type { GatewayTransport } from '../../platform/http/gateway-transport.js';
import { toDecimalString } from '../../domain/shared/money.js';
import type {
  CheckoutGateway,
  GatewayDescription,
  GatewaySessionRequest,
  GatewayTransaction,
  NeutralCallback,
  RefundRequest,
  RefundResult,
} from '../types.js';
import { ConfirmationNotThrough, GatewayError } from '../types.js';
import { originOf } from '../environment.js';
import { createBkashApi } from './api.js';
import type { BkashApi, BkashCredentials } from './api.js';
import { callbackUrlFor, parseBkashReturn } from './callback.js';
import { decodePaymentKey, toTransaction } from './mapping.js';
import type { PaymentKey } from './mapping.js';
import {
  CURRENCY,
  DEFAULT_REFUND_API,
  INTENT_SALE,
  MODE_WITHOUT_AGREEMENT,
  TRANSACTION_STATUS,
} from './protocol.js';
import type { RefundApi } from './protocol.js';
import { bkashRefunds } from './refunds.js';

export interface BkashGatewayOptions extends BkashCredentials {
  /**
   * The API host without the version path: https://tokenized.sandbox.bka.sh,
   * https://tokenized.pay.bka.sh or the local simulator.
   */
  baseUrl: string;
  /** Where bKash's hosted payment page (bkashURL) lives when we do not know it from `baseUrl`. */
  pageOrigins?: string[];
  timeoutMs?: number;
  /**
   * bKash sets each merchant's per-payment limits at onboarding; BDT 1 to 500,000 unless the
   * merchant agreement says otherwise.
   */
  limits?: { minAmountMinor: number; maxAmountMinor: number };
  /** Which of bKash's refund APIs the merchant account uses (default: the current one, v2). */
  refundApi?: RefundApi;
  transport?: GatewayTransport;
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_LIMITS = { minAmountMinor: 1_00, maxAmountMinor: 500_000_00 };

export const DESCRIPTION: GatewayDescription = {
  name: 'bkash',
  displayName: 'bKash',
  currencies: [CURRENCY],
  ...DEFAULT_LIMITS,
  refunds: 'API',
  serverNotifications: false,
  // bKash's return carries a `signature` field, but nothing we can verify it with.
  signedReturns: false,
};

/** bKash's API hosts and the hosts of the payment page their create answers send customers to. */
const KNOWN_PAGE_ORIGINS: Record<string, string> = {
  'tokenized.sandbox.bka.sh': 'https://sandbox.payment.bkash.com',
  'tokenized.pay.bka.sh': 'https://payment.bkash.com',
};

function pageOriginsFor(options: BkashGatewayOptions): Set<string> {
  const api = new URL(options.baseUrl);
  // A simulator serves its page from its own origin.
  const own = KNOWN_PAGE_ORIGINS[api.hostname] ?? api.origin;
  return new Set([own, ...(options.pageOrigins ?? [])]);
}

function present(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value.trim();
}

/** The payment a refund is for: its paymentID (our session key) and trxID. */
function paymentKeyOf(request: { gatewayTransactionId: string; sessionKey?: string | null }): PaymentKey {
  const { gatewayTransactionId, sessionKey } = request;
  const key =
    decodePaymentKey(gatewayTransactionId) ??
    (sessionKey && gatewayTransactionId ? { paymentId: sessionKey, trxId: gatewayTransactionId } : null);
  if (key) return key;
  throw new GatewayError('GATEWAY_PROTOCOL_ERROR', 'a bKash refund needs "<paymentID>:<trxID>"', {
    gatewayTransactionId,
  });
}

/**
 * execute is the call that takes the customer's money: bKash completes a payment once, and any
 * answer other than a completed payment (2117 "already called", 2056 "not approved", 2023, a lost
 * or garbled answer) leaves payment/status as the authority on what happened. An execute that did
 * not get through (5xx, a timeout, a garbled answer) while status still says `Initiated` decided
 * nothing: `ConfirmationNotThrough` has it made again, and a repeat after all meets 2117 and is
 * read from status.
 */
async function executeOnce(api: BkashApi, paymentId: string): Promise<GatewayTransaction> {
  let executeError: GatewayError | null = null;
  try {
    const answer = await api.execute(paymentId);
    if (answer.transactionStatus === TRANSACTION_STATUS.COMPLETED) return toTransaction(answer);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    executeError = error;
  }
  const transaction = toTransaction(await api.status(paymentId));
  if (executeError === null) return transaction;
  // A refusal (2056, 2023…) is bKash's word; only a call that never reached a decision is repeated.
  if (executeError.code !== 'GATEWAY_REJECTED' && transaction.outcome === 'PENDING') {
    throw new ConfirmationNotThrough(
      `bKash execute did not get through (${executeError.message}); payment/status still says ${transaction.gatewayStatus}`,
      { operation: 'execute', paymentID: paymentId },
    );
  }
  return { ...transaction, raw: { ...transaction.raw, executeError: executeError.message } };
}

export function createBkashGateway(options: BkashGatewayOptions): CheckoutGateway {
  const api = createBkashApi(
    {
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      transport: options.transport ?? tracedTransport('bkash'),
    },
    options,
    options.now ?? Date.now,
  );
  const refunds = bkashRefunds(api, options.refundApi ?? DEFAULT_REFUND_API);
  const pageOrigins = pageOriginsFor(options);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const description: GatewayDescription = { ...DESCRIPTION, ...limits };
  const isHostedPage = (url: string) => {
    const origin = originOf(url);
    return origin !== null && pageOrigins.has(origin);
  };

  return {
    describe: () => description,

    isHostedPage,

    async openSession(request: GatewaySessionRequest) {
      if (request.currency !== CURRENCY) {
        throw new GatewayError('GATEWAY_REJECTED', `bKash takes ${CURRENCY} only, not ${request.currency}`);
      }
      const answer = await api.create({
        mode: MODE_WITHOUT_AGREEMENT,
        // bKash shows it to the customer and fills the wallet number in when it is one.
        payerReference: present(request.customer.phone) ?? request.reference,
        // bKash has one callback URL for every outcome; it appends the outcome as `status`.
        callbackURL: callbackUrlFor(request.successUrl, request.reference),
        amount: toDecimalString(request.amountMinor, CURRENCY),
        currency: CURRENCY,
        intent: INTENT_SALE,
        merchantInvoiceNumber: request.reference,
      });
      if (!isHostedPage(answer.bkashURL)) {
        throw new GatewayError(
          'GATEWAY_PROTOCOL_ERROR',
          `bKash sent a payment page at ${originOf(answer.bkashURL) ?? 'an invalid URL'}, not a known bKash page origin`,
          { operation: 'create', paymentID: answer.paymentID },
        );
      }
      return { sessionKey: answer.paymentID, redirectUrl: answer.bkashURL };
    },

    parseInbound: parseBkashReturn,

    async confirm(callback: NeutralCallback, sessionKey: string | null) {
      // Our own record of the session outranks what the browser brought back: a return naming
      // another paymentID is never executed.
      const paymentId = sessionKey ?? callback.confirmationKey;
      if (paymentId === null) {
        throw new GatewayError('GATEWAY_REJECTED', 'no bKash paymentID to confirm', {
          reference: callback.reference,
        });
      }
      // Only a claimed success may be executed: execute after a cancel would be refused anyway.
      const named = callback.confirmationKey === null || callback.confirmationKey === paymentId;
      if (callback.claimedStatus === 'success' && named) return executeOnce(api, paymentId);
      return toTransaction(await api.status(paymentId));
    },

    async query(reference: string, sessionKey: string | null) {
      if (sessionKey === null) {
        throw new GatewayError('GATEWAY_REJECTED', 'bKash looks payments up by paymentID only', {
          reference,
        });
      }
      return toTransaction(await api.status(sessionKey));
    },

    async refund(request: RefundRequest): Promise<RefundResult> {
      const key = paymentKeyOf(request);
      if (request.currency !== CURRENCY) {
        throw new GatewayError('GATEWAY_REJECTED', `bKash refunds ${CURRENCY} only, not ${request.currency}`);
      }
      return refunds.refund(key, request);
    },

    async queryRefund(request: {
      gatewayRefundId: string;
      gatewayTransactionId: string;
      sessionKey?: string | null;
    }) {
      return refunds.query(paymentKeyOf(request), request.gatewayRefundId);
    },
  };
}
