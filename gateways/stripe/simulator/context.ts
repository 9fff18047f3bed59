import type { FaultBook } from './faults.js';
import type { OutageBook } from './outages.js';
import type { SimulatorState } from './state.js';

export interface SimulatorLogger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

export interface WebhookEndpoint {
  url: string;
  /** The endpoint's `whsec_…` signing secret. */
  secret: string;
  /** Pauses before each retry of a failed delivery; Stripe's own span hours to days. */
  retryDelaysMs: readonly number[];
}

/** Everything the simulator's handlers share. */
export interface Simulator {
  publicUrl: string;
  secretKeys: ReadonlySet<string>;
  webhook: WebhookEndpoint | null;
  state: SimulatorState;
  faults: FaultBook;
  outages: OutageBook;
  logger: SimulatorLogger | undefined;
  /** Milliseconds since the epoch: expiry, delayed payments, refunds and signatures are timed on it. */
  now: () => number;
  /** Pending webhook retries, cancelled on reset. */
  timers: Set<NodeJS.Timeout>;
  /** Saves the state where it outlives the process: before a webhook tells the merchant of a change. */
  checkpoint: () => void;
}

export function unixSeconds(simulator: Simulator): number {
  return Math.floor(simulator.now() / 1000);
}
