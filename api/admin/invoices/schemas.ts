import { z } from 'zod';
import { MODES } from '../../../domain/shared/mode.js';
import { createInvoiceBody, listInvoicesQuery, voidInvoiceBody } from '../../invoices/invoice-schemas.js';
import { queryInt } from '../../query-values.js';

/** Request shapes of the operators' invoices area; the dashboard forms are converted to the same. */

/** The app API's invoice filters, across apps: plus app and mode; overdue invoices come first. */
export const adminInvoicesQuery = z.strictObject({
  ...listInvoicesQuery.shape,
  appId: queryInt({ min: 1 }).optional(),
  mode: z.enum(MODES).default('TEST').describe('TEST or LIVE; defaults to TEST'),
});
export type AdminInvoicesQuery = z.infer<typeof adminInvoicesQuery>;

/** An invoice an operator writes for an app: the app API's request, plus whose and which mode. */
export const operatorInvoiceBody = z.strictObject({
  ...createInvoiceBody.shape,
  appId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe('The app the invoice is from'),
  mode: z.enum(MODES).describe('TEST or LIVE'),
  issue: z.boolean().optional().describe('Issue it at once (a number and a payable link); default false'),
});
export type OperatorInvoiceBody = z.infer<typeof operatorInvoiceBody>;

export { voidInvoiceBody };
