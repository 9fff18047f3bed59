import { z } from 'zod';
import { PAYOUT_STATUSES } from '../../domain/payouts/payouts.js';
import { PAYOUT_RAIL_NAMES } from '../../gateways/payouts/registry.js';
import { metadataField } from '../metadata-field.js';
import { CURSOR_OR_PAGE, cursorOrPage, queryCursor, queryInstant, queryInt } from '../query-values.js';
import { visibleText } from '../text-fields.js';

/** Payout request schemas: strict, and the single source of the OpenAPI document's payout paths. */
const instant = queryInstant();

/** A Bangladeshi mobile wallet number, as bKash and Nagad take it. */
const walletNumber = z
  .string()
  .regex(/^01[3-9]\d{8}$/, 'must be a Bangladeshi mobile number, 01 and nine more digits (01712345678)');

const holderName = visibleText(100).nullable().optional().describe("The holder's name, as the app knows it");

const bkashWallet = z.strictObject({
  type: z.literal('BKASH_WALLET'),
  walletNumber,
  name: holderName,
});

const nagadWallet = z.strictObject({
  type: z.literal('NAGAD_WALLET'),
  walletNumber,
  name: holderName,
});

const bankAccount = z.strictObject({
  type: z.literal('BANK_ACCOUNT'),
  accountNumber: z.string().regex(/^\d{6,20}$/, 'must be 6 to 20 digits'),
  accountName: visibleText(100),
  routingNumber: z
    .string()
    .regex(/^\d{9}$/, "must be the receiving branch's nine-digit Bangladesh Bank routing number"),
  bankName: visibleText(100).nullable().optional(),
  method: z
    .enum(['BEFTN', 'NPSB'])
    .optional()
    .describe(
      'BEFTN: in the next clearing session (the default); NPSB: at once, to banks on the instant network',
    ),
});

export const beneficiarySchema = z
  .discriminatedUnion('type', [bkashWallet, nagadWallet, bankAccount])
  .describe(
    'Who receives the money: a bKash wallet, a Nagad wallet, or a bank account with its routing number',
  );

export const createPayoutBody = z
  .strictObject({
    amountMinor: z
      .number()
      .int()
      .positive()
      .max(Number.MAX_SAFE_INTEGER)
      .describe('Integer minor units, > 0'),
    currency: z.literal('BDT').default('BDT').describe('BDT, the only currency the rails pay in'),
    beneficiary: beneficiarySchema,
    narrative: visibleText(140)
      .optional()
      .describe('Shown to the beneficiary where the rail carries a reference'),
    metadata: metadataField(),
  })
  .meta({
    examples: [
      {
        amountMinor: 150000,
        currency: 'BDT',
        beneficiary: { type: 'BKASH_WALLET', walletNumber: '01712345678', name: 'Rahima Khatun' },
        narrative: 'Cashback for order 1042',
        metadata: { order: '1042' },
      },
    ],
  });
export type CreatePayoutBody = z.infer<typeof createPayoutBody>;

export const payoutIdParam = z
  .string()
  .regex(/^(\d{1,15}|po_[0-9a-z]{20})$/, 'Expected a payout id or reference');

const payoutStatusList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim().toUpperCase()))
  .pipe(z.array(z.enum(PAYOUT_STATUSES)).min(1));

export const listPayoutsQuery = z
  .strictObject({
    status: payoutStatusList.optional().describe('One status, or several separated by commas'),
    rail: z.enum(PAYOUT_RAIL_NAMES).optional().describe('Only payouts on this rail'),
    from: instant.optional().describe('Created at or after (ISO-8601)'),
    to: instant.optional().describe('Created before (ISO-8601)'),
    page: queryInt({ min: 1, max: 100000 }).default(1),
    size: queryInt({ min: 1, max: 100 }).default(20),
    after: queryCursor('payout'),
  })
  .refine(cursorOrPage, CURSOR_OR_PAGE);

export const cancelPayoutBody = z
  .strictObject({ reason: visibleText(255).optional().describe('Why the app cancels it') })
  .meta({ examples: [{ reason: 'Customer asked for store credit instead' }] });
