import { INVOICE_STATUSES } from '../../domain/invoices/invoices.js';
import {
  createInvoiceBody,
  installmentPlan,
  lineDiscount,
  issueInvoiceBody,
  listInvoicesQuery,
  updateInvoiceBody,
  voidInvoiceBody,
} from '../invoices/invoice-schemas.js';
import {
  fromZod,
  instant,
  integer,
  nullableInstant,
  nullableText,
  queryParameters,
  record,
  ref,
  text,
  type Json,
  withExamples,
} from './json-schema.js';
import { errorResponse, list, ok, withStandardAnswers } from './responses.js';
import { APP_TAGS } from './tags.js';
import {
  INVOICE_EXAMPLE,
  INVOICE_INSTALLMENT_EVENT_EXAMPLE,
  INVOICE_PAYMENT_EVENT_EXAMPLE,
} from './answer-examples.js';

/** The invoice API's shapes and paths; merged into the app API's document. */

const auth = [{ ApiKey: [], ApiSecret: [] }];
const date = { type: 'string', format: 'date' };
const statuses = { type: 'string', enum: [...INVOICE_STATUSES] };

const INSTALLMENT = record({
  sequence: integer,
  amountMinor: integer,
  dueDate: date,
  paidMinor: integer,
  state: { type: 'string', enum: ['PAID', 'PARTIALLY_PAID', 'OVERDUE', 'DUE', 'UPCOMING', 'VOID'] },
  paidAt: nullableInstant,
});

export const INVOICE = record({
  id: integer,
  reference: { type: 'string', pattern: '^inv_[0-9a-z]{20}$' },
  number: { ...nullableText, description: 'Set on issue: INV-<year>-<sequence>, TEST-INV-… in TEST' },
  status: statuses,
  mode: { type: 'string', enum: ['TEST', 'LIVE'] },
  currency: text,
  customer: record({
    customerReference: text,
    name: nullableText,
    email: nullableText,
    phone: nullableText,
    address: nullableText,
  }),
  lines: {
    type: 'array',
    items: record({
      position: integer,
      description: text,
      quantity: integer,
      unitAmountMinor: integer,
      taxRateBasisPoints: integer,
      discount: {
        description: 'The discount the line was given, as asked for; null for none',
        oneOf: [{ type: 'null' }, fromZod(lineDiscount, 'output')],
      },
      grossMinor: integer,
      discountMinor: integer,
      taxMinor: integer,
      totalMinor: integer,
    }),
  },
  totals: record({
    subtotalMinor: integer,
    discountMinor: integer,
    taxMinor: integer,
    totalMinor: integer,
    paidMinor: integer,
    outstandingMinor: integer,
    totalFormatted: text,
    outstandingFormatted: text,
  }),
  dueDate: date,
  installments: { type: 'array', items: INSTALLMENT },
  dueNow: {
    description: 'The installment a customer pays now, and what it still lacks; null when nothing is owed',
    oneOf: [{ type: 'null' }, record({ installment: integer, amountMinor: integer, dueDate: date })],
  },
  overdue: {
    description: "Set while an installment is unpaid past the end of its due day in the company's time zone",
    oneOf: [{ type: 'null' }, record({ since: date })],
  },
  installmentPlan: {
    description: 'The split the invoice was given, as asked for; null when it is paid at once',
    oneOf: [{ type: 'null' }, fromZod(installmentPlan, 'output')],
  },
  notes: nullableText,
  metadata: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
  payableUrl: {
    type: ['string', 'null'],
    format: 'uri',
    description: 'The link to send the customer; set on issue',
  },
  issuedAt: nullableInstant,
  paidAt: nullableInstant,
  voidedAt: nullableInstant,
  voidReason: nullableText,
  createdAt: instant,
  updatedAt: instant,
});

/** The invoice with one more field beside it, as an event that names a payment or an installment carries it. */
const invoiceWith = (name: string, schema: Json, description: string): Json => ({
  ...INVOICE,
  description,
  required: [...(INVOICE.required as string[]), name],
  properties: { ...(INVOICE.properties as Json), [name]: schema },
});

export const invoiceSchemas = (): Record<string, Json> => ({
  Invoice: withExamples(INVOICE, INVOICE_EXAMPLE),
  InvoicePaymentEvent: withExamples(
    invoiceWith(
      'payment',
      record({ reference: { type: 'string', pattern: '^pay_[0-9a-z]{20}$' }, amountMinor: integer }),
      'invoice.partially_paid and invoice.paid: the invoice after the payment, and the payment that paid it',
    ),
    INVOICE_PAYMENT_EVENT_EXAMPLE,
  ),
  InvoiceInstallmentEvent: withExamples(
    invoiceWith(
      'installment',
      INSTALLMENT,
      'invoice.installment_due and invoice.installment_overdue: the invoice, and the installment the notice is about',
    ),
    INVOICE_INSTALLMENT_EVENT_EXAMPLE,
  ),
  CreateInvoice: fromZod(createInvoiceBody),
  UpdateInvoice: fromZod(updateInvoiceBody),
  VoidInvoice: fromZod(voidInvoiceBody),
  IssueInvoice: fromZod(issueInvoiceBody),
});

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Numeric id or inv_… reference',
  schema: { type: 'string', pattern: '^([0-9]{1,15}|inv_[0-9a-z]{20})$' },
};

const body = (schema: string, required = true) => ({
  required,
  content: { 'application/json': { schema: ref(schema) } },
});

const invalid = errorResponse(
  'VALIDATION_ERROR (including a key given twice, or text with NUL) or INVALID_JSON',
);
const notFound = errorResponse('INVOICE_NOT_FOUND');

export const invoicePaths = (): Record<string, Json> => ({
  '/invoices': {
    post: {
      operationId: 'createInvoice',
      tags: [APP_TAGS.invoices.name],
      summary: 'Create a DRAFT invoice: line items priced in minor units, optionally split into installments',
      description:
        "Each line's percentage discount and tax are rounded to the nearest minor unit (a half rounds up), then lines are summed. An even split gives the first installments the extra minor units.",
      security: auth,
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
        },
      ],
      requestBody: body('CreateInvoice'),
      responses: withStandardAnswers(
        {
          201: {
            ...ok('The draft', ref('Invoice')),
            links: {
              GetInvoice: { operationId: 'getInvoice', parameters: { id: '$response.body#/data/reference' } },
              GetInvoicePdf: {
                operationId: 'getInvoicePdf',
                parameters: { id: '$response.body#/data/reference' },
              },
              IssueInvoice: {
                operationId: 'issueInvoice',
                parameters: { id: '$response.body#/data/reference' },
              },
            },
          },
          400: invalid,
          409: errorResponse('IDEMPOTENCY_REQUEST_IN_PROGRESS'),
          422: errorResponse(
            'INVOICE_TOTAL_NOT_POSITIVE, INVOICE_TOTAL_TOO_LARGE, DISCOUNT_EXCEEDS_LINE, INSTALLMENTS_DO_NOT_SUM, INSTALLMENT_DATES_NOT_ASCENDING, TOO_MANY_INSTALLMENTS or IDEMPOTENCY_KEY_REUSED',
          ),
        },
        { authenticated: true, jsonBody: true },
      ),
    },
    get: {
      operationId: 'listInvoices',
      tags: [APP_TAGS.invoices.name],
      summary: 'List invoices, newest first',
      security: auth,
      parameters: queryParameters(listInvoicesQuery, {
        status: {
          type: 'string',
          pattern: `^(${INVOICE_STATUSES.join('|')})(,(${INVOICE_STATUSES.join('|')}))*$`,
        },
      }),
      responses: withStandardAnswers(
        { 200: list('A page of invoices', ref('Invoice')), 400: invalid },
        { authenticated: true },
      ),
    },
  },
  '/invoices/{id}': {
    get: {
      operationId: 'getInvoice',
      tags: [APP_TAGS.invoices.name],
      summary: 'Read an invoice: totals, installments, what is due now, overdue',
      security: auth,
      parameters: [idParam],
      responses: withStandardAnswers(
        { 200: ok('Invoice', ref('Invoice')), 404: notFound },
        { authenticated: true },
      ),
    },
    patch: {
      operationId: 'updateInvoice',
      tags: [APP_TAGS.invoices.name],
      summary: 'Change a DRAFT: each field given replaces the one it had',
      security: auth,
      parameters: [idParam],
      requestBody: body('UpdateInvoice'),
      responses: withStandardAnswers(
        {
          200: ok('The draft as changed', ref('Invoice')),
          400: invalid,
          404: notFound,
          409: errorResponse('INVOICE_NOT_EDITABLE'),
          422: errorResponse('As on create'),
        },
        { authenticated: true, jsonBody: true },
      ),
    },
  },
  '/invoices/{id}/pdf': {
    get: {
      operationId: 'getInvoicePdf',
      tags: [APP_TAGS.invoices.name],
      summary: 'The invoice as an A4 PDF to send or print; a DRAFT renders too, stamped DRAFT',
      description:
        "Branded with the app's name, colour and logo; Bangla is shaped correctly. When the invoice can be paid it carries the payable link as text and as a QR code.",
      security: auth,
      parameters: [idParam],
      responses: withStandardAnswers(
        {
          200: {
            description: 'The PDF, named after the invoice number (the reference for a draft)',
            headers: {
              'Content-Disposition': {
                description: 'inline; filename="<number or reference>.pdf"',
                schema: { type: 'string' },
              },
            },
            content: {
              'application/pdf': {
                schema: { type: 'string', format: 'binary', contentMediaType: 'application/pdf' },
              },
            },
          },
          404: notFound,
        },
        { authenticated: true },
      ),
    },
  },
  '/invoices/{id}/issue': {
    post: {
      operationId: 'issueInvoice',
      tags: [APP_TAGS.invoices.name],
      summary: 'Issue a DRAFT: its number, its payable link, OPEN; sends invoice.issued',
      security: auth,
      parameters: [idParam],
      requestBody: body('IssueInvoice', false),
      responses: withStandardAnswers(
        {
          200: ok('The invoice, OPEN', ref('Invoice')),
          400: invalid,
          404: notFound,
          409: errorResponse('INVOICE_NOT_DRAFT'),
        },
        { authenticated: true, jsonBody: true },
      ),
    },
  },
  '/invoices/{id}/void': {
    post: {
      operationId: 'voidInvoice',
      tags: [APP_TAGS.invoices.name],
      summary: 'Void an invoice that is not PAID, when no payment for it is in flight; sends invoice.voided',
      security: auth,
      parameters: [idParam],
      requestBody: body('VoidInvoice', false),
      responses: withStandardAnswers(
        {
          200: ok('The invoice, VOID', ref('Invoice')),
          400: invalid,
          404: notFound,
          409: errorResponse('INVOICE_NOT_PAYABLE (PAID or VOID) or INVOICE_PAYMENT_IN_FLIGHT'),
        },
        { authenticated: true, jsonBody: true },
      ),
    },
  },
});

/** The invoice's webhook events: the schema of each one's `data`, and when it is sent. */
export const INVOICE_EVENT_TYPES: Array<
  [type: string, data: 'Invoice' | 'InvoicePaymentEvent' | 'InvoiceInstallmentEvent', summary: string]
> = [
  ['invoice.issued', 'Invoice', 'A draft was issued: it has its number and payable link'],
  [
    'invoice.partially_paid',
    'InvoicePaymentEvent',
    'A payment paid part of the invoice (data.payment names it)',
  ],
  [
    'invoice.paid',
    'InvoicePaymentEvent',
    'Payments now cover the whole invoice (data.payment names the last payment)',
  ],
  ['invoice.voided', 'Invoice', 'The invoice was voided'],
  [
    'invoice.installment_due',
    'InvoiceInstallmentEvent',
    "An installment's reminder time came (data.installment names it)",
  ],
  [
    'invoice.installment_overdue',
    'InvoiceInstallmentEvent',
    'An installment is unpaid past the end of its due day (data.installment names it)',
  ],
];
