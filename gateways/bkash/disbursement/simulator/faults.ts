import { z } from 'zod';
import { FaultBook as FaultsPerTransfer } from '../../../simulator-kit/faults.js';

/** Misbehaviour the simulated disbursement can show, for every transfer or one merchantInvoiceNumber. */
export const disbursementFaultsSchema = z
  .object({
    /**
     * b2cPayment pays, but its answer is lost: a 504 from the load balancer, or the connection
     * closed. Only b2cQuery then tells the merchant. One-off.
     */
    transferAnswerLost: z.enum(['504', 'close']).optional(),
    /**
     * b2cPayment pays at once but answers this long after: a merchant with a shorter timeout has
     * given up by then, after bKash took the money.
     */
    transferAnswerDelayMs: z.number().int().min(1).max(120_000).optional(),
    /** The next b2cPayment answers HTTP 503 without paying. One-off. */
    transferUnavailableOnce: z.boolean().optional(),
    /**
     * A repeated b2cPayment for a merchantInvoiceNumber already paid is acknowledged with the first
     * transfer's answer (trxID and all) instead of refused with 2029. Nothing is paid twice either way.
     */
    duplicateAcknowledged: z.boolean().optional(),
    /** The largest single transfer, in minor units (the account's default: 25,000 taka). */
    perTransactionLimitMinor: z.number().int().min(1).optional(),
    /** The most one wallet may receive in a day, in minor units (the default: 100,000 taka). */
    dailyLimitMinor: z.number().int().min(1).optional(),
  })
  .strict();

export type DisbursementFaults = z.infer<typeof disbursementFaultsSchema>;

export const setDisbursementFaultsSchema = z
  .object({ merchantInvoiceNumber: z.string().min(1).optional(), faults: disbursementFaultsSchema })
  .strict();

export class DisbursementFaultBook extends FaultsPerTransfer<DisbursementFaults, 'byMerchantInvoiceNumber'> {
  constructor() {
    super('byMerchantInvoiceNumber');
  }
}

export const DEFAULT_PER_TRANSACTION_LIMIT_MINOR = 2_500_000;
export const DEFAULT_DAILY_LIMIT_MINOR = 10_000_000;
