import { PAYOUT_BENEFICIARY_TYPES } from '../../domain/payouts/beneficiary.js';
import type { Mode } from '../../domain/shared/mode.js';
import { bkashDisbursementRail } from '../bkash/disbursement/module.js';
import { nagadDisbursementRail } from '../nagad/disbursement/module.js';
import { bankRail } from '../bank/module.js';
import type { PayoutRail, BeneficiaryType } from './rail.js';
import type { PayoutRailModule } from './rail-module.js';

export type { PayoutRailModule };

/**
 * The payout rails the service knows, each configured service-wide per mode from the environment:
 * the company pays out from its own disbursement accounts, not the apps'. One line per rail; what
 * the rest of the service needs (the rails' names, which rail pays which beneficiary, their
 * simulators, their LIVE and sandbox address settings) is read from these modules. A rail whose
 * settings are missing for a mode answers RAIL_NOT_CONFIGURED.
 */
export const PAYOUT_RAIL_MODULES: readonly PayoutRailModule<never>[] = [
  bkashDisbursementRail as unknown as PayoutRailModule<never>,
  nagadDisbursementRail as unknown as PayoutRailModule<never>,
  bankRail as unknown as PayoutRailModule<never>,
];

const RAIL_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * What is wrong with a list of rail modules, one line each: a name that is not one, or is not its
 * description's; two rails under one name; a beneficiary type no rail pays. (Two simulators under
 * one name are refused where simulators load: gateways/simulator-kit/mounts.ts.)
 */
export function payoutRailListProblems(modules: readonly PayoutRailModule<never>[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const module of modules) {
    if (!RAIL_NAME.test(module.name)) {
      problems.push(`${module.name}: a rail's name is lower case letters, digits, _ or -`);
    }
    if (module.description.name !== module.name) {
      problems.push(`${module.name}: its description is named ${module.description.name}`);
    }
    if (seen.has(module.name)) problems.push(`${module.name}: listed twice`);
    seen.add(module.name);
  }
  const paid = new Set(modules.flatMap((module) => module.description.beneficiaryTypes));
  for (const type of PAYOUT_BENEFICIARY_TYPES) {
    if (!paid.has(type)) problems.push(`${type}: no rail pays it`);
  }
  return problems;
}

/**
 * The rail that pays each kind of beneficiary: the first in `modules` whose description names it
 * (a rail listed before another that pays the same kind takes its payouts over).
 */
export function railsForBeneficiaries(
  modules: readonly PayoutRailModule<never>[],
): Readonly<Record<BeneficiaryType, string>> {
  const rails: Partial<Record<BeneficiaryType, string>> = {};
  for (const module of modules) {
    for (const type of module.description.beneficiaryTypes) rails[type] ??= module.name;
  }
  return rails as Record<BeneficiaryType, string>;
}

const listProblems = payoutRailListProblems(PAYOUT_RAIL_MODULES);
if (listProblems.length > 0) {
  throw new Error(`PAYOUT_RAIL_MODULES (gateways/payouts/registry.ts): ${listProblems.join('; ')}`);
}

/** Every rail's name, in the list's order (the API's enums, the dashboard, the rail switches). */
export const PAYOUT_RAIL_NAMES = PAYOUT_RAIL_MODULES.map((module) => module.name) as [string, ...string[]];
/** A rail's name, as payouts, balances and switches carry it. */
export type PayoutRailName = string;

/** The rail that pays each kind of beneficiary. */
export const RAIL_FOR_BENEFICIARY = railsForBeneficiaries(PAYOUT_RAIL_MODULES);

export function findPayoutRailModule(name: string): PayoutRailModule<never> | undefined {
  return PAYOUT_RAIL_MODULES.find((module) => module.name === name);
}

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
