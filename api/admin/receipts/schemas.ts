import { z } from 'zod';
import { CURRENCIES } from '../../../domain/shared/money.js';
import { RECEIPT_METHODS, RECEIPT_STATUSES } from '../../../domain/payments/manual-receipts.js';
import { MODES } from '../../../domain/shared/mode.js';
import { queryInt } from '../../query-values.js';
import { visibleText } from '../../../domain/shared/text-fields.js';

/** Request shapes of manual receipts; the dashboard's form is converted to the same. */

/** A proof is a scan or a photo of the slip, at most this large once decoded. */
export const MAX_PROOF_BYTES = 2 * 1024 * 1024;

export const PROOF_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type ProofType = (typeof PROOF_TYPES)[number];

/** The first bytes each proof type starts with: a file is what it says it is, or it is refused. */
const SIGNATURES: Record<ProofType, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

export function proofMatchesType(bytes: Buffer, type: ProofType): boolean {
  return SIGNATURES[type].every((byte, i) => bytes[i] === byte);
}

/** A calendar day (YYYY-MM-DD) from 2000 on: a year-0 or a 31 February never reaches the database. */
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((value) => {
    const day = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value) && value >= '2000-01-01';
  }, 'a real date from 2000-01-01 on')
  .meta({ format: 'date' });

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const proofBody = z.strictObject({
  fileName: visibleText(200).describe('The file name as it was scanned or photographed'),
  contentType: z.enum(PROOF_TYPES).describe('application/pdf, image/png or image/jpeg'),
  contentBase64: z
    .string()
    .max(Math.ceil(MAX_PROOF_BYTES / 3) * 4, 'at most 2 MiB once decoded')
    .regex(BASE64, 'base64')
    .describe('The file, base64-encoded'),
});
export type ProofBody = z.infer<typeof proofBody>;

export const recordReceiptBody = z.strictObject({
  amountMinor: z
    .number()
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER)
    .describe("What was received in minor units: the payment's whole amount"),
  currency: z.enum(CURRENCIES).optional().describe("Defaults to the payment's currency"),
  receivedOn: calendarDay.describe(
    'The day the money reached the merchant, as the statement or cash book says',
  ),
  method: z.enum(RECEIPT_METHODS).describe('BANK_TRANSFER, CASH or CHEQUE'),
  bankReference: visibleText(100).describe(
    "The bank's transaction id, the cash book's entry or the cheque number",
  ),
  note: visibleText(500).optional().describe('Anything the next reader should know'),
  proof: proofBody.optional().describe('A scan or photo of the slip (PDF, PNG or JPEG, at most 2 MiB)'),
});
export type RecordReceiptBody = z.infer<typeof recordReceiptBody>;

export const receiptDecisionBody = z.strictObject({
  comment: visibleText(500).optional().describe('Why; recorded with the decision and in the audit log'),
});

/** Receipts across apps: by default those waiting for a second operator. */
export const adminReceiptsQuery = z.strictObject({
  status: z
    .enum(RECEIPT_STATUSES)
    .optional()
    .describe('AWAITING_APPROVAL (waiting for a second operator), CONFIRMED or REJECTED; any when absent'),
  mode: z.enum(MODES).default('TEST').describe('TEST or LIVE; defaults to TEST'),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});
export type AdminReceiptsQuery = z.infer<typeof adminReceiptsQuery>;
