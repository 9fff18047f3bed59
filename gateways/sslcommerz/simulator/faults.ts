import { FaultBook as FaultsPerPayment } from '../../simulator-kit/faults.js';
import { settlementFaultsShape } from '../../simulator-kit/settlement.js';
import { z } from 'zod';

/** Misbehaviour the simulator can be told to show, for all transactions or for one tran_id. */
export const faultsSchema = z
  .object({
    /** duplicate: the same IPN twice, one after the other; concurrent: twice at the same moment. */
    ipn: z.enum(['normal', 'none', 'duplicate', 'concurrent']).optional(),
    /** The IPN carries hashes made with the wrong password. */
    forgeSignature: z.boolean().optional(),
    /** The IPN is correctly signed, but names a val_id the validator has never issued. */
    unknownValId: z.boolean().optional(),
    /**
     * The IPN's amount is changed by this many minor units after it was signed, as a forger would:
     * its hashes no longer verify, and the validator and query report the true amount.
     */
    tamperedIpnAmountDeltaMinor: z.number().int().min(-1_000_000_000).max(1_000_000_000).optional(),
    /** The gateway-side amount differs from the session's; IPN, validator and query all report it. */
    amountDeltaMinor: z.number().int().min(-1_000_000_000).max(1_000_000_000).optional(),
    /** IPN, validator and query report this currency instead of the session's. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    /**
     * The validation API answers 503 to the first validation of this transaction's val_id, then
     * as usual: a one-off failure of the call that confirms the payment (the fault disarms itself).
     */
    validationUnavailableOnce: z.boolean().optional(),
    /** The session API answers FAILED with this reason. */
    sessionFailure: z.string().min(1).max(500).optional(),
    ipnDelayMs: z.number().int().min(0).max(300_000).optional(),
    /** What a refund status query reports, whatever the refund's settlement time says. */
    refundQueryStatus: z.enum(['refunded', 'processing', 'cancelled']).optional(),
    /**
     * A refund initiated while this is set is accepted, then reported processing until this long
     * after its initiation, then refunded: the bank takes hours or days to move the money.
     */
    refundSettlesAfterMs: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3_600_000)
      .optional(),
    /**
     * The refund is taken, but its answer is lost on the way back (a 504 from the load balancer):
     * the merchant's retry is refused as a duplicate refund_trans_id, and only the merchant panel
     * shows the refund_ref_id.
     */
    refundAnswerLost: z.boolean().optional(),
    /** The refund API refuses the call, as it does for a server IP that is not whitelisted. */
    refundApiConnect: z.enum(['INACTIVE', 'FAILED']).optional(),
    ...settlementFaultsShape,
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

export const setFaultsSchema = z
  .object({ tranId: z.string().min(1).optional(), faults: faultsSchema })
  .strict();

export class FaultBook extends FaultsPerPayment<Faults, 'byTranId'> {
  constructor() {
    super('byTranId');
  }
}
