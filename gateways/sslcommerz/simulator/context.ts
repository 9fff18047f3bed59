import type { FaultBook } from './faults.js';
import type { OutageBook } from './outages.js';
import type { SimulatorState } from './state.js';

export interface SimulatorLogger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

export interface StoreCredentials {
  storeId: string;
  storePassword: string;
}

/** Everything the simulator's handlers share. */
export interface Simulator {
  publicUrl: string;
  state: SimulatorState;
  faults: FaultBook;
  outages: OutageBook;
  /** storeId -> password */
  stores: Map<string, string>;
  logger: SimulatorLogger | undefined;
  /** Milliseconds since the epoch; outages and refund settlement are timed on it. */
  now: () => number;
  /** Saves the state where it outlives the process: before an IPN tells the merchant of a payment. */
  checkpoint: () => void;
}

/** The store whose credentials these parameters carry, or null when they are wrong or absent. */
export function authenticatedStore(simulator: Simulator, params: Record<string, string>): string | null {
  const storeId = params.store_id;
  if (!storeId) return null;
  const password = simulator.stores.get(storeId);
  return password !== undefined && password === params.store_passwd ? storeId : null;
}
