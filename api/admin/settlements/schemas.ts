import { z } from 'zod';
import { MODES } from '../../../domain/shared/mode.js';
import { REPORT_LAYOUTS } from '../../../domain/reconciliation/settlements.js';
import { SETTLEMENT_GATEWAYS } from '../../../gateways/settlement-reports.js';
import { queryInt } from '../../query-values.js';

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
  gateway: z.preprocess((v) => (v === '' ? undefined : v), z.enum(SETTLEMENT_GATEWAYS).optional()),
  mode: z.preprocess((v) => (v === '' ? undefined : v), z.enum(MODES).optional()),
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

export const disputeNoticesQuery = z.strictObject({
  waiting: z
    .preprocess((v) => (v === '' ? undefined : v), z.enum(['true', 'false']).default('true'))
    .describe('true (default): only notices still waiting for a payment; false: all, applied ones too'),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});
export type DisputeNoticesQuery = z.infer<typeof disputeNoticesQuery>;
