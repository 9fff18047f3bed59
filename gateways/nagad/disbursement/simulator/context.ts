import type { KeyObject } from 'node:crypto';
import type { SimulatorLogger } from '../../simulator/context.js';
import type { FaultBook } from './faults.js';
import type { OutageBook } from './outages.js';
import type { DisbursementState } from './state.js';

export interface DisbursementMerchant {
  merchantId: string;
  /** The merchant's public key, as uploaded to Nagad's merchant portal. */
  publicKey: KeyObject;
}

/** Everything the disbursement simulator's handlers share. */
export interface DisbursementSimulatorContext {
  state: DisbursementState;
  faults: FaultBook;
  outages: OutageBook;
  merchants: Map<string, DisbursementMerchant>;
  /** The simulated Nagad's own key: it decrypts requests and signs answers. */
  pgPrivateKey: KeyObject;
  logger: SimulatorLogger | undefined;
  /** Milliseconds since the epoch: date-time checks, daily limits and outages are timed on it. */
  now: () => number;
  /** Saves the state where it outlives the process: before a transfer's answer is risked. */
  checkpoint: () => void;
}
