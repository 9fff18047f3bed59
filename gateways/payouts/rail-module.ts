import type { z } from 'zod';
import type { Mode } from '../../domain/shared/mode.js';
import type { SimulatorMount } from '../simulator-kit/mount.js';
import type { PayoutRail, PayoutRailDescription, PayoutRailFactoryInput } from './rail.js';

/**
 * Everything the service knows of one payout rail, in one object its folder's `module.ts` exports:
 * gateways/payouts/registry.ts lists it, and the shared code (the API's schemas and document, the
 * rail switches, start-up's checks of LIVE addresses, the simulator host) reads what it needs from
 * the list, never a rail's name. `gateways/rail-template/` is one to copy
 * (docs/adding-a-payout-rail.md).
 */
export interface PayoutRailModule<C> {
  /**
   * The name apps, payouts and the dashboard use (`bkash`, `nagad`, `bank`): lower case letters,
   * digits, `_` or `-`, the same as its description's, and never changed once payouts carry it.
   */
  name: string;
  /** What it pays (its `beneficiaryTypes` decide which payouts come to it), its limits and delivery. */
  description: PayoutRailDescription;
  credentials: z.ZodType<C>;
  /** Settings that name its sandbox or simulator (TEST only): a LIVE address never points there. */
  sandboxUrlSettings: readonly string[];
  /**
   * Settings naming its LIVE address: each must be fit for real money, or start-up stops
   * (platform/config/live-hosts.ts).
   */
  liveUrlSettings: readonly string[];
  /** The disbursement account's settings for `mode`, or null when any is missing. */
  fromEnvironment(
    env: Readonly<Record<string, string | undefined>>,
    mode: Mode,
  ): Record<string, string> | null;
  create(input: PayoutRailFactoryInput<C>): PayoutRail;
  /**
   * Its sandbox, speaking its real protocol with a control API for faults: `npm start` and the
   * tests serve it on the simulator host (gateways/simulator-kit/mounts.ts), and its contract
   * suite drives the client against it. Its `serviceEnvironment` gives the settings above for TEST.
   * A loader, called only where simulators run: the API and the worker list the rail without
   * loading its simulator's code (test/unit/platform/startup-modules.test.ts).
   */
  simulator: () => SimulatorMount;
}
