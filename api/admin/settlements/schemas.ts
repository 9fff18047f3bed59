import { z } from 'zod';
import { MODES } from '../../../domain/shared/mode.js';
import { isCalendarDate, REPORT_LAYOUTS } from '../../../domain/reconciliation/settlements.js';
import { PAYOUT_RAILS_WITH_STATEMENTS } from '../../../domain/reconciliation/rail-statements.js';
import { SETTLEMENT_GATEWAYS } from '../../../gateways/settlement-reports.js';
import { queryFilter, queryInt } from '../../query-values.js';

/** Request shapes of settlement report imports; the dashboard's form is read into the same. */

export const importReportFields = z.object({
  gateway: z
    .enum(SETTLEMENT_GATEWAYS, { error: `must be one of ${SETTLEMENT_GATEWAYS.join(', ')}` })
    .describe(
      'The gateway whose report this is: sslcommerz, bkash, nagad (their own layouts), or stripe (canonical only)',
    ),
  mode: z.enum(MODES, { error: 'must be TEST or LIVE' }).describe('TEST or LIVE: the lines are of this mode'),
  format: z
    .preprocess(
      (v) => (v === '' ? undefined : v),
      z.enum(REPORT_LAYOUTS, { error: 'must be gateway or canonical' }).optional(),
    )
    .describe(
      "gateway: the gateway's own export; canonical: the canonical CSV. Absent: canonical when the header row is canonical, else the gateway's",
    ),
});
export type ImportReportFields = z.infer<typeof importReportFields>;

export const settlementImportsQuery = z.strictObject({
  gateway: queryFilter(SETTLEMENT_GATEWAYS),
  mode: queryFilter(MODES),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});
export type SettlementImportsQuery = z.infer<typeof settlementImportsQuery>;

/** A bank statement upload: the account is the one named for the gateway and mode. */
export const bankStatementFields = z.object({
  gateway: z
    .enum(SETTLEMENT_GATEWAYS, { error: `must be one of ${SETTLEMENT_GATEWAYS.join(', ')}` })
    .describe('The gateway whose settlement bank account the statement is of'),
  mode: z
    .enum(MODES, { error: 'must be TEST or LIVE' })
    .describe('TEST or LIVE: the account named for the gateway in this mode'),
});
export type BankStatementFields = z.infer<typeof bankStatementFields>;

/** A payout rail's statement upload: the rail, the mode and the day it speaks for. */
export const railStatementFields = z.object({
  rail: z
    .enum(PAYOUT_RAILS_WITH_STATEMENTS, {
      error: `must be one of ${PAYOUT_RAILS_WITH_STATEMENTS.join(', ')}`,
    })
    .describe('The payout rail whose statement this is, in its own layout: bkash, nagad or bank'),
  mode: z.enum(MODES, { error: 'must be TEST or LIVE' }).describe('TEST or LIVE: the payouts of this mode'),
  statementDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a day, YYYY-MM-DD' })
    .refine(isCalendarDate, { error: 'must be a day of the calendar' })
    .describe('The day the statement speaks for (Bangladesh time): every line must be of it'),
});
export type RailStatementFields = z.infer<typeof railStatementFields>;

export const railStatementsQuery = z.strictObject({
  rail: queryFilter(PAYOUT_RAILS_WITH_STATEMENTS),
  mode: queryFilter(MODES),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});
export type RailStatementsQuery = z.infer<typeof railStatementsQuery>;

export const disputeNoticesQuery = z.strictObject({
  waiting: z
    .preprocess((v) => (v === '' ? undefined : v), z.enum(['true', 'false']).default('true'))
    .describe('true (default): only notices still waiting for a payment; false: all, applied ones too'),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});
export type DisputeNoticesQuery = z.infer<typeof disputeNoticesQuery>;
