import { simulatorMount as bkash } from '../bkash/simulator/mount.js';
import { simulatorMount as bkashDisbursement } from '../bkash/disbursement/simulator/mount.js';
import { simulatorMount as nagad } from '../nagad/simulator/mount.js';
import { disbursementSimulatorMount as nagadDisbursement } from '../nagad/disbursement/simulator/mount.js';
import { simulatorMount as bank } from '../bank/simulator/mount.js';
import { simulatorMount as sslcommerz } from '../sslcommerz/simulator/mount.js';
import { simulatorMount as stripe } from '../stripe/simulator/mount.js';
import type { SimulatorMount } from './mount.js';

/** Every gateway's and payout rail's simulator, as `npm start` runs them (gateways/simulators-main.ts), in the banner's order. */
export const SIMULATOR_MOUNTS: readonly SimulatorMount[] = [
  sslcommerz,
  bkash,
  bkashDisbursement,
  nagad,
  nagadDisbursement,
  stripe,
  bank,
];
