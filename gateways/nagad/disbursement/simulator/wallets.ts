import type { KycStatus } from '../protocol.js';
import type { DisbursementState, SimWallet } from './state.js';

/**
 * Which wallets exist and how they stand. Any well-formed number the tester has not set is a fully
 * verified, active wallet (so a test needs no set-up to pay someone), except these fixed numbers:
 */
export const TEST_WALLETS = {
  /** Blocked by Nagad: checks say BLOCKED, transfers are declined. */
  blocked: '01800000001',
  /** No Nagad account behind the number. */
  absent: '01800000002',
  /** An unverified (partial KYC) wallet, under the lower limits. */
  unverified: '01800000003',
} as const;

/** Per-transfer and per-day limits of a wallet by its KYC level, in poisha (the simulator's; Nagad publishes none). */
export interface WalletLimits {
  minTransferMinor: number;
  maxTransferMinor: number;
  dailyMinor: number;
}

export const LIMITS_BY_KYC: Record<KycStatus, WalletLimits> = {
  FULL_KYC: { minTransferMinor: 100, maxTransferMinor: 2_500_000, dailyMinor: 5_000_000 },
  UNVERIFIED: { minTransferMinor: 100, maxTransferMinor: 500_000, dailyMinor: 1_000_000 },
};

function defaultWallet(accountNo: string): SimWallet {
  const base: SimWallet = {
    exists: true,
    name: `Nagad Customer ${accountNo.slice(-4)}`,
    kycStatus: 'FULL_KYC',
    status: 'ACTIVE',
  };
  switch (accountNo) {
    case TEST_WALLETS.blocked:
      return { ...base, status: 'BLOCKED' };
    case TEST_WALLETS.absent:
      return { ...base, exists: false };
    case TEST_WALLETS.unverified:
      return { ...base, kycStatus: 'UNVERIFIED' };
    default:
      return base;
  }
}

export function walletOf(state: DisbursementState, accountNo: string): SimWallet {
  return state.wallets.get(accountNo) ?? defaultWallet(accountNo);
}
