import type { CheckoutGateway, GatewayDescription, NeutralCallback, RefundRequest } from '../types.js';
import { GatewayError } from '../types.js';
import { originOf } from '../environment.js';
import { callStripe } from './errors.js';
import { stripeSdk } from './sdk.js';
import { CANCEL_RETURN, parseStripeInbound, verifyStripeDisputeNotice } from './inbound.js';
import { toGatewayDispute, toRefundResult, toTransaction } from './mapping.js';
import {
  CHECKOUT_ORIGIN,
  idempotencyKeys,
  MAX_CHARGE_MINOR,
  MIN_CHARGE_MINOR,
  STRIPE_CURRENCIES,
} from './protocol.js';
import { sessionParams } from './session-params.js';

export interface StripeGatewayOptions {
  secretKey: string;
  /** The `whsec_…` signing secret of our webhook endpoint. */
  webhookSecret: string;
  /** Another API host (the local simulator); Stripe's own by default. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /** Where hosted pages live besides checkout.stripe.com and `host` (a simulator behind another name). */
  pageOrigins?: string[];
  timeoutMs?: number;
  /** The SDK's own retries of connection errors, 409 and 5xx answers (same idempotency key). */
  maxNetworkRetries?: number;
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_NETWORK_RETRIES = 2;

/**
 * Stripe's minimum charge differs by currency (MIN_CHARGE_MINOR); an app learns at creation, not
 * at Stripe's `amount_too_small`, that an amount is too small.
 */
export const DESCRIPTION: GatewayDescription = {
  name: 'stripe',
  displayName: 'Card (Stripe)',
  currencies: STRIPE_CURRENCIES,
  minAmountMinor: 50,
  maxAmountMinor: MAX_CHARGE_MINOR,
  currencyLimits: Object.fromEntries(
    STRIPE_CURRENCIES.map((currency) => [
      currency,
      { minAmountMinor: MIN_CHARGE_MINOR[currency], maxAmountMinor: MAX_CHARGE_MINOR },
    ]),
  ),
  refunds: 'API',
  serverNotifications: true,
  // The success and cancel links are ours, unsigned; Stripe signs its webhooks.
  signedReturns: false,
};

/**
 * What `confirm` and `query` read: the session with its PaymentIntent, that intent's charge and
 * the charge's balance transaction (Stripe's fee).
 */
const SESSION_EXPANSIONS = [
  'payment_intent',
  'payment_intent.latest_charge',
  'payment_intent.latest_charge.balance_transaction',
];

export function createStripeGateway(options: StripeGatewayOptions): CheckoutGateway {
  const now = options.now ?? Date.now;
  const stripe = new (stripeSdk())(options.secretKey, {
    host: options.host,
    port: options.port,
    protocol: options.protocol,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxNetworkRetries: options.maxNetworkRetries ?? DEFAULT_NETWORK_RETRIES,
    appInfo: { name: 'oi-payments' },
  });
  const apiOrigin = options.host
    ? originOf(`${options.protocol ?? 'https'}://${options.host}${options.port ? `:${options.port}` : ''}`)
    : null;
  const pageOrigins = new Set([
    CHECKOUT_ORIGIN,
    ...(apiOrigin ? [apiOrigin] : []),
    ...(options.pageOrigins ?? []),
  ]);

  const retrieveSession = (sessionId: string, operation: string) =>
    callStripe(operation, () => stripe.checkout.sessions.retrieve(sessionId, { expand: SESSION_EXPANSIONS }));

  return {
    describe: () => DESCRIPTION,

    async openSession(request) {
      const session = await callStripe('session', () =>
        stripe.checkout.sessions.create(sessionParams(request, now()), {
          idempotencyKey: idempotencyKeys.session(request.reference),
        }),
      );
      if (!session.url) {
        throw new GatewayError('GATEWAY_PROTOCOL_ERROR', 'Stripe answered a session without a URL', {
          operation: 'session',
          session: session.id,
          status: session.status,
        });
      }
      return { sessionKey: session.id, redirectUrl: session.url };
    },

    isHostedPage(url) {
      const origin = originOf(url);
      return origin !== null && pageOrigins.has(origin);
    },

    parseInbound(request) {
      return parseStripeInbound(request, {
        webhooks: stripe.webhooks,
        webhookSecret: options.webhookSecret,
        now,
      });
    },

    /**
     * Our own session key wins over the one a callback names: a browser return's `session_id` is
     * the customer's word, and could name another payment's session.
     */
    async confirm(callback: NeutralCallback, sessionKey) {
      const sessionId = sessionKey ?? callback.confirmationKey;
      if (!sessionId) {
        throw new GatewayError('GATEWAY_PROTOCOL_ERROR', 'no Checkout Session to confirm', {
          operation: 'confirm',
          reference: callback.reference,
        });
      }
      const session = await retrieveSession(sessionId, 'confirm');
      // The customer left through Checkout's back link: the session is expired so it can take no
      // money later, and what Stripe then reports is the outcome (paid meanwhile stays paid).
      if (callback.claimedStatus === CANCEL_RETURN && session.status === 'open') {
        await callStripe('expire', () => stripe.checkout.sessions.expire(sessionId));
        const closed = toTransaction(await retrieveSession(sessionId, 'confirm'));
        return closed.outcome === 'EXPIRED' ? { ...closed, outcome: 'CANCELLED' } : closed;
      }
      return toTransaction(session);
    },

    /** Stripe finds Checkout Sessions by id only; the core keeps each payment's session key. */
    async query(reference, sessionKey) {
      if (!sessionKey) {
        throw new GatewayError('GATEWAY_PROTOCOL_ERROR', 'Stripe looks payments up by Checkout Session id', {
          operation: 'query',
          reference,
        });
      }
      return toTransaction(await retrieveSession(sessionKey, 'query'));
    },

    async refund(request: RefundRequest) {
      const refund = await callStripe('refund', () =>
        stripe.refunds.create(
          {
            payment_intent: request.gatewayTransactionId,
            amount: request.amountMinor,
            reason: 'requested_by_customer',
            metadata: { refundReference: request.refundReference },
          },
          { idempotencyKey: idempotencyKeys.refund(request.refundReference) },
        ),
      );
      return toRefundResult(refund, refund.lastResponse.headers['idempotent-replayed'] === 'true');
    },

    async queryRefund({ gatewayRefundId, gatewayTransactionId }) {
      const refund = await callStripe('refund query', () => stripe.refunds.retrieve(gatewayRefundId));
      const intent =
        typeof refund.payment_intent === 'string' ? refund.payment_intent : refund.payment_intent?.id;
      if (intent !== gatewayTransactionId) {
        throw new GatewayError('GATEWAY_PROTOCOL_ERROR', 'the refund belongs to another payment', {
          operation: 'refund query',
          gatewayRefundId,
          paymentIntent: intent ?? null,
        });
      }
      return toRefundResult(refund);
    },

    disputes: {
      verifyNotice: (request) =>
        verifyStripeDisputeNotice(request, {
          webhooks: stripe.webhooks,
          webhookSecret: options.webhookSecret,
          now,
        }),
      async retrieve(gatewayDisputeId) {
        return toGatewayDispute(
          await callStripe('dispute', () => stripe.disputes.retrieve(gatewayDisputeId)),
        );
      },
    },
  };
}
