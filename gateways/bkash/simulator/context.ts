import type { FaultBook } from './faults.js';
import type { Outage } from './outage.js';
import type { SimulatorState } from './state.js';

export interface SimulatorLogger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

export interface MerchantCredentials {
  username: string;
  password: string;
  appKey: string;
  appSecret: string;
}

/** Everything the simulator's handlers share. */
export interface Simulator {
  /** Where browsers reach the simulator: the origin of every bkashURL. */
  publicUrl: string;
  merchants: readonly MerchantCredentials[];
  tokenTtlSeconds: number;
  state: SimulatorState;
  faults: FaultBook;
  outage: Outage;
  logger: SimulatorLogger | undefined;
  /** Milliseconds since the epoch: token lifetimes, outages, duplicate windows and timestamps. */
  now: () => number;
}
