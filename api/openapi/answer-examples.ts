import type { Json } from './json-schema.js';

/**
 * What the service answers, as one realistic TEST-mode story: Farhana Rahman (customer-58213)
 * pays 1,250.00 BDT for an annual plan, gets 250.00 BDT back, and is invoiced for the next
 * year. Each shape's example is declared here once and attached beside its schema; the document
 * builds every answer's example from them (api/openapi/media-examples.ts), and a unit test holds
 * each one to its schema.
 */

const at = (time: string) => `2026-11-27T${time}.000Z`;
const PAYMENT_REFERENCE = 'pay_7k2m9q4x8w1n5c3v6b0z';
const REFUND_REFERENCE = 'rf_3p8s1d6f9g2h5j7k0l4m';
const ENDPOINT_ID = 'we_5t8y1u4i7o0p3a6s9d2f5g8h';
const EVENT_ID_EXAMPLE = 'evt_2w5e8r1t4y7u0i3o6p9a2s5d';

export const META_EXAMPLE: Json = {
  success: true,
  timestamp: at('10:15:02'),
  requestId: 'req_6f1c2b9e-8d4a-4f0b-9a73-2e5d1c7b8a40',
};

export const PAGINATION_EXAMPLE: Json = { page: 1, size: 20, totalItems: 1, totalPages: 1, nextCursor: null };

/** A payment just created: the customer is to be sent to checkoutUrl. */
export const PAYMENT_EXAMPLE: Json = {
  id: 48213,
  reference: PAYMENT_REFERENCE,
  status: 'CREATED',
  amountMinor: 125000,
  currency: 'BDT',
  amountFormatted: '1,250.00 BDT',
  refundedMinor: 0,
  customerReference: 'customer-58213',
  customerEmail: 'farhana.rahman@example.com',
  customerPhone: '+8801712345678',
  customerName: 'Farhana Rahman',
  productName: 'Pro plan, annual',
  invoiceId: null,
  orderId: null,
  metadata: { plan: 'pro-annual', cartId: 'cart-77120' },
  gateway: null,
  gatewayTransactionId: null,
  paymentMethod: null,
  paymentMethodType: null,
  failureReason: null,
  returnUrl: 'https://shop.example.com/orders/complete',
  cancelUrl: 'https://shop.example.com/cart',
  checkoutUrl: `https://payments.example.com/checkout/${PAYMENT_REFERENCE}`,
  mode: 'TEST',
  expiresAt: at('10:45:02'),
  createdAt: at('10:15:02'),
  updatedAt: at('10:15:02'),
  settledAt: null,
};

/** The same payment once the customer paid with bKash. */
export const SUCCEEDED_PAYMENT_EXAMPLE: Json = {
  ...PAYMENT_EXAMPLE,
  status: 'SUCCEEDED',
  gateway: 'sslcommerz',
  gatewayTransactionId: '261127101748hXk9PqRw2',
  paymentMethod: 'BKASH-BKash',
  paymentMethodType: 'BKASH',
  updatedAt: at('10:17:48'),
  settledAt: at('10:17:48'),
};

/** A refund just taken: on its way to the gateway. */
export const REFUND_EXAMPLE: Json = {
  id: 3107,
  reference: REFUND_REFERENCE,
  paymentReference: PAYMENT_REFERENCE,
  status: 'PROCESSING',
  amountMinor: 25000,
  currency: 'BDT',
  amountFormatted: '250.00 BDT',
  funds: 'CAPTURED',
  reason: 'Moved to the monthly plan',
  metadata: { ticket: 'SUP-4471' },
  failureReason: null,
  mode: 'TEST',
  createdAt: at('11:02:10'),
  updatedAt: at('11:02:10'),
  settledAt: null,
  route: 'GATEWAY',
  rail: 'bkash',
  payoutReference: null,
  destination: null,
  expectedArrival: {
    window: 'GATEWAY',
    by: null,
    description: 'Back to the payment method, in the gateway’s own time',
  },
};

const SUCCEEDED_REFUND = {
  ...REFUND_EXAMPLE,
  status: 'SUCCEEDED',
  updatedAt: at('11:02:31'),
  settledAt: at('11:02:31'),
};

export const PAYMENT_WITH_REFUNDS_EXAMPLE: Json = {
  ...SUCCEEDED_PAYMENT_EXAMPLE,
  status: 'PARTIALLY_REFUNDED',
  refundedMinor: 25000,
  updatedAt: at('11:02:31'),
  refunds: [SUCCEEDED_REFUND],
  disputes: [],
};

export const DISPUTE_EXAMPLE: Json = {
  reference: 'dsp_9z8x7c6v5b4n3m2l1k0j',
  paymentReference: PAYMENT_REFERENCE,
  status: 'OPEN',
  amountMinor: 125000,
  currency: 'BDT',
  amountFormatted: '1,250.00 BDT',
  reason: 'fraudulent',
  gateway: 'sslcommerz',
  gatewayDisputeId: 'CB-20261127-0042',
  mode: 'TEST',
  openedAt: at('12:40:00'),
  closedAt: null,
};

export const STATUS_SUMMARY_EXAMPLE: Json[] = [{ status: 'CREATED', count: 1, totalMinor: 125000 }];

export const APP_ME_EXAMPLE: Json = { id: 12, name: 'shop', mode: 'TEST' };

export const RECEIPT_EXAMPLE: Json = {
  receiptNumber: 'RCPT-7K2M9Q4X8W1N5C3V6B0Z',
  reference: PAYMENT_REFERENCE,
  merchant: 'OI Shop',
  productName: 'Pro plan, annual',
  customerReference: 'customer-58213',
  customerName: 'Farhana Rahman',
  amountMinor: 125000,
  refundedMinor: 0,
  currency: 'BDT',
  amountFormatted: '1,250.00 BDT',
  gateway: 'sslcommerz',
  gatewayTransactionId: '261127101748hXk9PqRw2',
  status: 'SUCCEEDED',
  paidAt: at('10:17:48'),
};

export const LEDGER_BALANCE_EXAMPLE: Json = {
  mode: 'TEST',
  asOf: at('11:05:00'),
  balances: [
    {
      currency: 'BDT',
      capturedMinor: 125000,
      refundedMinor: 25000,
      disputedMinor: 0,
      payableMinor: 100000,
      payableFormatted: '1,000.00 BDT',
    },
  ],
};

export const CHECKOUT_EXAMPLE: Json = {
  reference: PAYMENT_REFERENCE,
  status: 'CREATED',
  amountMinor: 125000,
  currency: 'BDT',
  amountFormatted: '1,250.00 BDT',
  productName: 'Pro plan, annual',
  merchant: { displayName: 'OI Shop' },
  expiresAt: at('10:45:02'),
  gateway: null,
  choices: [
    { name: 'sslcommerz', displayName: 'SSLCommerz', degraded: false },
    { name: 'bkash', displayName: 'bKash', degraded: false },
  ],
  gatewayPageUrl: null,
};

export const EVENT_EXAMPLE: Json = {
  id: EVENT_ID_EXAMPLE,
  type: 'payment.succeeded',
  timestamp: at('10:17:49'),
  data: SUCCEEDED_PAYMENT_EXAMPLE,
  deliveryStatus: 'DELIVERED',
};

export const WEBHOOK_ENDPOINT_EXAMPLE: Json = {
  id: ENDPOINT_ID,
  url: 'https://shop.example.com/webhooks/oi-payments',
  description: 'Order fulfilment',
  enabledEvents: ['payment.succeeded', 'refund.succeeded', 'refund.failed'],
  enabled: true,
  mode: 'TEST',
  previousSecretExpiresAt: null,
  createdAt: at('09:30:00'),
  updatedAt: at('09:30:00'),
};

export const WEBHOOK_ENDPOINT_WITH_SECRET_EXAMPLE: Json = {
  ...WEBHOOK_ENDPOINT_EXAMPLE,
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
};

export const DELETED_WEBHOOK_ENDPOINT_EXAMPLE: Json = { id: ENDPOINT_ID, deleted: true };

export const ENDPOINT_ATTEMPT_EXAMPLE: Json = {
  id: 90211,
  eventId: EVENT_ID_EXAMPLE,
  eventType: 'payment.succeeded',
  attempt: 1,
  statusCode: 200,
  ok: true,
  failureReason: null,
  error: null,
  responseExcerpt: '{"received":true}',
  durationMs: 184,
  createdAt: at('10:17:49'),
};

export const WEBHOOK_RECOVER_EXAMPLE: Json = {
  endpointId: ENDPOINT_ID,
  since: at('08:00:00'),
  until: at('11:10:00'),
  events: 3,
  workflowId: `webhook-recover-${ENDPOINT_ID}-${at('11:10:00')}`,
};

const INVOICE_REFERENCE = 'inv_4d7g0j3m6p9s2v5y8b1e';

/** An issued invoice for the next year: two lines, one discounted, 15 % tax on both. */
export const INVOICE_EXAMPLE: Json = {
  id: 7721,
  reference: INVOICE_REFERENCE,
  number: 'TEST-INV-2026-0042',
  status: 'OPEN',
  mode: 'TEST',
  currency: 'BDT',
  customer: {
    customerReference: 'customer-58213',
    name: 'Farhana Rahman',
    email: 'farhana.rahman@example.com',
    phone: '+8801712345678',
    address: 'House 12, Road 5, Dhanmondi, Dhaka 1205',
  },
  lines: [
    {
      position: 1,
      description: 'Pro plan, annual subscription',
      quantity: 1,
      unitAmountMinor: 120000,
      taxRateBasisPoints: 1500,
      discount: null,
      grossMinor: 120000,
      discountMinor: 0,
      taxMinor: 18000,
      totalMinor: 138000,
    },
    {
      position: 2,
      description: 'Onboarding session (1 hour)',
      quantity: 2,
      unitAmountMinor: 15000,
      taxRateBasisPoints: 1500,
      discount: { type: 'PERCENT', basisPoints: 1000 },
      grossMinor: 30000,
      discountMinor: 3000,
      taxMinor: 4050,
      totalMinor: 31050,
    },
  ],
  totals: {
    subtotalMinor: 150000,
    discountMinor: 3000,
    taxMinor: 22050,
    totalMinor: 169050,
    paidMinor: 0,
    outstandingMinor: 169050,
    totalFormatted: '1,690.50 BDT',
    outstandingFormatted: '1,690.50 BDT',
  },
  dueDate: '2026-12-15',
  installments: [
    {
      sequence: 1,
      amountMinor: 169050,
      dueDate: '2026-12-15',
      paidMinor: 0,
      state: 'UPCOMING',
      paidAt: null,
    },
  ],
  dueNow: { installment: 1, amountMinor: 169050, dueDate: '2026-12-15' },
  overdue: null,
  installmentPlan: null,
  notes: 'Thank you for renewing.',
  metadata: { contract: 'CN-2026-118' },
  payableUrl: `https://payments.example.com/pay/${INVOICE_REFERENCE}`,
  issuedAt: at('11:20:00'),
  paidAt: null,
  voidedAt: null,
  voidReason: null,
  createdAt: at('11:18:30'),
  updatedAt: at('11:20:00'),
};

/** invoice.paid: the invoice once the payment covered it, and that payment. */
export const INVOICE_PAYMENT_EVENT_EXAMPLE: Json = {
  ...INVOICE_EXAMPLE,
  status: 'PAID',
  totals: {
    ...(INVOICE_EXAMPLE.totals as Json),
    paidMinor: 169050,
    outstandingMinor: 0,
    outstandingFormatted: '0.00 BDT',
  },
  installments: [
    {
      sequence: 1,
      amountMinor: 169050,
      dueDate: '2026-12-15',
      paidMinor: 169050,
      state: 'PAID',
      paidAt: at('11:31:05'),
    },
  ],
  dueNow: null,
  paidAt: at('11:31:05'),
  updatedAt: at('11:31:05'),
  payment: { reference: 'pay_1q2w3e4r5t6y7u8i9o0p', amountMinor: 169050 },
};

/** invoice.installment_due: the invoice, and the installment whose reminder time came. */
export const INVOICE_INSTALLMENT_EVENT_EXAMPLE: Json = {
  ...INVOICE_EXAMPLE,
  installment: { ...(INVOICE_EXAMPLE.installments as Json[])[0], state: 'DUE' },
};

/** What each event's `data` looks like when it is sent: the payment or refund in the state it names. */
const EVENT_DATA: Record<string, Json> = {
  'payment.succeeded': SUCCEEDED_PAYMENT_EXAMPLE,
  'payment.failed': {
    ...PAYMENT_EXAMPLE,
    status: 'FAILED',
    gateway: 'sslcommerz',
    failureReason: 'Declined by the issuer',
  },
  'payment.cancelled': { ...PAYMENT_EXAMPLE, status: 'CANCELLED' },
  'payment.expired': { ...PAYMENT_EXAMPLE, status: 'EXPIRED' },
  'payment.partially_refunded': {
    ...SUCCEEDED_PAYMENT_EXAMPLE,
    status: 'PARTIALLY_REFUNDED',
    refundedMinor: 25000,
  },
  'payment.refunded': { ...SUCCEEDED_PAYMENT_EXAMPLE, status: 'REFUNDED', refundedMinor: 125000 },
  'refund.approval_required': { ...REFUND_EXAMPLE, status: 'PENDING_APPROVAL' },
  'refund.rejected': { ...REFUND_EXAMPLE, status: 'REJECTED' },
  'refund.expired': { ...REFUND_EXAMPLE, status: 'EXPIRED' },
  'refund.succeeded': SUCCEEDED_REFUND,
  'refund.failed': { ...REFUND_EXAMPLE, status: 'FAILED', failureReason: 'The gateway refused the refund' },
  'dispute.won': { ...DISPUTE_EXAMPLE, status: 'WON', closedAt: at('15:00:00') },
  'dispute.lost': { ...DISPUTE_EXAMPLE, status: 'LOST', closedAt: at('15:00:00') },
  'invoice.paid': INVOICE_PAYMENT_EVENT_EXAMPLE,
  'invoice.partially_paid': {
    ...INVOICE_PAYMENT_EVENT_EXAMPLE,
    status: 'PARTIALLY_PAID',
    totals: {
      ...(INVOICE_EXAMPLE.totals as Json),
      paidMinor: 69050,
      outstandingMinor: 100000,
      outstandingFormatted: '1,000.00 BDT',
    },
    installments: [
      {
        sequence: 1,
        amountMinor: 169050,
        dueDate: '2026-12-15',
        paidMinor: 69050,
        state: 'PARTIALLY_PAID',
        paidAt: null,
      },
    ],
    dueNow: { installment: 1, amountMinor: 100000, dueDate: '2026-12-15' },
    paidAt: null,
    payment: { reference: 'pay_1q2w3e4r5t6y7u8i9o0p', amountMinor: 69050 },
  },
  'invoice.voided': {
    ...INVOICE_EXAMPLE,
    status: 'VOID',
    dueNow: null,
    voidedAt: at('12:00:00'),
    voidReason: 'Issued to the wrong customer',
  },
  'invoice.installment_overdue': {
    ...INVOICE_INSTALLMENT_EVENT_EXAMPLE,
    overdue: { since: '2026-12-16' },
    installment: { ...(INVOICE_EXAMPLE.installments as Json[])[0], state: 'OVERDUE' },
  },
};

/** A webhook body for an event type: its data in that event's state, or the shape's own example. */
export function webhookBodyExample(type: string, data: unknown): Json | undefined {
  const example = EVENT_DATA[type] ?? data;
  if (example === undefined) return undefined;
  return { id: EVENT_ID_EXAMPLE, type, timestamp: at('10:17:49'), data: example };
}
