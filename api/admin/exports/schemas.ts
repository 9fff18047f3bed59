import { z } from 'zod';
import { ENTRY_KIND_NAMES } from '../../../domain/ledger/ledger.js';
import { MODES } from '../../../domain/shared/mode.js';
import { queryDay } from '../../query-values.js';
import { auditQuery } from '../oversight/schemas.js';
import { adminPaymentsQuery } from '../payments/queries.js';
import { adminRefundsQuery } from '../refunds/schemas.js';

/**
 * What each CSV export takes: the filters of the list it comes from, without paging (an export
 * is the whole filtered set, streamed). The journal's takes a range of calendar days.
 */

const day = (what: string) =>
  queryDay().describe(`${what} (YYYY-MM-DD, in the company's time zone, COMPANY_TIME_ZONE), included`);

export const journalExportQuery = z
  .strictObject({
    mode: z.enum(MODES).default('TEST').describe('TEST or LIVE; defaults to TEST'),
    from: day('The first day of the range'),
    to: day('The last day of the range'),
    kind: z.enum(ENTRY_KIND_NAMES).optional().describe('Only entries of this kind'),
  })
  .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export type JournalExportQuery = z.infer<typeof journalExportQuery>;

const { page: _paymentsPage, size: _paymentsSize, ...paymentFilters } = adminPaymentsQuery.shape;
export const paymentsExportQuery = z.strictObject(paymentFilters);
export type PaymentsExportQuery = z.infer<typeof paymentsExportQuery>;

const { page: _refundsPage, size: _refundsSize, ...refundFilters } = adminRefundsQuery.shape;
export const refundsExportQuery = z.strictObject(refundFilters);
export type RefundsExportQuery = z.infer<typeof refundsExportQuery>;

const { page: _auditPage, size: _auditSize, after: _auditAfter, ...auditFilters } = auditQuery.shape;
export const auditExportQuery = z.strictObject(auditFilters);
export type AuditExportQuery = z.infer<typeof auditExportQuery>;
