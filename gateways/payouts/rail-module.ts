import type { z } from 'zod';
import type { Mode } from '../../domain/shared/mode.js';
import type { PayoutRail, PayoutRailDescription, PayoutRailFactoryInput } from './rail.js';

/** What a rail's folder exports for the registry (registry.ts): its settings and how to build it. */
export interface PayoutRailModule<C> {
  /** The name apps use (`bkash`, `nagad`, `bank`); the same as its description's. */
  name: string;
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
}
