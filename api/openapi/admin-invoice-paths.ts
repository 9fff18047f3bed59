import { INVOICE_STATUSES } from '../../domain/invoices/invoices.js';
import { adminInvoicesQuery, operatorInvoiceBody, voidInvoiceBody } from '../admin/invoices/schemas.js';
import { issueInvoiceBody } from '../invoices/invoice-schemas.js';
import { operation, pathParam } from './admin-paths.js';
import { INVOICE } from './invoice-paths.js';
import {
  fromZod,
  instant,
  integer,
  nullableInstant,
  nullableInteger,
  nullableText,
  queryParameters,
  record,
  ref,
  text,
  type Json,
} from './json-schema.js';
import { errorResponse, list, ok } from './responses.js';

/** The operators' invoice API: every app's invoices, and writing, issuing and voiding them. */

const invoiceRef = pathParam(
  'id',
  { type: 'string', pattern: '^([0-9]{1,15}|inv_[0-9a-z]{20})$' },
  'Invoice id or inv_… reference',
);
const notFound = { 404: errorResponse('INVOICE_NOT_FOUND') };

const ADMIN_INVOICE: Json = {
  ...INVOICE,
  required: [...(INVOICE.required as string[]), 'appId', 'appName', 'createdByOperatorId', 'temporalUrl'],
  properties: {
    ...(INVOICE.properties as Json),
    appId: integer,
    appName: nullableText,
    createdByOperatorId: nullableInteger,
    temporalUrl: { ...nullableText, description: "The invoice's workflow in the Temporal UI, once issued" },
  },
};

export const adminInvoiceSchemas = (): Record<string, Json> => ({
  AdminInvoice: ADMIN_INVOICE,
  AdminInvoiceDetail: record({
    invoice: ref('AdminInvoice'),
    payments: {
      type: 'array',
      items: record({
        reference: text,
        status: text,
        amountMinor: integer,
        createdAt: instant,
        settledAt: nullableInstant,
      }),
    },
    events: {
      type: 'array',
      items: record({
        id: text,
        type: text,
        deliveryStatus: text,
        createdAt: instant,
        attempts: { type: 'array', items: ref('WebhookAttempt') },
      }),
    },
  }),
});

export const adminInvoicePaths = (): Record<string, Json> => ({
  '/admin/invoices': {
    get: operation({
      id: 'adminListInvoices',
      summary: 'Invoices across apps: overdue ones first, then newest first',
      action: 'payments.read',
      parameters: queryParameters(adminInvoicesQuery, {
        status: {
          type: 'string',
          pattern: `^(${INVOICE_STATUSES.join('|')})(,(${INVOICE_STATUSES.join('|')}))*$`,
        },
      }),
      responses: { 200: list('A page of invoices', ref('AdminInvoice')) },
    }),
    post: operation({
      id: 'adminCreateInvoice',
      summary:
        "Write an invoice for an app (a DRAFT, or issued at once with issue: true); audited as the operator's",
      action: 'invoices.manage',
      body: fromZod(operatorInvoiceBody),
      responses: {
        201: ok('The invoice', ref('AdminInvoice')),
        404: errorResponse('APP_NOT_FOUND'),
        422: errorResponse(
          'INSTALLMENTS_DO_NOT_SUM, INVOICE_TOTAL_NOT_POSITIVE and the other pricing refusals',
        ),
      },
    }),
  },
  '/admin/invoices/{id}': {
    get: operation({
      id: 'adminGetInvoice',
      summary: 'One invoice with its payments and every event it sent, and its workflow in the Temporal UI',
      action: 'payments.read',
      parameters: [invoiceRef],
      responses: { 200: ok('Invoice', ref('AdminInvoiceDetail')), ...notFound },
    }),
  },
  '/admin/invoices/{id}/issue': {
    post: operation({
      id: 'adminIssueInvoice',
      summary: 'Issue a DRAFT: its number, its payable link, its workflow; invoice.issued to the app',
      action: 'invoices.manage',
      parameters: [invoiceRef],
      body: fromZod(issueInvoiceBody),
      responses: {
        200: ok('The issued invoice', ref('AdminInvoice')),
        ...notFound,
        409: errorResponse('INVOICE_NOT_DRAFT'),
      },
    }),
  },
  '/admin/invoices/{id}/void': {
    post: operation({
      id: 'adminVoidInvoice',
      summary:
        'Void an invoice with no payment in flight; its workflow ends and invoice.voided goes to the app',
      action: 'invoices.void',
      parameters: [invoiceRef],
      body: fromZod(voidInvoiceBody),
      responses: {
        200: ok('The void invoice', ref('AdminInvoice')),
        ...notFound,
        409: errorResponse('INVOICE_PAYMENT_IN_FLIGHT or INVOICE_NOT_PAYABLE (already PAID or VOID)'),
      },
    }),
  },
});
