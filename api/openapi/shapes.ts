import { SCOPES } from '../../domain/apps/scopes.js';
import { MODES } from '../../domain/shared/mode.js';
import { PAYMENT_STATUSES } from '../../domain/payments/payment-status.js';
import {
  PAYMENT_METHOD_TYPE_MEANINGS,
  PAYMENT_METHOD_TYPES,
} from '../../domain/payments/payment-method-type.js';
import { REFUND_STATUSES } from '../../domain/refunds/refunds.js';
import { DISPUTE_STATUSES } from '../../domain/disputes/disputes.js';
import { APPROVAL_RULES } from '../../domain/refunds/refund-approval.js';
import { APPROVER_COUNTS, REQUESTER_KINDS } from '../../domain/refunds/refund-approval-rules.js';
import { ROLES } from '../../domain/operators/permissions.js';
import { ACCOUNT_TYPE_NAMES, ENTRY_KIND_NAMES, ENTRY_SOURCES } from '../../domain/ledger/ledger.js';
import { ATTENTION_KINDS, ATTENTION_REQUEST_STATUSES } from '../../domain/payments/attention.js';
import { DELIVERY_STATUSES } from '../admin/payments/queries.js';
import {
  CUSTOMER_EMAIL_KINDS,
  CUSTOMER_EMAIL_STATUSES,
} from '../../domain/customer-emails/customer-emails.js';
import {
  instant,
  integer,
  nullableInstant,
  nullableInteger,
  nullableText,
  record,
  ref,
  text,
  type Json,
  withExamples,
} from './json-schema.js';
import { errorMetaSchema } from './error-meta.js';
import {
  APP_ME_EXAMPLE,
  CHECKOUT_EXAMPLE,
  DISPUTE_EXAMPLE,
  LEDGER_BALANCE_EXAMPLE,
  META_EXAMPLE,
  PAGINATION_EXAMPLE,
  PAYMENT_EXAMPLE,
  PAYMENT_WITH_REFUNDS_EXAMPLE,
  RECEIPT_EXAMPLE,
  REFUND_EXAMPLE,
  STATUS_SUMMARY_EXAMPLE,
  SUCCEEDED_PAYMENT_EXAMPLE,
} from './answer-examples.js';

/** The bodies the API answers with, as the code that builds them writes them (…/views.ts, db/payments/payment-view.ts). */

const mode = { type: 'string', enum: [...MODES] };
const paymentStatus = { type: 'string', enum: [...PAYMENT_STATUSES] };
const paymentReference = { type: 'string', pattern: '^pay_[0-9a-z]{20}$' };
const eventId = { type: 'string', pattern: '^evt_[0-9a-z]{24}$' };
/** An audited record as it stood: each action records its own fields, so no one shape holds them all. */
const auditState = (when: string): Json => ({
  type: ['object', 'null'],
  additionalProperties: true,
  description: `The audited record's fields ${when}, as the action recorded them (free-form per action); null when none`,
});
/** Every record a journal entry can come from (a payment, a refund, a dispute, a settlement line, …). */
const entrySource = { type: 'string', enum: [...ENTRY_SOURCES] };

const PAYMENT = record({
  id: integer,
  reference: paymentReference,
  status: paymentStatus,
  amountMinor: { type: 'integer', minimum: 1 },
  currency: text,
  amountFormatted: text,
  refundedMinor: { type: 'integer', minimum: 0 },
  customerReference: text,
  customerEmail: nullableText,
  customerPhone: nullableText,
  customerName: nullableText,
  productName: nullableText,
  invoiceId: nullableText,
  orderId: nullableText,
  metadata: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
  gateway: {
    ...nullableText,
    description:
      "The gateway the payment is bound to: the one the app named, the only one it can use for this amount, or the customer's choice on the checkout; null until the customer chooses",
  },
  gatewayTransactionId: nullableText,
  paymentMethod: {
    ...nullableText,
    description: 'The wallet or card scheme that paid, as the gateway reported it',
  },
  paymentMethodType: {
    type: ['string', 'null'],
    enum: [...PAYMENT_METHOD_TYPES, null],
    description: `What kind of method paid, the same for every gateway; null until the payment is captured. ${PAYMENT_METHOD_TYPES.map(
      (type) => `${type}: ${PAYMENT_METHOD_TYPE_MEANINGS[type]}.`,
    ).join(' ')}`,
  },
  failureReason: nullableText,
  returnUrl: nullableText,
  cancelUrl: nullableText,
  checkoutUrl: { type: 'string', format: 'uri' },
  mode,
  expiresAt: instant,
  createdAt: instant,
  updatedAt: instant,
  settledAt: nullableInstant,
});

const REFUND = record({
  id: integer,
  reference: { type: 'string', pattern: '^rf_[0-9a-z]{20}$' },
  paymentReference,
  status: { type: 'string', enum: [...REFUND_STATUSES] },
  amountMinor: { type: 'integer', minimum: 1 },
  currency: text,
  amountFormatted: text,
  funds: {
    type: 'string',
    enum: ['CAPTURED', 'UNAPPLIED'],
    description:
      "CAPTURED: part of the payment's capture. UNAPPLIED: money the gateway captured that the payment could not keep (captured after it closed, or not the amount asked for), returned to the customer.",
  },
  reason: nullableText,
  metadata: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
  failureReason: {
    ...nullableText,
    description:
      "Why it failed, was rejected or expired. A refund paid out by a rail leads with the payout's code (BENEFICIARY_BLOCKED: …), and with PAYOUT_RETURNED: … when the bank sent the transfer back after the refund had succeeded",
  },
  mode,
  createdAt: instant,
  updatedAt: instant,
  settledAt: nullableInstant,
  route: {
    type: 'string',
    enum: ['GATEWAY', 'PAYOUT', 'FINANCE'],
    description:
      "How the money goes back: the gateway's refund, a payout to the destination (a gateway that cannot refund, or a bKash payment past its refund window), or finance paying by hand",
  },
  rail: {
    ...nullableText,
    description: 'The payout rail (bkash, nagad, bank), the payment gateway, or finance',
  },
  payoutReference: {
    type: ['string', 'null'],
    pattern: '^po_[0-9a-z]{20}$',
    description: 'The payout that pays the refund back, once made',
  },
  destination: {
    type: ['object', 'null'],
    required: ['type'],
    description:
      'Where a paid-out refund goes, as given, with wallet and account numbers masked but for their last four digits',
    properties: {
      type: { type: 'string', enum: ['BKASH_WALLET', 'NAGAD_WALLET', 'BANK_ACCOUNT'] },
      walletNumber: text,
      name: nullableText,
      accountNumber: text,
      accountName: text,
      routingNumber: text,
      bankName: nullableText,
    },
    additionalProperties: false,
  },
  expectedArrival: {
    ...record({
      window: { type: 'string', enum: ['MINUTES', 'NEXT_BANKING_DAY', 'GATEWAY', 'FINANCE'] },
      by: {
        ...nullableInstant,
        description: 'The latest the customer should expect it by; null when nobody can say',
      },
      description: text,
    }),
    description:
      'When the customer can expect the money: a wallet within minutes of the approval, a bank account (BEFTN) by the next banking day',
  },
});

const DISPUTE = {
  ...record({
    reference: { type: 'string', pattern: '^dsp_[0-9a-z]{20}$' },
    paymentReference,
    status: {
      type: 'string',
      enum: [...DISPUTE_STATUSES],
      description:
        'OPEN: the gateway took the disputed amount back while the dispute is argued. WON: it came back. LOST: it stays gone. WON and LOST are final.',
    },
    amountMinor: {
      type: 'integer',
      minimum: 1,
      description: "The disputed amount, taken out of the app's balance while OPEN and for good when LOST",
    },
    currency: text,
    amountFormatted: text,
    reason: {
      ...nullableText,
      description:
        "The gateway's words for why the cardholder disputed (fraudulent, product_not_received, …)",
    },
    gateway: text,
    gatewayDisputeId: {
      ...text,
      description: "The gateway's id of the dispute (a Stripe dispute, a settlement's chargeback)",
    },
    mode,
    openedAt: instant,
    closedAt: nullableInstant,
  }),
  description: 'A dispute (chargeback) of a captured payment',
};

const LEDGER_ACCOUNT = record({
  id: integer,
  code: text,
  type: { type: 'string', enum: [...ACCOUNT_TYPE_NAMES] },
  normalSide: { type: 'string', enum: ['DEBIT', 'CREDIT'] },
  mode,
  currency: text,
  gateway: nullableText,
  appId: nullableInteger,
  bankAccountName: {
    ...nullableText,
    description: 'A BANK account: the name of the bank account its gateway settles to in its mode',
  },
  balanceMinor: integer,
  balanceFormatted: text,
  signedBalanceMinor: integer,
});

const APPROVAL_POLICY = record({
  rule: { type: 'string', enum: [...APPROVAL_RULES] },
  thresholdMinor: nullableInteger,
  currency: nullableText,
});

const REFUND_APPROVAL_RULE = record({
  fromMinor: integer,
  toMinor: nullableInteger,
  currency: nullableText,
  gateway: nullableText,
  paymentMethod: nullableText,
  requester: { type: ['string', 'null'], enum: [...REQUESTER_KINDS, null] },
  approvers: { type: 'integer', enum: [...APPROVER_COUNTS] },
});

const REFUND_APPROVAL_RULES = {
  ...record({ rules: { type: 'array', items: ref('RefundApprovalRule') } }),
  description:
    "The strictest rule covering a refund applies, judged on the payment's refunds so far and on the requester's refunds of the company day, each with this one; a refund no rule covers waits for one approver",
};

const STATUS_SUMMARY = record({ status: paymentStatus, count: integer, totalMinor: integer });

const APP = record({
  id: integer,
  name: text,
  displayName: text,
  status: { type: 'string', enum: ['ACTIVE', 'SUSPENDED'] },
  logoUrl: nullableText,
  brandColor: nullableText,
  receiptsEnabled: { type: 'boolean' },
  invoiceEmailsEnabled: { type: 'boolean' },
  rateLimitPerMinute: nullableInteger,
  createdAt: instant,
  updatedAt: instant,
});

const CREDENTIAL = record({
  id: integer,
  mode,
  key: text,
  status: { type: 'string', enum: ['ACTIVE', 'GRACE', 'EXPIRED', 'REVOKED'] },
  createdAt: instant,
  firstUsedAt: nullableInstant,
  lastUsedAt: nullableInstant,
  graceEndsAt: nullableInstant,
  revokedAt: nullableInstant,
  replacedById: nullableInteger,
  name: { ...nullableText, description: "A named key's name; null for the app's own pair" },
  scopes: {
    type: ['array', 'null'],
    items: { type: 'string', enum: [...SCOPES] },
    description: "A named key's scopes; null: every scope (the app's own pair)",
  },
});

const ENDPOINT = {
  oneOf: [record({ url: text, createdAt: instant, updatedAt: instant }), { type: 'null' }],
};

const OUTCOME_STATS = {
  count: integer,
  succeeded: integer,
  failed: integer,
  expired: integer,
  cancelled: integer,
  open: integer,
  successRate: { type: ['number', 'null'] },
  succeededAmounts: {
    type: 'array',
    items: record({ currency: text, amountMinor: integer }),
  },
};

const OPERATOR = record({
  id: integer,
  email: text,
  role: { type: 'string', enum: [...ROLES] },
  status: { type: 'string', enum: ['ACTIVE', 'DISABLED'] },
  createdAt: instant,
  updatedAt: instant,
  lastLoginAt: nullableInstant,
  secondFactor: { type: ['string', 'null'], enum: ['TOTP', null] },
});

const WEBHOOK_ATTEMPT = record({
  attempt: integer,
  deliveryTry: integer,
  url: text,
  statusCode: nullableInteger,
  failureReason: nullableText,
  error: nullableText,
  durationMs: nullableInteger,
  at: instant,
});

export const COMPONENT_SCHEMAS: Record<string, Json> = {
  Meta: withExamples(
    {
      ...record({ success: { type: 'boolean', const: true }, timestamp: instant, requestId: text }),
      description: "A successful answer's meta",
    },
    META_EXAMPLE,
  ),
  ErrorMeta: errorMetaSchema(),
  Pagination: withExamples(
    record(
      {
        page: { type: 'integer', minimum: 1 },
        size: { type: 'integer', minimum: 1 },
        totalItems: { type: 'integer', minimum: 0 },
        totalPages: { type: 'integer', minimum: 0 },
        nextCursor: {
          type: ['string', 'null'],
          description:
            'Lists that read by cursor (GET /payments): pass it as `after` for the next page; null on the last. page × size is at most 10000 (else 400 PAGE_TOO_DEEP)',
        },
      },
      ['nextCursor'],
    ),
    PAGINATION_EXAMPLE,
  ),
  ErrorEnvelope: {
    type: 'object',
    required: ['data', 'meta'],
    properties: {
      data: { type: 'null' },
      meta: ref('ErrorMeta'),
    },
    additionalProperties: false,
  },
  Payment: withExamples(PAYMENT, PAYMENT_EXAMPLE, SUCCEEDED_PAYMENT_EXAMPLE),
  PaymentWithRefunds: {
    ...PAYMENT,
    examples: [PAYMENT_WITH_REFUNDS_EXAMPLE],
    description: 'A payment with its refunds and its disputes, each oldest first',
    required: [...(PAYMENT.required as string[]), 'refunds', 'disputes'],
    properties: {
      ...(PAYMENT.properties as Json),
      refunds: { type: 'array', items: ref('Refund') },
      disputes: { type: 'array', items: ref('Dispute') },
    },
  },
  Refund: withExamples(REFUND, REFUND_EXAMPLE),
  Dispute: withExamples(DISPUTE, DISPUTE_EXAMPLE),
  LedgerAccount: LEDGER_ACCOUNT,
  JournalEntry: record({
    id: integer,
    kind: { type: 'string', enum: [...ENTRY_KIND_NAMES] },
    sourceType: entrySource,
    sourceId: text,
    mode,
    currency: text,
    createdAt: instant,
    postings: {
      type: 'array',
      items: record({ accountId: integer, accountCode: text, amountMinor: integer }),
    },
  }),
  StatementLine: record({
    postingId: integer,
    entryId: integer,
    kind: { type: 'string', enum: [...ENTRY_KIND_NAMES] },
    sourceType: entrySource,
    sourceId: text,
    createdAt: instant,
    amountMinor: integer,
    balanceAfterMinor: integer,
  }),
  LedgerVerification: record({
    ok: { type: 'boolean' },
    checkedAt: instant,
    totals: record({ entries: integer, postings: integer, accounts: integer }),
    checks: {
      type: 'array',
      items: record({
        name: text,
        rule: text,
        breaches: { type: 'array', items: record({ subject: text, problem: text }) },
      }),
    },
  }),
  AttentionItem: record({
    paymentId: integer,
    reference: paymentReference,
    appId: integer,
    appName: nullableText,
    mode,
    status: paymentStatus,
    amountMinor: integer,
    currency: text,
    kind: { type: 'string', enum: [...ATTENTION_KINDS, 'OTHER'] },
    reason: text,
    parkedMinor: integer,
    parkedCurrency: nullableText,
    parkedFormatted: nullableText,
    parkedRefunds: {
      type: 'array',
      items: record({
        reference: text,
        status: { type: 'string', enum: [...REFUND_STATUSES] },
        amountMinor: integer,
        reason: nullableText,
        requestedByOperatorId: nullableInteger,
        requestedBy: nullableText,
      }),
    },
    applyRequest: {
      oneOf: [
        record({
          id: integer,
          kind: { type: 'string', enum: ['APPLY'] },
          amountMinor: integer,
          currency: text,
          amountFormatted: nullableText,
          note: text,
          status: { type: 'string', enum: [...ATTENTION_REQUEST_STATUSES] },
          stale: { type: 'boolean' },
          proposedByOperatorId: integer,
          proposedBy: nullableText,
          proposedAt: instant,
          decidedByOperatorId: nullableInteger,
          decidedBy: nullableText,
          decidedAt: nullableInstant,
          comment: nullableText,
        }),
        { type: 'null' },
      ],
      description:
        'The latest request to apply the parked money; PENDING while it waits for a second FINANCE or ADMIN operator, stale once approving it would be refused',
    },
    resolution: { type: ['string', 'null'], enum: ['REFUNDED', 'APPLIED', 'ACKNOWLEDGED', null] },
    note: nullableText,
    resolvedBy: nullableText,
    resolvedAt: nullableInstant,
    createdAt: instant,
  }),
  LedgerBalance: withExamples(
    record({
      mode,
      asOf: instant,
      balances: {
        type: 'array',
        items: record({
          currency: text,
          capturedMinor: integer,
          refundedMinor: integer,
          disputedMinor: {
            ...integer,
            description: 'What open or lost disputes took back from its payments (won ones gave it back)',
          },
          payableMinor: integer,
          payableFormatted: text,
        }),
      },
    }),
    LEDGER_BALANCE_EXAMPLE,
  ),
  AdminRefund: {
    ...REFUND,
    required: [
      ...(REFUND.required as string[]),
      'appId',
      'appName',
      'requestedByOperatorId',
      'gatewayRefundId',
      'approvalExpiresAt',
      'approvalsRequired',
      'approvalsGiven',
      'destinationNotPayer',
      'warnings',
      'decision',
      'awaitingConfirmation',
      'temporalUrl',
    ],
    properties: {
      ...(REFUND.properties as Json),
      appId: integer,
      appName: nullableText,
      requestedByOperatorId: nullableInteger,
      gatewayRefundId: { ...nullableText, description: "The gateway's id for the refund, once it gave one" },
      approvalsRequired: {
        type: 'integer',
        enum: [0, 1, 2],
        description: 'How many different approvers the refund needed when it was taken (0: it never waited)',
      },
      approvalsGiven: { type: 'integer', description: 'Approvals applied so far' },
      destinationNotPayer: {
        type: 'boolean',
        description:
          'The refund goes anywhere but the wallet or account that paid (or names one when nobody knows who paid): it waits for an approver whatever its amount',
      },
      warnings: {
        type: 'array',
        items: { type: 'string' },
        description: 'What an approver should know before deciding ("destination is not the payer")',
      },
      approvalExpiresAt: nullableInstant,
      decision: {
        oneOf: [
          { type: 'null' },
          record({ operatorId: integer, by: text, comment: nullableText, at: instant }),
        ],
      },
      awaitingConfirmation: {
        description:
          'Set while the gateway holds the refund but cannot be asked about it: finance confirms it (POST …/confirm)',
        oneOf: [{ type: 'null' }, record({ since: instant, reason: nullableText })],
      },
      temporalUrl: { type: 'string', format: 'uri' },
    },
  },
  ApprovalPolicy: APPROVAL_POLICY,
  RefundApprovalRule: REFUND_APPROVAL_RULE,
  RefundApprovalRules: REFUND_APPROVAL_RULES,
  RefundApprovalRulesByMode: record({ TEST: REFUND_APPROVAL_RULES, LIVE: REFUND_APPROVAL_RULES }),
  StatusSummary: {
    type: 'array',
    examples: [STATUS_SUMMARY_EXAMPLE],
    description: 'Count and amount per status, over the whole filter, by status name',
    items: STATUS_SUMMARY,
  },
  AppMe: withExamples(record({ id: integer, name: text, mode }), APP_ME_EXAMPLE),
  Receipt: withExamples(
    record({
      receiptNumber: text,
      reference: paymentReference,
      merchant: text,
      productName: nullableText,
      customerReference: text,
      customerName: nullableText,
      amountMinor: integer,
      refundedMinor: integer,
      currency: text,
      amountFormatted: text,
      gateway: text,
      gatewayTransactionId: nullableText,
      status: paymentStatus,
      paidAt: nullableInstant,
    }),
    RECEIPT_EXAMPLE,
  ),
  Checkout: withExamples(
    record({
      reference: paymentReference,
      status: paymentStatus,
      amountMinor: integer,
      currency: text,
      amountFormatted: text,
      productName: nullableText,
      merchant: record({ displayName: text }),
      expiresAt: instant,
      gateway: {
        ...nullableText,
        description: 'The gateway the payment is bound to; null until the customer chooses',
      },
      choices: {
        type: 'array',
        description:
          'The gateways the customer may choose among: before a choice, and again when the chosen one could not open a session (its replacement is then chosen here); otherwise empty. Degraded gateways (their sessions kept failing lately) come last.',
        items: record({ name: text, displayName: text, degraded: { type: 'boolean' } }),
      },
      gatewayPageUrl: { ...nullableText, description: "The gateway's page while the payment is PENDING" },
    }),
    CHECKOUT_EXAMPLE,
  ),
  CallbackReceipt: record(
    {
      received: { type: 'boolean', const: true },
      callbackId: { ...nullableInteger, description: 'Null for a notification about nothing we act on' },
      duplicate: { type: 'boolean' },
      ignored: {
        type: 'boolean',
        const: true,
        description: "Present for a notification about nothing we act on (Stripe's other events): not stored",
      },
      dispute: {
        ...record({
          reference: { type: 'string', pattern: '^dsp_[0-9a-z]{20}$' },
          status: { type: 'string', enum: [...DISPUTE_STATUSES] },
        }),
        description:
          "A dispute notice (Stripe's charge.dispute.*): the dispute as the gateway's API reports it, recorded; `duplicate` when nothing changed",
      },
    },
    ['duplicate', 'ignored', 'dispute'],
  ),
  OperatorSession: record({
    operator: record({
      id: integer,
      email: text,
      role: { type: 'string', enum: [...ROLES] },
      secondFactor: { type: ['string', 'null'], enum: ['TOTP', null] },
    }),
    csrfToken: { ...text, description: 'Send as X-CSRF-Token on every other admin request' },
    expiresAt: instant,
    stepUpValidUntil: nullableInstant,
    stepUpAsks: {
      type: 'string',
      enum: ['CODE', 'PASSWORD', 'IDENTITY_PROVIDER'],
      description:
        'What POST /admin/session/step-up wants; IDENTITY_PROVIDER: nothing, the operator signs in again with the provider at `stepUpUrl`',
    },
    stepUpUrl: {
      type: 'string',
      format: 'uri',
      description:
        'Where the step-up is done: the step-up endpoint, or the page that starts the provider sign-in',
    },
    mustEnrolSecondFactor: {
      type: 'boolean',
      description:
        'Held at enrolment: only /admin/account/* and the session answer until a second factor is set',
    },
  }),
  App: APP,
  AppListItem: {
    ...APP,
    required: [...(APP.required as string[]), 'counts'],
    properties: {
      ...(APP.properties as Json),
      counts: record({ workingCredentials: integer, payments: integer, webhookEndpoints: integer }),
    },
  },
  Credential: CREDENTIAL,
  AppDetail: record({
    app: ref('App'),
    credentials: { type: 'array', items: ref('Credential') },
    webhooks: record({ TEST: ENDPOINT, LIVE: ENDPOINT }),
    webhookEndpoints: {
      type: 'array',
      description:
        'Every endpoint of the app, both modes, oldest first (the first of a mode is the one set above)',
      items: ref('OperatorWebhookEndpoint'),
    },
  }),
  OperatorWebhookEndpoint: record({
    id: { type: 'string', pattern: '^we_[0-9a-z]{24}$' },
    mode,
    url: { ...text, description: 'Secrets in the URL masked' },
    description: text,
    enabledEvents: { type: 'array', items: text, description: 'Empty: every type' },
    enabled: { type: 'boolean' },
    createdAt: instant,
    updatedAt: instant,
  }),
  NewApp: record({
    app: ref('App'),
    credentials: record({
      TEST: record({ key: text, secret: text }),
      LIVE: {
        type: 'null',
        description:
          'Always null: the LIVE pair holds every scope, money ones included, so it is the key request below, collected once a money role approves it',
      },
    }),
    liveKeyRequest: ref('KeyRequest'),
  }),
  RotatedCredential: record({
    credential: ref('Credential'),
    secret: { ...text, description: 'Shown only in this answer' },
    previous: { oneOf: [ref('Credential'), { type: 'null' }] },
  }),
  IssuedNamedKey: record({
    credential: ref('Credential'),
    secret: { ...text, description: 'Shown only in this answer' },
  }),
  NamedKeys: record({ items: { type: 'array', items: ref('Credential') } }),
  OperatorWebhookSecret: record({ mode, url: text, secret: text }),
  WebhookPing: record({
    eventId,
    url: text,
    statusCode: nullableInteger,
    ok: { type: 'boolean' },
    durationMs: nullableInteger,
    error: nullableText,
  }),
  AdminPayment: {
    ...PAYMENT,
    required: [...(PAYMENT.required as string[]), 'appId', 'appName'],
    properties: { ...(PAYMENT.properties as Json), appId: integer, appName: nullableText },
  },
  AdminStatusSummary: {
    type: 'array',
    items: {
      ...STATUS_SUMMARY,
      required: [...(STATUS_SUMMARY.required as string[]), 'totals'],
      properties: {
        ...(STATUS_SUMMARY.properties as Json),
        totals: { type: 'array', items: record({ currency: text, totalMinor: integer }) },
      },
    },
  },
  AdminPaymentDetail: record(
    {
      payment: ref('Payment'),
      appId: integer,
      appName: nullableText,
      attentionReason: nullableText,
      attention: {
        oneOf: [ref('AttentionItem'), { type: 'null' }],
        description: 'A flagged payment: its parked money and what waits for a second operator on it',
      },
      timeline: {
        type: 'array',
        items: record({
          from: { ...paymentStatus, type: ['string', 'null'], enum: [...PAYMENT_STATUSES, null] },
          to: paymentStatus,
          reason: nullableText,
          at: instant,
        }),
      },
      gateway: record({
        name: { ...nullableText, description: 'null until the customer chooses a gateway' },
        transactionId: nullableText,
        validationId: nullableText,
        sessionKey: nullableText,
        attempts: {
          type: 'array',
          description: 'Every session opening, oldest first: the gateway, its tries and why it failed',
          items: record({
            gateway: text,
            outcome: { type: 'string', enum: ['OPENING', 'OPENED', 'FAILED'] },
            failureReason: nullableText,
            tries: integer,
            startedAt: instant,
            finishedAt: nullableInstant,
          }),
        },
        callbacks: {
          type: 'array',
          items: record({
            id: integer,
            kind: { type: 'string', enum: ['IPN', 'REDIRECT'] },
            gateway: text,
            gatewayStatus: nullableText,
            validationId: nullableText,
            signatureValid: {
              type: ['boolean', 'null'],
              description: 'null for a NOT_SIGNED return: there is no signature to be valid',
            },
            signature: {
              type: 'string',
              enum: ['VALID', 'INVALID', 'NOT_SIGNED'],
              description:
                "NOT_SIGNED: a browser return of a gateway that signs none (bKash, Nagad, Stripe's links); only the gateway's own API vouched for what it led to",
            },
            verdict: nullableText,
            reason: nullableText,
            receivedAt: instant,
            processedAt: nullableInstant,
          }),
        },
      }),
      ledger: {
        type: 'array',
        description: 'Present only for roles that may read the ledger',
        items: record({
          kind: text,
          accountCode: text,
          amountMinor: integer,
          currency: text,
          amountFormatted: text,
        }),
      },
      disputes: { type: 'array', items: ref('Dispute'), description: 'Its disputes, oldest first' },
      webhooks: {
        type: 'array',
        items: record({
          id: eventId,
          type: text,
          deliveryStatus: { type: 'string', enum: [...DELIVERY_STATUSES] },
          createdAt: instant,
          attempts: { type: 'array', items: ref('WebhookAttempt') },
        }),
      },
      temporalUrl: { type: 'string', format: 'uri' },
    },
    ['ledger'],
  ),
  AdminEvent: record({
    id: eventId,
    appId: integer,
    appName: nullableText,
    mode,
    type: text,
    sourceType: text,
    sourceId: text,
    deliveryStatus: { type: 'string', enum: [...DELIVERY_STATUSES] },
    createdAt: instant,
    attemptCount: integer,
    lastStatusCode: nullableInteger,
    lastError: nullableText,
    lastAttemptAt: nullableInstant,
  }),
  CustomerEmail: record({
    id: integer,
    appId: integer,
    appName: text,
    mode,
    kind: { type: 'string', enum: [...CUSTOMER_EMAIL_KINDS] },
    eventId,
    recipient: text,
    subject: text,
    status: { type: 'string', enum: [...CUSTOMER_EMAIL_STATUSES] },
    attempts: integer,
    lastError: nullableText,
    smtpMessageId: nullableText,
    createdAt: instant,
    lastAttemptAt: nullableInstant,
    sentAt: nullableInstant,
  }),
  WebhookResend: record({
    eventId,
    type: text,
    workflowId: text,
    resendNumber: integer,
    firstAttempt: integer,
  }),
  Overview: record({
    mode,
    days: integer,
    from: instant,
    to: instant,
    totals: record(OUTCOME_STATS),
    daily: { type: 'array', items: record({ ...OUTCOME_STATS, date: { type: 'string', format: 'date' } }) },
    byApp: { type: 'array', items: record({ ...OUTCOME_STATS, appId: integer, appName: text }) },
    byGateway: {
      type: 'array',
      items: record({
        ...OUTCOME_STATS,
        gateway: {
          ...nullableText,
          description: 'null: payments whose customer has not chosen a gateway yet',
        },
      }),
    },
    degradedGateways: {
      type: 'array',
      description:
        'Gateways of this mode whose session openings kept failing: the checkout offers them last until `until`',
      items: record({ gateway: text, since: instant, until: instant, lastFailureReason: nullableText }),
    },
  }),
  AuditEntry: record({
    id: integer,
    occurredAt: instant,
    actorType: { type: 'string', enum: ['OPERATOR', 'APP', 'SYSTEM'] },
    actorId: nullableText,
    actorLabel: nullableText,
    action: text,
    targetType: nullableText,
    targetId: nullableText,
    ip: nullableText,
    before: auditState('before the action'),
    after: auditState('after the action'),
  }),
  Operator: OPERATOR,
  WebhookAttempt: WEBHOOK_ATTEMPT,
};
