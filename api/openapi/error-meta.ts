import { SCOPES } from '../../domain/apps/scopes.js';
import { ERROR_CATALOGUE, type ErrorCode } from '../../domain/shared/errors.js';
import { MAX_ENDPOINTS_PER_MODE } from '../../domain/webhooks/webhook-endpoints.js';
import { PAYMENT_STATUSES } from '../../domain/payments/payment-status.js';
import { UPLOAD_LIMIT_CODES } from '../../domain/uploads/upload-limits.js';
import { BATCH_LINE_ERROR_CODES } from '../../domain/payouts/payout-batches.js';
import { instant, integer, nullableText, record, ref, text, type Json } from './json-schema.js';

/**
 * An error answer's `meta`, one shape per kind of `details`: a union on `errorCode`, so a typed
 * client that checks the code reads that code's details with their own fields.
 */

const FIELD_ISSUES: Json = {
  type: 'array',
  description: 'One entry per field that was refused',
  items: record({ field: text, message: text, code: text }, ['code']),
};

/** Each code whose answer carries details, with those details (codes are in one group only). */
const DETAILED: Array<{ codes: ErrorCode[]; details: Json; always?: boolean }> = [
  {
    // Field-by-field refusals: the request's fields, or the one a limit applies to.
    codes: [
      'VALIDATION_ERROR',
      'PAGE_TOO_DEEP',
      'AMOUNT_OUT_OF_RANGE',
      'GATEWAY_NOT_FOUND',
      'GATEWAY_SWITCHED_OFF',
      'PASSWORD_TOO_WEAK',
      'GATEWAY_CREDENTIALS_WRONG_MODE',
      'KEY_NAME_TAKEN',
    ],
    details: FIELD_ISSUES,
  },
  {
    codes: ['REFUND_EXCEEDS_REFUNDABLE', 'PAYMENT_NOT_REFUNDABLE'],
    details: record({
      refundableMinor: { ...integer, minimum: 0, description: 'What can still be refunded on the payment' },
    }),
  },
  {
    codes: ['DUPLICATE_ORDER'],
    details: {
      ...record({
        orderId: text,
        reference: { type: 'string', pattern: '^pay_[0-9a-z]{20}$' },
        status: { type: 'string', enum: [...PAYMENT_STATUSES] },
      }),
      description: 'The payment the order already has',
    },
    always: true,
  },
  {
    codes: ['PAYOUT_AMOUNT_OUT_OF_RANGE'],
    details: {
      ...record({ rail: text, minAmountMinor: integer, maxAmountMinor: integer }),
      description: "What the beneficiary's rail pays in one transfer",
    },
    always: true,
  },
  {
    codes: ['RAIL_NOT_CONFIGURED', 'RAIL_SWITCHED_OFF'],
    details: {
      ...record({ rail: text, mode: { type: 'string', enum: ['TEST', 'LIVE'] } }),
      description:
        'The rail the beneficiary needs, and the mode it is not configured in (RAIL_NOT_CONFIGURED) or operators switched it off in (RAIL_SWITCHED_OFF)',
    },
    always: true,
  },
  {
    codes: ['PAYOUT_BATCH_LINES_INVALID'],
    details: {
      ...record({
        issueCount: { ...integer, minimum: 1 },
        lines: {
          type: 'array',
          description: 'Every invalid line (the first 1,000), in line order',
          items: record({
            line: {
              ...integer,
              minimum: 1,
              description: '1-based, in the order sent (the first line under a file’s header is 1)',
            },
            lineReference: nullableText,
            errorCode: { type: 'string', enum: [...BATCH_LINE_ERROR_CODES] },
            field: nullableText,
            message: text,
          }),
        },
      }),
      description: "The batch's invalid lines; nothing was created",
    },
    always: true,
  },
  {
    codes: ['REFUND_DESTINATION_REQUIRED', 'REFUND_DESTINATION_CONFLICT'],
    details: {
      ...record({ gateway: nullableText }),
      description: "The payment's gateway",
    },
    always: true,
  },
  {
    codes: ['RAIL_NOT_AVAILABLE'],
    details: {
      ...record(
        {
          rail: text,
          mode: { type: 'string', enum: ['TEST', 'LIVE'] },
          minAmountMinor: integer,
          maxAmountMinor: integer,
        },
        ['mode', 'minAmountMinor', 'maxAmountMinor'],
      ),
      description: "The destination's rail, and the mode it is not configured in or the amounts it pays",
    },
    always: true,
  },
  {
    codes: ['INVOICE_PAYMENT_IN_FLIGHT'],
    details: record({ paymentsInFlight: { ...integer, minimum: 1 } }),
  },
  {
    codes: ['PAYMENT_EXCEEDS_OUTSTANDING'],
    details: record({
      payableMinor: {
        ...integer,
        minimum: 0,
        description: 'The most a new payment may be for, counting payments still in progress',
      },
      outstandingMinor: { ...integer, description: 'What the invoice lacks' },
      inFlightMinor: { ...integer, description: 'Payments for it still in progress' },
    }),
    always: true,
  },
  {
    codes: ['SETTLEMENT_FILE_INVALID'],
    details: {
      ...record({
        row: { ...integer, description: '1-based; the header is row 1' },
        column: nullableText,
        problem: text,
      }),
      description: "The file's first problem",
    },
  },
  {
    // A refused upload: the limit's setting and value where a limit refused it, and the upload.
    codes: UPLOAD_LIMIT_CODES,
    details: record(
      {
        limit: {
          type: ['string', 'integer', 'null'],
          description: 'The setting whose limit the file passed',
        },
        value: { type: ['integer', 'null'], description: "That setting's value" },
        uploadId: { ...integer, description: 'The upload, as GET /admin/settlements/uploads/{id} names it' },
      },
      ['limit', 'value', 'uploadId'],
    ),
  },
  {
    codes: ['WEBHOOK_ENDPOINT_LIMIT'],
    details: record({ limit: { ...integer, minimum: 1, description: 'Endpoints an app may have per mode' } }),
    always: true,
  },
  {
    codes: ['INSUFFICIENT_SCOPE'],
    details: record({
      requiredScope: {
        type: ['string', 'null'],
        enum: [...SCOPES, null],
        description: 'The scope the request needs; null: the route is not open to API keys',
      },
    }),
    always: true,
  },
  {
    codes: ['LIMIT_EXCEEDED'],
    details: record({
      kind: { type: 'string', enum: ['PAYMENT', 'REFUND', 'PAYOUT'] },
      limit: { type: 'string', enum: ['PER_TRANSACTION', 'PER_DAY'] },
      limitMinor: { ...integer, minimum: 1 },
      currency: text,
    }),
    always: true,
  },
  {
    codes: ['LOGIN_THROTTLED', 'LEDGER_VERIFICATION_THROTTLED', 'VELOCITY_LIMITED'],
    details: record({ retryAfterSeconds: integer }),
  },
  {
    codes: ['STEP_UP_REQUIRED'],
    details: {
      ...record(
        {
          method: {
            type: 'string',
            enum: ['CODE', 'PASSWORD', 'IDENTITY_PROVIDER'],
            description:
              'What confirms it is the operator: a fresh authenticator code, the password, or a fresh sign-in at the identity provider',
          },
          url: {
            type: 'string',
            format: 'uri',
            description:
              "CODE or PASSWORD: POST the answer here (POST /admin/session/step-up). IDENTITY_PROVIDER: open this page in the operator's browser with the session; it goes to the provider with prompt=login and max_age=0 and back",
          },
          identityProviderUrl: {
            type: 'string',
            format: 'uri',
            description:
              'For a person of the identity provider who also has a code: the provider way as well',
          },
          validForSeconds: { ...integer, description: 'How long the step-up then lasts' },
        },
        ['identityProviderUrl'],
      ),
      description: 'How this operator steps up; then repeat the request',
    },
  },
  {
    codes: ['SECOND_FACTOR_REQUIRED'],
    details: {
      ...record({ challenge: text, expiresAt: instant }),
      description: 'Send the challenge back with the code (POST /admin/session/second-factor)',
    },
  },
  {
    codes: ['NOT_READY'],
    details: {
      ...record({
        status: {
          type: 'string',
          enum: ['not_ready', 'draining'],
          description: '`draining`: the process is shutting down and finishing what is in flight',
        },
        failed: { type: 'array', items: text, description: 'The checks that failed, by name' },
        checks: {
          type: 'object',
          additionalProperties: ref('ReadinessCheck'),
          description: 'Every check by name (postgresql, temporal); none while draining',
        },
      }),
      description: 'Which dependency failed and why',
    },
    always: true,
  },
  // Last, so the generated SDKs' earlier shapes keep their names.
  {
    codes: ['PAYOUTS_NOT_ENABLED'],
    details: {
      ...record({ mode: { type: 'string', enum: ['TEST', 'LIVE'] } }),
      description: "The mode the app's payouts are off in",
    },
    always: true,
  },
];

const common = { success: { type: 'boolean', const: false }, timestamp: instant, requestId: text };

const meta = (codes: ErrorCode[], details?: Json, always = false): Json =>
  record(
    {
      ...common,
      errorCode: { type: 'string', enum: codes },
      message: text,
      ...(details && { details }),
    },
    details && !always ? ['details'] : [],
  );

export function errorMetaSchema(): Json {
  const detailed = new Set(DETAILED.flatMap((group) => group.codes));
  const plain = (Object.keys(ERROR_CATALOGUE) as ErrorCode[]).filter((code) => !detailed.has(code));
  return {
    description:
      "An error's meta: `details` has the shape its `errorCode` gives it; codes not listed with details carry none",
    oneOf: [...DETAILED.map((group) => meta(group.codes, group.details, group.always)), meta(plain)],
  };
}

/** Details an example of each detailed code carries: what a client of that code reads. */
const DETAILS_EXAMPLES: Partial<Record<ErrorCode, Json | Json[]>> = {
  VALIDATION_ERROR: [
    { field: 'amountMinor', message: 'Too small: expected number to be >0', code: 'too_small' },
  ],
  DUPLICATE_ORDER: { orderId: 'order-10234', reference: 'pay_7k2m9q4x8w1n5c3v6b0z', status: 'PENDING' },
  REFUND_EXCEEDS_REFUNDABLE: { refundableMinor: 100000 },
  PAYMENT_NOT_REFUNDABLE: { refundableMinor: 0 },
  REFUND_DESTINATION_REQUIRED: { gateway: 'nagad' },
  REFUND_DESTINATION_CONFLICT: { gateway: 'nagad' },
  RAIL_NOT_AVAILABLE: { rail: 'bank', mode: 'TEST' },
  PAYOUTS_NOT_ENABLED: { mode: 'LIVE' },
  WEBHOOK_ENDPOINT_LIMIT: { limit: MAX_ENDPOINTS_PER_MODE },
  INSUFFICIENT_SCOPE: { requiredScope: 'payments' },
  LIMIT_EXCEEDED: { kind: 'PAYMENT', limit: 'PER_TRANSACTION', limitMinor: 5000000, currency: 'BDT' },
  NOT_READY: {
    status: 'not_ready',
    failed: ['postgresql'],
    checks: {
      postgresql: { status: 'failed', latencyMs: 2000, reason: 'no answer within 2000 ms' },
      temporal: { status: 'ok', latencyMs: 4 },
    },
  },
};

/**
 * The error envelope a code answers with, for the reference to show beside each error; none for a
 * code whose details are always there and have no example above.
 */
export function errorEnvelopeExample(code: string): Json | undefined {
  if (!(code in ERROR_CATALOGUE)) return undefined;
  const errorCode = code as ErrorCode;
  const details = DETAILS_EXAMPLES[errorCode];
  if (!details && DETAILED.some((group) => group.always && group.codes.includes(errorCode))) return undefined;
  return {
    data: null,
    meta: {
      success: false,
      timestamp: '2026-11-27T10:15:02.000Z',
      requestId: 'req_6f1c2b9e-8d4a-4f0b-9a73-2e5d1c7b8a40',
      errorCode,
      message: ERROR_CATALOGUE[errorCode].message,
      ...(details && { details }),
    },
  };
}
