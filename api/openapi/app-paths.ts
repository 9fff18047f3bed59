import type { ZodType } from 'zod';
import { GATEWAY_MODULES } from '../../gateways/catalogue.js';
import { PAYMENT_STATUSES } from '../../domain/payments/payment-status.js';
import { createPaymentBody, listPaymentsQuery } from '../payments/payment-schemas.js';
import { createRefundBody, listRefundsQuery } from '../refunds/refund-schemas.js';
import { REFUND_STATUSES } from '../../domain/refunds/refunds.js';
import { NO_NUL, fromZod, queryParameters, ref, type Json } from './json-schema.js';
import { errorResponse, list, ok, withStandardAnswers } from './responses.js';
import { APP_TAGS, OPERATOR_TAGS } from './tags.js';

const auth = [{ ApiKey: [], ApiSecret: [] }];
/** A body naming no gateway is held to the limits of the gateway every app has by default. */
const DEFAULT_GATEWAY = 'sslcommerz';

const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retried create safe: the first answer is replayed for 24 h; printable ASCII without spaces, 1 to 255 characters. X-Idempotency-Key is accepted too.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
};

/** The list filter `status`: one status or several, comma-separated. */
const statusFilter = {
  type: 'string',
  pattern: `^(${PAYMENT_STATUSES.join('|')})(,(${PAYMENT_STATUSES.join('|')}))*$`,
  examples: ['SUCCEEDED', 'FAILED,EXPIRED'],
  description: `One status, or several separated by commas: ${PAYMENT_STATUSES.join(', ')}`,
};

export const paymentListParameters = (s: ZodType = listPaymentsQuery, extra: Record<string, Json> = {}) =>
  queryParameters(s, { status: statusFilter, ...extra });

const gatewayIs = (gateway: string): Json =>
  gateway === DEFAULT_GATEWAY
    ? { anyOf: [{ not: { required: ['gateway'] } }, { properties: { gateway: { const: gateway } } }] }
    : { required: ['gateway'], properties: { gateway: { const: gateway } } };

const currencyIs = (currency: string): Json =>
  currency === 'BDT'
    ? { anyOf: [{ not: { required: ['currency'] } }, { properties: { currency: { const: currency } } }] }
    : { required: ['currency'], properties: { currency: { const: currency } } };

/**
 * The create body with what each gateway takes: its currencies, and per currency its amount
 * range, so a body the document allows is one the service accepts.
 */
function createPaymentSchema(): Json {
  const base = fromZod(createPaymentBody) as { properties: Record<string, Json> };
  const gateways = GATEWAY_MODULES.map((module) => module.name);
  const limitsOf = (module: (typeof GATEWAY_MODULES)[number]) =>
    Object.fromEntries(
      module.description.currencies.map((currency) => [
        currency,
        module.description.currencyLimits?.[currency] ?? module.description,
      ]),
    );
  const currencies = [...new Set(GATEWAY_MODULES.flatMap((module) => module.description.currencies))];
  const conditions = GATEWAY_MODULES.flatMap((module) => {
    const limits = limitsOf(module);
    return [
      {
        if: gatewayIs(module.name),
        then: {
          anyOf: Object.keys(limits).map(currencyIs),
          description: `${module.name} takes ${Object.keys(limits).join(', ')}`,
        },
      },
      ...Object.entries(limits).map(([currency, limit]) => ({
        if: { allOf: [gatewayIs(module.name), currencyIs(currency)] },
        then: {
          properties: { amountMinor: { minimum: limit.minAmountMinor, maximum: limit.maxAmountMinor } },
        },
      })),
    ];
  });
  return {
    ...base,
    properties: {
      ...base.properties,
      currency: { ...base.properties.currency, enum: currencies },
      gateway: {
        type: 'string',
        enum: gateways,
        description:
          "Without it the customer chooses among the app's gateways on the hosted checkout (the one gateway, when the app has one)",
      },
    },
    allOf: conditions,
  };
}

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Numeric id or reference',
  schema: { type: 'string', pattern: '^([0-9]{1,15}|pay_[0-9a-z]{20})$' },
};

/** Lets generated clients (and the fuzzer) follow a created payment to its reads. */
const paymentLinks = {
  GetPayment: { operationId: 'getPayment', parameters: { id: '$response.body#/data/reference' } },
  GetReceipt: { operationId: 'getReceipt', parameters: { id: '$response.body#/data/reference' } },
  GetCheckout: { operationId: 'getCheckout', parameters: { reference: '$response.body#/data/reference' } },
};

export const appApiSchemas = (): Record<string, Json> => ({
  CreatePayment: createPaymentSchema(),
  CreateRefund: fromZod(createRefundBody),
});

const refundIdParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Numeric id or reference',
  schema: { type: 'string', pattern: '^([0-9]{1,15}|rf_[0-9a-z]{20})$' },
};

export const appApiPaths = (): Record<string, Json> => ({
  '/app/me': {
    get: {
      operationId: 'getAppMe',
      tags: [APP_TAGS.app.name],
      summary: 'The app and mode these credentials resolve to',
      security: auth,
      responses: withStandardAnswers({ 200: ok('App', ref('AppMe')) }, { authenticated: true }),
    },
  },
  '/payments': {
    post: {
      operationId: 'createPayment',
      tags: [APP_TAGS.payments.name],
      summary: 'Create a payment',
      security: auth,
      parameters: [idempotencyHeader],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ref('CreatePayment') } },
      },
      responses: withStandardAnswers(
        {
          201: {
            ...ok(
              'Payment created (or, for a repeated Idempotency-Key, the one it created); send the customer to checkoutUrl',
              ref('Payment'),
            ),
            links: paymentLinks,
          },
          400: errorResponse(
            'VALIDATION_ERROR (including a key given twice, or text with NUL or lone surrogates), INVALID_JSON or INVALID_IDEMPOTENCY_KEY',
          ),
          404: errorResponse('GATEWAY_NOT_FOUND (the gateway is not configured or inactive for this app)'),
          409: errorResponse(
            'IDEMPOTENCY_REQUEST_IN_PROGRESS, or DUPLICATE_ORDER (details name the payment the order already has)',
          ),
          422: errorResponse(
            "AMOUNT_OUT_OF_RANGE (outside the gateway's per-currency limits) or IDEMPOTENCY_KEY_REUSED",
          ),
        },
        { authenticated: true, jsonBody: true },
      ),
    },
    get: {
      operationId: 'listPayments',
      tags: [APP_TAGS.payments.name],
      summary: 'List payments, newest first, with a summary by status',
      security: auth,
      parameters: paymentListParameters(),
      responses: withStandardAnswers(
        { 200: list('A page of payments', ref('Payment'), ref('StatusSummary')) },
        { authenticated: true },
      ),
    },
  },
  '/payments/{id}': {
    get: {
      operationId: 'getPayment',
      tags: [APP_TAGS.payments.name],
      summary: 'Read a payment',
      security: auth,
      parameters: [idParam],
      responses: withStandardAnswers(
        {
          200: ok('The payment with its refunds and disputes', ref('PaymentWithRefunds')),
          404: errorResponse('PAYMENT_NOT_FOUND'),
        },
        { authenticated: true },
      ),
    },
  },
  '/payments/{id}/receipt': {
    get: {
      operationId: 'getReceipt',
      tags: [APP_TAGS.payments.name],
      summary: 'Receipt of a settled payment',
      security: auth,
      parameters: [idParam],
      responses: withStandardAnswers(
        {
          200: ok('Receipt', ref('Receipt')),
          403: errorResponse('RECEIPTS_DISABLED or APP_SUSPENDED'),
          404: errorResponse('PAYMENT_NOT_FOUND'),
          409: errorResponse('RECEIPT_NOT_AVAILABLE'),
        },
        { authenticated: true },
      ),
    },
  },
  '/payments/{id}/refunds': {
    post: {
      operationId: 'createRefund',
      tags: [APP_TAGS.refunds.name],
      summary: 'Refund all or part of a payment; the outcome arrives as refund.succeeded or refund.failed',
      security: auth,
      parameters: [idParam, idempotencyHeader],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ref('CreateRefund') } },
      },
      responses: withStandardAnswers(
        {
          201: {
            ...ok('Refund taken (or, for a repeated Idempotency-Key, the one it took)', ref('Refund')),
            links: {
              GetRefund: { operationId: 'getRefund', parameters: { id: '$response.body#/data/reference' } },
            },
          },
          400: errorResponse(
            'VALIDATION_ERROR (including a key given twice, or text with NUL or lone surrogates), INVALID_JSON or INVALID_IDEMPOTENCY_KEY',
          ),
          404: errorResponse('PAYMENT_NOT_FOUND'),
          409: errorResponse('PAYMENT_NOT_REFUNDABLE or IDEMPOTENCY_REQUEST_IN_PROGRESS'),
          422: errorResponse(
            'REFUND_EXCEEDS_REFUNDABLE (details.refundableMinor says what is left), REFUND_DESTINATION_REQUIRED (the gateway cannot refund: give a destination or manualConfirmation), REFUND_DESTINATION_CONFLICT, RAIL_NOT_AVAILABLE or IDEMPOTENCY_KEY_REUSED',
          ),
        },
        { authenticated: true, jsonBody: true },
      ),
    },
    get: {
      operationId: 'listPaymentRefunds',
      tags: [APP_TAGS.refunds.name],
      summary: "A payment's refunds",
      security: auth,
      parameters: [idParam],
      responses: withStandardAnswers(
        {
          200: list("The payment's refunds, oldest first, all on one page", ref('Refund')),
          404: errorResponse('PAYMENT_NOT_FOUND'),
        },
        { authenticated: true },
      ),
    },
  },
  '/refunds': {
    get: {
      operationId: 'listRefunds',
      tags: [APP_TAGS.refunds.name],
      summary: 'List refunds, newest first',
      security: auth,
      parameters: queryParameters(listRefundsQuery, {
        status: {
          type: 'string',
          pattern: `^(${REFUND_STATUSES.join('|')})(,(${REFUND_STATUSES.join('|')}))*$`,
          examples: ['SUCCEEDED', 'PROCESSING,FAILED'],
          description: `One status, or several separated by commas: ${REFUND_STATUSES.join(', ')}`,
        },
      }),
      responses: withStandardAnswers(
        { 200: list('A page of refunds', ref('Refund')) },
        { authenticated: true },
      ),
    },
  },
  '/refunds/{id}': {
    get: {
      operationId: 'getRefund',
      tags: [APP_TAGS.refunds.name],
      summary: 'Read a refund',
      security: auth,
      parameters: [refundIdParam],
      responses: withStandardAnswers(
        { 200: ok('Refund', ref('Refund')), 404: errorResponse('REFUND_NOT_FOUND') },
        { authenticated: true },
      ),
    },
  },
  '/ledger/balance': {
    get: {
      operationId: 'getLedgerBalance',
      tags: [APP_TAGS.balance.name],
      summary: "The app's balance per currency, in the credential's mode",
      description:
        'From the ledger: capturedMinor credited to the app for its payments, refundedMinor paid back to its customers, disputedMinor taken back by open or lost disputes, and payableMinor, what the service owes the app (captured less refunded and disputed).',
      security: auth,
      responses: withStandardAnswers(
        { 200: ok('Ledger balance', ref('LedgerBalance')) },
        { authenticated: true },
      ),
    },
  },
  '/checkout/{reference}': {
    get: {
      operationId: 'getCheckout',
      tags: [APP_TAGS.checkout.name],
      summary: 'Public checkout context for the hosted page',
      parameters: [
        {
          name: 'reference',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^pay_[0-9a-z]{20}$' },
        },
      ],
      responses: withStandardAnswers(
        { 200: ok('Checkout', ref('Checkout')), 404: errorResponse('PAYMENT_NOT_FOUND') },
        { rateLimited: true },
      ),
    },
  },
  '/gateways/{gateway}/ipn': {
    post: {
      operationId: 'receiveGatewayNotification',
      tags: [OPERATOR_TAGS.gatewayNotifications.name],
      summary: "Gateway server-to-server notification (the gateway's own form format)",
      description:
        "Only the gateway calls this. Its fields and signature are the gateway's; a notification that does not verify, or names no payment of ours, is refused with 400 CALLBACK_REJECTED. A dispute notice (Stripe's charge.dispute.*) is checked with the gateway's API and recorded at once; 503 when the gateway cannot be asked, so it sends the notice again.",
      parameters: [
        {
          name: 'gateway',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: GATEWAY_MODULES.map((module) => module.name) },
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: { type: 'object', additionalProperties: { type: 'string', pattern: NO_NUL } },
          },
        },
      },
      responses: withStandardAnswers(
        {
          200: ok(
            'Stored and handed to the payment workflow (or recognised as a re-send)',
            ref('CallbackReceipt'),
          ),
          400: errorResponse('CALLBACK_REJECTED, or VALIDATION_ERROR'),
          404: errorResponse('GATEWAY_NOT_FOUND'),
          413: errorResponse('PAYLOAD_TOO_LARGE: a notification is capped at 16 KiB'),
        },
        { formBody: true, rateLimited: true },
      ),
    },
  },
});
