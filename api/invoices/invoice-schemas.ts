import { z } from 'zod';
import { BASIS_POINTS } from '../../domain/invoices/invoice-arithmetic.js';
import { isCalendarDate, MAX_INSTALLMENTS, PLAN_INTERVALS } from '../../domain/invoices/installments.js';
import { INVOICE_STATUSES } from '../../domain/invoices/invoices.js';
import { CURRENCIES } from '../../domain/shared/money.js';
import { queryInstant, queryInt } from '../query-values.js';
import { metadataField } from '../../domain/shared/metadata-field.js';
import { boundedText, visibleText } from '../../domain/shared/text-fields.js';

/** Invoice requests: strict, and the source of the OpenAPI document like every other shape. */

const calendarDate = z.iso
  .date()
  .refine(isCalendarDate, 'Expected a date YYYY-MM-DD in the years 0001 to 9999')
  .meta({ not: { pattern: '^0000' } });

const minor = (what: string) =>
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe(`${what}, integer minor units`);

const basisPoints = z.number().int().min(0).max(BASIS_POINTS);

export const lineDiscount = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('PERCENT'),
    basisPoints: basisPoints.describe('Discount in basis points of the line (1000 = 10 %)'),
  }),
  z.strictObject({ type: z.literal('AMOUNT'), amountMinor: minor('Discount off the line') }),
]);

const line = z.strictObject({
  description: visibleText(500).describe('What is charged for; Bangla is welcome'),
  quantity: z.number().int().min(1).max(1_000_000),
  unitAmountMinor: minor('Price of one'),
  taxRateBasisPoints: basisPoints.optional().describe('Tax on the line after its discount (1500 = 15 %)'),
  discount: lineDiscount.optional(),
});

const customer = z.strictObject({
  customerReference: visibleText(128).describe('Your identifier for the customer'),
  name: visibleText(200).optional().describe("The customer's name as it goes on the invoice"),
  email: z.email().max(254).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 -]{5,19}$/, 'Invalid phone number')
    .optional(),
  address: visibleText(500).optional(),
});

export const installmentPlan = z.union([
  z.strictObject({
    count: z.number().int().min(2).max(MAX_INSTALLMENTS),
    interval: z.enum(PLAN_INTERVALS),
    every: z.number().int().min(1).max(12).optional().describe('Intervals between installments; default 1'),
  }),
  z.strictObject({
    schedule: z
      .array(z.strictObject({ amountMinor: minor('This installment').min(1), dueDate: calendarDate }))
      .min(2)
      .max(MAX_INSTALLMENTS)
      .describe('Amounts summing exactly to the total, due dates ascending'),
  }),
]);

const content = {
  customer,
  currency: z.enum(CURRENCIES).default('BDT').describe('ISO-4217 code; defaults to BDT'),
  lines: z.array(line).min(1).max(100),
  dueDate: calendarDate.describe(
    "When payment (the first installment, with a plan) is due: a day in the company's time zone (COMPANY_TIME_ZONE, Asia/Dhaka by default)",
  ),
  notes: visibleText(2000).optional().describe('Printed on the invoice'),
  metadata: metadataField(),
  installmentPlan: installmentPlan
    .optional()
    .describe('Split the total: a count with an interval from dueDate, or explicit amounts and dates'),
};

/** A draft for the next year's plan: two lines, one discounted, 15 % tax on both. */
const createInvoiceExample = {
  customer: {
    customerReference: 'customer-58213',
    name: 'Farhana Rahman',
    email: 'farhana.rahman@example.com',
    phone: '+8801712345678',
    address: 'House 12, Road 5, Dhanmondi, Dhaka 1205',
  },
  currency: 'BDT',
  lines: [
    {
      description: 'Pro plan, annual subscription',
      quantity: 1,
      unitAmountMinor: 120000,
      taxRateBasisPoints: 1500,
    },
    {
      description: 'Onboarding session (1 hour)',
      quantity: 2,
      unitAmountMinor: 15000,
      taxRateBasisPoints: 1500,
      discount: { type: 'PERCENT', basisPoints: 1000 },
    },
  ],
  dueDate: '2026-12-15',
  notes: 'Thank you for renewing.',
  metadata: { contract: 'CN-2026-118' },
};

export const createInvoiceBody = z.strictObject(content).meta({ examples: [createInvoiceExample] });
export type CreateInvoiceBody = z.infer<typeof createInvoiceBody>;

/** A draft's changes: any of the creation fields, each replacing what the draft had. */
export const updateInvoiceBody = z
  .strictObject({
    ...content,
    currency: z.enum(CURRENCIES).optional(),
    installmentPlan: installmentPlan.nullable().optional().describe('null removes the plan'),
  })
  .partial()
  .meta({
    examples: [{ dueDate: '2026-12-31', installmentPlan: { count: 3, interval: 'MONTH' } }],
  });
export type UpdateInvoiceBody = z.infer<typeof updateInvoiceBody>;

/** Issuing takes no fields: everything printed was set on the draft. */
export const issueInvoiceBody = z.strictObject({}).meta({ examples: [{}] });

export const voidInvoiceBody = z
  .strictObject({
    reason: visibleText(500).optional().describe('Why; recorded with the invoice and sent in invoice.voided'),
  })
  .meta({ examples: [{ reason: 'Issued to the wrong customer' }] });

export const invoiceIdParam = z
  .string()
  .regex(/^(\d{1,15}|inv_[0-9a-z]{20})$/, 'Expected an invoice id or reference');

const statusList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim().toUpperCase()))
  .pipe(z.array(z.enum(INVOICE_STATUSES)).min(1));

export const listInvoicesQuery = z.strictObject({
  status: statusList.optional().describe('One status, or several separated by commas'),
  customer: boundedText(128).min(1).optional().describe("Only this customer's invoices (customerReference)"),
  overdue: z.enum(['true', 'false']).optional().describe('true: only overdue invoices; false: none of them'),
  from: queryInstant().optional().describe('Created at or after (ISO-8601)'),
  to: queryInstant().optional().describe('Created before (ISO-8601)'),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});
export type ListInvoicesQuery = z.infer<typeof listInvoicesQuery>;
