import type { KeyObject } from 'node:crypto';
import type { FaultBook } from './faults.js';
import type { OutageBook } from './outages.js';
import type { SimulatorState } from './state.js';

export interface SimulatorLogger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

export interface MerchantRegistration {
  merchantId: string;
  merchantMobile: string;
  /** The merchant's public key, as uploaded to Nagad's merchant portal. */
  publicKeyPem: string;
}

export interface Merchant {
  merchantId: string;
  merchantMobile: string;
  publicKey: KeyObject;
}

/** Everything the simulator's handlers share. */
export interface Simulator {
  /** Where browsers reach the simulator; the hosted page's callBackUrl starts with it. */
  publicUrl: string;
  state: SimulatorState;
  faults: FaultBook;
  outages: OutageBook;
  merchants: Map<string, Merchant>;
  /** The simulated Nagad payment gateway's own key: it decrypts requests and signs answers. */
  pgPrivateKey: KeyObject;
  logger: SimulatorLogger | undefined;
  /** Milliseconds since the epoch; datetime checks, outages and late payments are timed on it. */
  now: () => number;
  /** Saves the state where it outlives the process: before a callback tells the merchant of a payment. */
  checkpoint: () => void;
}

/** A refusal in Nagad's `{reason, message}` shape. Real reason codes are undocumented; these are ours. */
export class NagadRefusal extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'NagadRefusal';
  }
}
