import { simulatorMount as bkash } from '../bkash/simulator/mount.js';
import { simulatorMount as nagad } from '../nagad/simulator/mount.js';
import { PAYOUT_RAIL_MODULES } from '../payouts/registry.js';
import { simulatorMount as sslcommerz } from '../sslcommerz/simulator/mount.js';
import { simulatorMount as stripe } from '../stripe/simulator/mount.js';
import type { SimulatorMount } from './mount.js';

/** Every checkout gateway's simulator, in the banner's order. */
export const GATEWAY_SIMULATOR_MOUNTS: readonly SimulatorMount[] = [sslcommerz, bkash, nagad, stripe];

/** Every payout rail's simulator, from its module (gateways/payouts/registry.ts), in the rails' order. */
export const PAYOUT_RAIL_SIMULATOR_MOUNTS: readonly SimulatorMount[] = PAYOUT_RAIL_MODULES.map((module) =>
  module.simulator(),
);

/**
 * Every gateway's and payout rail's simulator, as `npm start` runs them (gateways/simulators-main.ts),
 * in the banner's order: the checkout gateways', then the rails'.
 */
export const SIMULATOR_MOUNTS: readonly SimulatorMount[] = [
  ...GATEWAY_SIMULATOR_MOUNTS,
  ...PAYOUT_RAIL_SIMULATOR_MOUNTS,
];

const mountNames = SIMULATOR_MOUNTS.map((mount) => mount.name);
const named = mountNames.filter((name, i) => mountNames.indexOf(name) !== i);
if (named.length > 0) {
  throw new Error(`simulators under one name (gateways/simulator-kit/mounts.ts): ${named.join(', ')}`);
}
