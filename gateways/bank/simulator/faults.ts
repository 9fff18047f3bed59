import { z } from 'zod';
import { FaultBook as FaultsPerTransfer } from '../../simulator-kit/faults.js';

/**
 * Misbehaviour the simulated bank can be told to show, for every file or for the one carrying a
 * reference (a file's first line). One-off faults strike once and disarm themselves.
 */
export const faultsSchema = z
  .object({
    /** One-off: the connection drops before the bank has the file; nothing is taken. */
    dropUpload: z.boolean().optional(),
    /** One-off: the bank takes and processes the file, then the answer is lost (the connection closes). */
    uploadAnswerLost: z.boolean().optional(),
    /** One-off: the bank takes and processes the file, and answers only this long after (a caller's timeout). */
    uploadAnswerDelayMs: z.number().int().min(1).max(60_000).optional(),
    /** One-off: the bank writes the file's acknowledgement twice. */
    duplicateAck: z.boolean().optional(),
    /** Acknowledgements are held back until released or the next clearing session. */
    holdAcks: z.boolean().optional(),
    /** Every line is refused for insufficient funds (AM04), whatever the balance. */
    shortBalance: z.boolean().optional(),
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

export const setFaultsSchema = z
  .object({ reference: z.string().min(1).max(35).optional(), faults: faultsSchema })
  .strict();

export class FaultBook extends FaultsPerTransfer<Faults, 'byReference'> {
  constructor() {
    super('byReference');
  }

  /** A one-off number fault: its value, disarmed where it was armed. */
  spendValue<K extends 'uploadAnswerDelayMs'>(name: K, key: string | null): Faults[K] {
    const value = this.for(key)[name];
    if (value === undefined) return undefined;
    const own = key === null ? undefined : this.entries().find((entry) => entry.key === key)?.faults[name];
    this.disarm(name, own === undefined || key === null ? undefined : key);
    return value;
  }
}
