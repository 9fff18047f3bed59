import type { Mode } from '../../domain/shared/mode.js';
import { bkashDisbursementRail } from '../bkash/disbursement/module.js';
import { nagadDisbursementRail } from '../nagad/disbursement/module.js';
import { bankRail } from '../bank/module.js';
import type { PayoutRail, BeneficiaryType } from './rail.js';
import type { PayoutRailModule } from './rail-module.js';

export type { PayoutRailModule };

/**
 * The payout rails the service knows, each configured service-wide per mode from the environment:
 * the company pays out from its own disbursement accounts, not the apps'. A rail is listed here by
 * name; one whose settings are missing for a mode answers RAIL_NOT_CONFIGURED.
 */
export const PAYOUT_RAIL_MODULES: readonly PayoutRailModule<never>[] = [
  bkashDisbursementRail as unknown as PayoutRailModule<never>,
  nagadDisbursementRail as unknown as PayoutRailModule<never>,
  bankRail as unknown as PayoutRailModule<never>,
];

export const PAYOUT_RAIL_NAMES = ['bkash', 'nagad', 'bank'] as const;
export type PayoutRailName = (typeof PAYOUT_RAIL_NAMES)[number];

/** The rail that pays each kind of beneficiary. */
export const RAIL_FOR_BENEFICIARY: Record<BeneficiaryType, PayoutRailName> = {
  BKASH_WALLET: 'bkash',
  NAGAD_WALLET: 'nagad',
  BANK_ACCOUNT: 'bank',
};

export interface PayoutRailRegistry {
  /** The rail by name, configured for `mode`; null when it is unknown or not configured. */
  rail(name: string, mode: Mode): PayoutRail | null;
  isConfigured(name: string, mode: Mode): boolean;
}

export function createPayoutRailRegistry(
  env: Readonly<Record<string, string | undefined>>,
  modules: readonly PayoutRailModule<never>[] = PAYOUT_RAIL_MODULES,
): PayoutRailRegistry {
  // One client per rail and mode: a rail's token is reused across payouts.
  const built = new Map<string, PayoutRail | null>();
  const rail = (name: string, mode: Mode): PayoutRail | null => {
    const key = `${name}:${mode}`;
    if (!built.has(key)) {
      const module = modules.find((candidate) => candidate.name === name);
      const raw = module?.fromEnvironment(env, mode) ?? null;
      const parsed = raw && module ? module.credentials.safeParse(raw) : null;
      built.set(
        key,
        module && parsed?.success ? module.create({ credentials: parsed.data, mode, env }) : null,
      );
    }
    return built.get(key)!;
  };
  return { rail, isConfigured: (name, mode) => rail(name, mode) !== null };
}
