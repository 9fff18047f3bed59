import { REFUND_STATUSES } from '../../domain/refunds/refunds.js';
import { LINE_OUTCOMES } from '../../db/reconciliation/reconciliation-views.js';
import { PAYOUT_STATUSES } from '../../domain/reconciliation/payout-matching.js';
import { RECON_ACTIONS, RECON_EXCEPTION_KINDS } from '../../domain/reconciliation/reconciliation.js';
import { SETTLEMENT_LINE_TYPES } from '../../domain/reconciliation/settlements.js';
import { cashQuery, exceptionsQuery, linesQuery, runsQuery } from '../admin/reconciliation/schemas.js';
import { operation, pathParam } from './admin-paths.js';
import {
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

/** Settlement reconciliation as finance reads it: days per gateway and mode, exceptions, lines, cash. */

const runId = pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,14}$' }, 'The run id');
const date = { type: 'string', format: 'date' };
const notFound = { 404: errorResponse('RECON_RUN_NOT_FOUND') };

const FIGURES = record({
  currency: text,
  lines: integer,
  grossMinor: { type: 'integer', description: 'Payments and adjustments the gateway reported' },
  feeMinor: { type: 'integer', description: 'What the gateway kept' },
  refundsMinor: { type: 'integer', description: 'Refunds, negative' },
  disputesMinor: { type: 'integer', description: 'Chargebacks, negative' },
  netMinor: { type: 'integer', description: 'What the gateway says it paid out' },
  expectedNetMinor: {
    type: 'integer',
    description:
      "What the ledger expected: matched lines' gross less the fee booked, what mismatched lines' payments should have brought, chargebacks as reported, and payments no line settled",
  },
  differenceMinor: { type: 'integer', description: 'netMinor − expectedNetMinor' },
  netFormatted: text,
  expectedNetFormatted: text,
});

const RUN_PROPERTIES: Record<string, Json> = {
  id: integer,
  gateway: text,
  mode: { type: 'string', enum: ['TEST', 'LIVE'] },
  settlementDate: date,
  status: { type: 'string', enum: ['OPEN', 'CLOSED'] },
  lineCount: integer,
  matchedCount: integer,
  exceptionCount: integer,
  openExceptionCount: integer,
  figures: { type: 'array', items: FIGURES },
  lastMatchedAt: nullableInstant,
  closedAt: nullableInstant,
  workflowId: { type: 'string', description: 'recon-<gateway>-<mode>-<date>' },
  temporalUrl: { type: 'string', description: 'The run in the Temporal Web UI' },
};
const RUN = record(RUN_PROPERTIES);

/** The cash view of a day: each payout batch against what reached the bank. */
const PAYOUT = record({
  payoutBatch: {
    ...nullableText,
    description: "The gateway's batch id; null for the day's lines that name none",
  },
  currency: text,
  expectedMinor: { type: 'integer', description: "The sum of the batch's line nets" },
  expectedFormatted: text,
  receivedMinor: {
    ...nullableInteger,
    description: 'What the bank credits matched to the batch add up to; null when none was',
  },
  receivedFormatted: nullableText,
  credits: {
    type: 'array',
    description: 'The credits matched to the batch, by value date: several when it came in several transfers',
    items: record({
      valueDate: { type: 'string', format: 'date' },
      amountMinor: integer,
      amountFormatted: text,
      bankReference: nullableText,
      description: text,
      matchedBy: { type: 'string', enum: ['REFERENCE', 'AMOUNT'] },
    }),
  },
  status: {
    type: 'string',
    enum: [...PAYOUT_STATUSES],
    description:
      "RECEIVED: the credits add up to the batch's net; SHORT / OVER: they add up to less / more; MISSING: no credit within the day's payout window (RECON_PAYOUT_WINDOW_DAYS when the day was matched) though the statements cover it; PENDING: the statements do not cover the window yet",
  },
});

const EXCEPTION = record({
  id: integer,
  reference: { type: 'string', pattern: '^rex_[0-9a-z]{20}$' },
  kind: { type: 'string', enum: [...RECON_EXCEPTION_KINDS] },
  subject: text,
  status: { type: 'string', enum: ['OPEN', 'RESOLVED'] },
  currency: text,
  expectedMinor: {
    ...nullableInteger,
    description:
      'What the ledger expected, as a net (after fees) for every kind but FEE_MISMATCH, which compares fees: ' +
      "a payment's amount less the fee booked (UNSETTLED_PAYMENT, AMOUNT_MISMATCH), a refund's amount " +
      "negative, 0 for a line nothing expected (DUPLICATE_LINE), a payout batch's net (PAYOUT_*); " +
      'null when nothing was expected (UNKNOWN_LINE, CHARGEBACK, UNKNOWN_CREDIT)',
  },
  actualMinor: {
    ...nullableInteger,
    description:
      "What the gateway or the bank reported, on the same footing: the line's net for every line kind " +
      "(the line's fee for FEE_MISMATCH), what the batch's credits add up to (PAYOUT_*), the credit " +
      '(UNKNOWN_CREDIT); null for UNSETTLED_PAYMENT',
  },
  detail: text,
  paymentReference: nullableText,
  refundReference: nullableText,
  gatewayTransactionId: nullableText,
  lineType: { type: ['string', 'null'], enum: [...SETTLEMENT_LINE_TYPES, null] },
  payoutBatch: nullableText,
  action: { type: ['string', 'null'], enum: [...RECON_ACTIONS, 'AUTO', null] },
  note: nullableText,
  escalatedAt: nullableInstant,
  resolvedBy: { ...nullableText, description: "The resolving operator's email (a proposal's proposer)" },
  approvedBy: {
    ...nullableText,
    description: "The second operator's email, when the resolving adjustment was a proposal they approved",
  },
  resolvedAt: nullableInstant,
  journalEntryId: nullableInteger,
  resolvingRefundReference: {
    ...nullableText,
    description: 'REFUND: the refund finance asked for; the exception resolves when it succeeds',
  },
  resolvingRefundStatus: { type: ['string', 'null'], enum: [...REFUND_STATUSES, null] },
  proposal: {
    oneOf: [
      { type: 'null' },
      record({
        action: { type: 'string', enum: ['POST_ADJUSTMENT', 'ACCEPT_FEE_DIFFERENCE'] },
        postingMinor: {
          ...nullableInteger,
          description: "What it would post beyond the line's own settlement (integer minor units)",
        },
        proposedBy: { type: 'string', description: "The proposing operator's email" },
      }),
    ],
    description:
      "An adjustment proposed on the exception beyond the rounding tolerance (or by the report's uploader), " +
      "waiting for a second operator's approval; null when none waits",
  },
  createdAt: { type: 'string', format: 'date-time' },
});

const LINE = record({
  id: integer,
  gatewayTransactionId: text,
  reference: nullableText,
  type: { type: 'string', enum: [...SETTLEMENT_LINE_TYPES] },
  currency: text,
  grossMinor: integer,
  feeMinor: integer,
  netMinor: integer,
  settlementDate: date,
  payoutBatch: nullableText,
  outcome: { type: 'string', enum: [...LINE_OUTCOMES] },
  paymentReference: nullableText,
  refundReference: nullableText,
  feeDifferenceMinor: nullableInteger,
  settlementEntryId: nullableInteger,
  exceptionReference: nullableText,
  exceptionKind: { type: ['string', 'null'], enum: [...RECON_EXCEPTION_KINDS, null] },
});

const CASH = record({
  gateway: text,
  currency: text,
  clearingMinor: { type: 'integer', description: 'Expected: what the ledger says the gateway still holds' },
  settledMinor: { type: 'integer', description: 'Received: what its settlements paid into the bank' },
  reportedNetMinor: { type: 'integer', description: "Every settlement line's net the gateway reported" },
  unpostedNetMinor: { type: 'integer', description: 'Reported lines not posted yet' },
  openExceptions: integer,
  lastSettlementDate: { type: ['string', 'null'], format: 'date' },
  clearingFormatted: text,
  settledFormatted: text,
});

const csv = (what: string): Json => ({
  description: `${what} as CSV (UTF-8 with a BOM, RFC 4180, formulas defused), Content-Disposition: attachment; recorded in the audit log`,
  content: { 'text/csv': { schema: { type: 'string', format: 'binary', contentMediaType: 'text/csv' } } },
});

export const adminReconciliationSchemas = (): Record<string, Json> => ({
  ReconRun: RUN,
  ReconException: EXCEPTION,
  ReconLine: LINE,
  CashPosition: CASH,
});

export const adminReconciliationPaths = (): Record<string, Json> => ({
  '/admin/reconciliation/runs': {
    get: operation({
      id: 'adminListReconRuns',
      summary:
        'Settlement days per gateway and mode, newest first, with what the gateway paid against what the ledger expected',
      action: 'reconciliation.read',
      parameters: queryParameters(runsQuery),
      responses: { 200: list('A page of settlement days', ref('ReconRun')) },
    }),
  },
  '/admin/reconciliation/runs/{id}': {
    get: operation({
      id: 'adminReconRun',
      summary: 'One settlement day, with its figures and its workflow in the Temporal UI',
      action: 'reconciliation.read',
      parameters: [runId],
      responses: {
        200: ok(
          'The settlement day, with its payouts against the bank',
          record({ ...RUN_PROPERTIES, payouts: { type: 'array', items: PAYOUT } }),
        ),
        ...notFound,
      },
    }),
  },
  '/admin/reconciliation/runs/{id}/exceptions': {
    get: operation({
      id: 'adminReconRunExceptions',
      summary:
        "A day's exceptions, open first; resolve one with POST /admin/reconciliation/exceptions/{reference}/resolve",
      action: 'reconciliation.read',
      parameters: [runId, ...queryParameters(exceptionsQuery)],
      responses: { 200: list('A page of exceptions', ref('ReconException')), ...notFound },
    }),
  },
  '/admin/reconciliation/runs/{id}/lines': {
    get: operation({
      id: 'adminReconRunLines',
      summary: "A day's settlement lines, each with what matching made of it",
      action: 'reconciliation.read',
      parameters: [runId, ...queryParameters(linesQuery)],
      responses: { 200: list('A page of lines', ref('ReconLine')), ...notFound },
    }),
  },
  '/admin/reconciliation/runs/{id}/lines.csv': {
    get: operation({
      id: 'adminExportReconLines',
      summary: "A day's settlement lines as CSV",
      action: 'reconciliation.read',
      parameters: [runId],
      responses: { 200: csv('Every line of the day'), ...notFound },
    }),
  },
  '/admin/reconciliation/runs/{id}/exceptions.csv': {
    get: operation({
      id: 'adminExportReconExceptions',
      summary: "A day's exceptions as CSV, with how each was resolved",
      action: 'reconciliation.read',
      parameters: [runId],
      responses: { 200: csv('Every exception of the day'), ...notFound },
    }),
  },
  '/admin/reconciliation/cash': {
    get: operation({
      id: 'adminReconCash',
      summary: "Each gateway's cash per currency: expected (clearing) against received (settled to the bank)",
      action: 'reconciliation.read',
      parameters: queryParameters(cashQuery),
      responses: { 200: list('Every gateway and currency, on one page', ref('CashPosition')) },
    }),
  },
});
