import { FaultBook as FaultsPerPayment } from '../../simulator-kit/faults.js';
import { settlementFaultsShape } from '../../simulator-kit/settlement.js';
import { z } from 'zod';

/** Misbehaviour the simulator can be told to show, for every payment or for one client_reference_id. */
export const faultsSchema = z
  .object({
    /** Webhooks are signed with another secret: they look real but cannot verify. */
    wrongSignatureSecret: z.boolean().optional(),
    /** Webhooks carry a `t` this many seconds in the past (stripe-node refuses more than 300). */
    staleSignatureSeconds: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 3600)
      .optional(),
    /**
     * duplicate: every event delivered twice under one `evt_` id; held: kept back until
     * `/__simulator/events/release` sends them (in the order asked for); none: never sent.
     */
    eventDelivery: z.enum(['normal', 'duplicate', 'held', 'none']).optional(),
    /** At completion the session's amount_total (and its PaymentIntent's amount) differ from the order's by this much. */
    amountDeltaMinor: z.number().int().min(-1_000_000_000).max(1_000_000_000).optional(),
    /** How long after the customer's choice a delayed payment succeeds or fails (default 10 s). */
    asyncSettlesAfterMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3_600_000)
      .optional(),
    /**
     * Retrieving the Checkout Session answers 503 the first time after the customer completed it,
     * then as usual: a one-off failure of the call that confirms the payment (the fault disarms itself).
     */
    sessionRetrieveUnavailableOnce: z.boolean().optional(),
    /** What a refund becomes once the bank answers (default succeeded). */
    refundOutcome: z.enum(['succeeded', 'failed']).optional(),
    /** How long a refund stays pending (default: until the next request). */
    refundSettlesAfterMs: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3_600_000)
      .optional(),
    ...settlementFaultsShape,
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

export const setFaultsSchema = z
  .object({ reference: z.string().min(1).optional(), faults: faultsSchema })
  .strict();

export class FaultBook extends FaultsPerPayment<Faults, 'byReference'> {
  constructor() {
    super('byReference');
  }
}
