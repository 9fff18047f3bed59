import { z } from 'zod';
import { MAX_BASIS_POINTS } from '../../../domain/payments/fees.js';
import { MODES } from '../../../domain/shared/mode.js';
import { CURRENCIES } from '../../../domain/shared/money.js';
import { GATEWAY_MODULES } from '../../../gateways/catalogue.js';
import { chargesFees } from '../../../gateways/fees.js';
import { visibleText } from '../../../domain/shared/text-fields.js';

/** Request bodies of the fee schedules and settlement bank accounts; the dashboard forms convert to the same. */

/** The gateways that charge a fee (money recorded by an operator outside any gateway does not). */
export const FEE_GATEWAYS = GATEWAY_MODULES.map((m) => m.name).filter(chargesFees) as [string, ...string[]];

/** The largest fixed part a schedule may have: 1,000,000.00 in a two-digit currency. */
export const MAX_FIXED_MINOR = 100_000_000;

export const feeScheduleBody = z.strictObject({
  gateway: z.enum(FEE_GATEWAYS).describe('The gateway the schedule prices'),
  mode: z.enum(MODES),
  currency: z.enum(CURRENCIES),
  method: visibleText(64)
    .nullable()
    .optional()
    .describe('The payment method as the gateway reports it (bKash, visa); absent or null: any method'),
  percentBasisPoints: z
    .number()
    .int()
    .min(0)
    .max(MAX_BASIS_POINTS)
    .describe('The percentage in basis points: 1.85 % is 185'),
  fixedMinor: z.number().int().min(0).max(MAX_FIXED_MINOR).describe('Added to every capture, in minor units'),
});
export type FeeScheduleBody = z.infer<typeof feeScheduleBody>;

export const bankAccountBody = z.strictObject({
  name: visibleText(120).describe('How finance names the account (bank, branch, last digits)'),
});
