import { z } from 'zod';
import { metadataField } from '../shared/metadata-field.js';
import { visibleText } from '../shared/text-fields.js';

/**
 * A payout's body and a batch line's, as the API takes them and the worker judges a batch file's
 * lines: one definition for both (api/payouts/payout-schemas.ts documents them in OpenAPI).
 */

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

const lineReference = z
  .string()
  .regex(/^[\x21-\x7e]{1,64}$/, 'must be 1 to 64 printable characters without spaces')
  .describe("The app's own reference for the line, unique in the batch");

/** One line: a single payout's body with its own line reference. */
export const batchLineSchema = createPayoutBody.extend({ lineReference });
export type BatchLineBody = z.infer<typeof batchLineSchema>;
