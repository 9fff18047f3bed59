import { FaultBook as FaultsPerPayment } from '../../simulator-kit/faults.js';
import { paymentSettlementFaultsShape } from '../../simulator-kit/settlement.js';
import { z } from 'zod';

/** Misbehaviour the simulator can be told to show, for every order or for one orderId. */
export const faultsSchema = z
  .object({
    /** Initialize answers carry a signature that does not match their sensitiveData. */
    badSignature: z.boolean().optional(),
    /** The callback says Success whatever the customer chose; verify says Aborted. */
    forgedCallback: z.boolean().optional(),
    /** Verify reports the order's amount plus this many minor units. */
    amountDeltaMinor: z.number().int().min(-1_000_000_000).max(1_000_000_000).optional(),
    /** The merchant's callback URL is also called once from the server, so it is reached twice. */
    duplicateCallback: z.boolean().optional(),
    /** A successful payment reads as Pending in verify until this long after the customer paid. */
    pendingForMs: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3_600_000)
      .optional(),
    /**
     * verify answers 503 to its first call after the customer finished the payment, then as
     * usual: a one-off failure of the call that confirms the payment (the fault disarms itself).
     */
    verifyUnavailableOnce: z.boolean().optional(),
    /** The callback names a payment_ref_id verify has never issued. */
    unknownPaymentRefId: z.boolean().optional(),
    ...paymentSettlementFaultsShape,
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

export const setFaultsSchema = z
  .object({ orderId: z.string().min(1).optional(), faults: faultsSchema })
  .strict();

export class FaultBook extends FaultsPerPayment<Faults, 'byOrderId'> {
  constructor() {
    super('byOrderId');
  }
}
