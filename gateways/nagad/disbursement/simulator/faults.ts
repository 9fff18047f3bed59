import { z } from 'zod';
import { FaultBook as FaultsPerKey } from '../../../simulator-kit/faults.js';

/**
 * Misbehaviour the simulated disbursement API can show, for every call or for one key: a
 * disbursement's orderId, or (for the wallet faults) a wallet number.
 */
export const faultsSchema = z
  .object({
    /** The transfer is made and saved, then the connection drops without an answer (once). */
    lostAnswer: z.boolean().optional(),
    /** The transfer is made and saved, then the answer waits this long: past the caller's timeout (once). */
    answerDelayMs: z.number().int().min(1).max(600_000).optional(),
    /** A second disbursement under a paid orderId is acknowledged again with the same transfer, not refused as a duplicate. */
    duplicateAck: z.boolean().optional(),
    /** Disbursements are declined for a short merchant balance whatever the balance holds. */
    shortBalance: z.boolean().optional(),
    /** The wallet has no Nagad account: the check says so and transfers are declined. */
    walletNotFound: z.boolean().optional(),
    /** The wallet is blocked: the check says so and transfers are declined. */
    walletBlocked: z.boolean().optional(),
    /** Answers are signed over other bytes than they encrypt: the merchant's check of Nagad's signature fails. */
    badSignature: z.boolean().optional(),
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

export const setFaultsSchema = z.object({ key: z.string().min(1).optional(), faults: faultsSchema }).strict();

export class FaultBook extends FaultsPerKey<Faults, 'byKey'> {
  constructor() {
    super('byKey');
  }
}
