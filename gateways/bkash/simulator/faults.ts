import { FaultBook as FaultsPerPayment } from '../../simulator-kit/faults.js';
import { settlementFaultsShape } from '../../simulator-kit/settlement.js';
import { z } from 'zod';

/** Misbehaviour the simulator can be told to show, for every payment or for one merchantInvoiceNumber. */
export const faultsSchema = z
  .object({
    /**
     * execute completes the payment, but its answer is lost: a 504 from the load balancer, or the
     * connection closed without an answer. Only payment/status then tells the merchant.
     */
    executeAnswerLost: z.enum(['504', 'close']).optional(),
    /**
     * The payment's next execute answers HTTP 503 without executing (a one-off hiccup of bKash's
     * load balancer); later ones behave normally.
     */
    executeUnavailableOnce: z.boolean().optional(),
    /**
     * execute decides at once (executes, or refuses), but its answer reaches the merchant this
     * long after: a slow bKash, and a window for anything else to happen meanwhile.
     */
    executeAnswerDelayMs: z.number().int().min(1).max(60_000).optional(),
    /**
     * A customer who cancels or fails on the page is sent back with status=cancel or failure, but
     * payment/status keeps answering `Initiated`, as real bKash does for some merchants.
     */
    cancelKeepsInitiated: z.boolean().optional(),
    /**
     * create refuses with 2029 a payment of the same amount and payerReference as one created less
     * than this long ago ("try with a different amount").
     */
    duplicateWithinMs: z
      .number()
      .int()
      .min(1)
      .max(24 * 3_600_000)
      .optional(),
    /**
     * The page sends the browser back with status=success whatever the customer chose: a payment
     * the customer did not approve cannot be executed (2056).
     */
    forgedCallback: z.boolean().optional(),
    /**
     * execute and payment/status report the amount moved by this many minor units: what the
     * merchant is told differs from what it created, and must never count as paid in full.
     */
    amountDeltaMinor: z.number().int().min(-100_000_000).max(100_000_000).optional(),
    /**
     * The refund is made, but its answer is lost (504), through either refund API: a retry meets
     * the duplicate check.
     */
    refundAnswerLost: z.boolean().optional(),
    /**
     * The refund is taken but answered as still in progress (Initiated): the merchant learns it
     * Completed from the refund status.
     */
    refundPending: z.boolean().optional(),
    ...settlementFaultsShape,
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

export const setFaultsSchema = z
  .object({ merchantInvoiceNumber: z.string().min(1).optional(), faults: faultsSchema })
  .strict();

export class FaultBook extends FaultsPerPayment<Faults, 'byMerchantInvoiceNumber'> {
  constructor() {
    super('byMerchantInvoiceNumber');
  }
}
