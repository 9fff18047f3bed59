import { MODES } from '../../domain/shared/mode.js';
import { SEARCH_KINDS, SEARCH_LIMIT_PER_KIND } from '../../domain/reports/search.js';
import { searchQuery } from '../admin/search/schemas.js';
import { operation } from './admin-paths.js';
import {
  instant,
  integer,
  nullableInteger,
  nullableText,
  queryParameters,
  record,
  ref,
  text,
  withExamples,
  type Json,
} from './json-schema.js';
import { ok } from './responses.js';

/** The dashboard's one search box as JSON. */

const kind = { type: 'string', enum: [...SEARCH_KINDS] };

export const adminSearchSchemas = (): Record<string, Json> => ({
  SearchHit: record({
    kind,
    reference: { ...text, description: "The record's reference; a settlement line's gateway transaction id" },
    matchedOn: {
      type: 'string',
      enum: [
        'reference',
        'orderId',
        'gatewayTransactionId',
        'customerPhone',
        'gatewayRefundId',
        'destination',
        'number',
      ],
    },
    mode: { type: 'string', enum: [...MODES] },
    status: { ...text, description: "The record's status; a settlement line's type" },
    amountMinor: integer,
    currency: text,
    appId: nullableInteger,
    appName: nullableText,
    gateway: { ...nullableText, description: "The payment's gateway, or the payout's rail" },
    phone: { ...nullableText, description: "The customer's phone or the wallet paid, masked (01*******78)" },
    account: { ...nullableText, description: 'The bank account paid, masked' },
    orderId: nullableText,
    number: { ...nullableText, description: "An invoice's number" },
    paymentReference: { ...nullableText, description: 'The payment a refund gives back' },
    at: {
      ...instant,
      description: 'When the record was made; a settlement line’s settlement day (midnight UTC)',
    },
    path: { ...text, description: "The record's dashboard page" },
  }),
  SearchResult: withExamples(
    record({
      query: { ...text, description: 'The term as searched; a phone masked' },
      exact: {
        oneOf: [
          { type: 'null' },
          record({
            kind: { type: 'string', enum: ['payments', 'refunds', 'payouts', 'invoices'] },
            reference: text,
            path: text,
          }),
        ],
        description: 'The record the term names, when it is one of our references and exists',
      },
      searched: { type: 'array', items: kind, description: "The kinds the operator's role may read" },
      limitPerKind: integer,
      truncated: {
        type: 'array',
        items: kind,
        description: `Kinds with more than ${SEARCH_LIMIT_PER_KIND} records`,
      },
      items: { type: 'array', items: ref('SearchHit') },
    }),
    {
      query: '01*******78',
      exact: null,
      searched: ['payments', 'refunds', 'payouts', 'invoices'],
      limitPerKind: SEARCH_LIMIT_PER_KIND,
      truncated: [],
      items: [
        {
          kind: 'payments',
          reference: 'pay_7k2m9q4x8r1t5v3w6y0z',
          matchedOn: 'customerPhone',
          mode: 'LIVE',
          status: 'SUCCEEDED',
          amountMinor: 125000,
          currency: 'BDT',
          appId: 3,
          appName: 'storefront',
          gateway: 'bkash',
          phone: '01*******78',
          account: null,
          orderId: 'ORD-20270314-0042',
          number: null,
          paymentReference: null,
          at: '2027-03-14T09:30:00.000Z',
          path: '/admin/payments/pay_7k2m9q4x8r1t5v3w6y0z',
        },
      ],
    },
  ),
});

export const adminSearchPaths = (): Record<string, Json> => ({
  '/admin/search': {
    get: operation({
      id: 'adminSearch',
      summary:
        'Find payments, refunds, payouts, invoices and settlement lines, in TEST and LIVE, by what names them',
      description: `Payments by reference, order id, gateway transaction id or the customer's phone; refunds by reference or gateway refund id; payouts by reference or the wallet or account paid; invoices by reference or number; settlement lines (reconciliation.read) by the gateway's transaction id. A phone matches however it is written (01XXXXXXXXX, +8801XXXXXXXXX, 8801XXXXXXXXX) and is answered masked. Each kind is searched only for a role that may read it, at most ${SEARCH_LIMIT_PER_KIND} records of each, newest first; \`exact\` names the record a reference of ours points to (the dashboard opens it at once).`,
      action: 'dashboard.read',
      parameters: queryParameters(searchQuery),
      responses: { 200: ok('What the term finds', ref('SearchResult')) },
    }),
  },
});
