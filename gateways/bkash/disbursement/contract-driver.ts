import { randomInt } from 'node:crypto';
import type { PayoutRailDriver, RailHarness } from '../../../test/contract/payout-rail-contract.js';
import type { Beneficiary } from '../../payouts/rail.js';
import { bkashDisbursementRail } from './module.js';

/**
 * How the payout rail contract (test/contract/payout-rail-contract.ts) drives the bKash
 * disbursement simulator: wallets are set ACTIVE, BLOCKED or NOT_FOUND through its control API,
 * faults are per merchantInvoiceNumber (our reference), the maintenance outage takes every API
 * away, and `/__simulator/transfers/<reference>` is its own ledger of what it paid.
 */

const wallet = (walletNumber: string, name: string | null = null): Beneficiary => ({
  type: 'BKASH_WALLET',
  walletNumber,
  name,
});

/** A wallet number nobody has used in this suite yet: a wallet's daily limit never comes into it. */
const newWalletNumber = () => `017${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

async function walletIn(h: RailHarness, state: 'ACTIVE' | 'BLOCKED' | 'NOT_FOUND'): Promise<Beneficiary> {
  const msisdn = newWalletNumber();
  await h.control('PUT', '/__simulator/wallets', { msisdn, state });
  return wallet(msisdn);
}

const armFaults = (h: RailHarness, reference: string, faults: Record<string, unknown>) =>
  h.control('PUT', '/__simulator/faults', { merchantInvoiceNumber: reference, faults });

export const bkashDisbursementDriver: PayoutRailDriver<unknown> = {
  module: bkashDisbursementRail,
  amountMinor: 150_050,
  payee: async () => wallet(newWalletNumber()),
  // A merchantInvoiceNumber is paid once at most: its transfer, or none.
  async timesPaid(h, reference) {
    return (await h.request('GET', `/__simulator/transfers/${encodeURIComponent(reference)}`)).status === 200
      ? 1
      : 0;
  },
  balanceMinor: async (h) =>
    (await h.control<{ balanceMinor: number }>('GET', '/__simulator/balance')).balanceMinor,
  settle: { notApplicable: 'bKash disbursement is INSTANT: b2cPayment answers with the outcome' },
  beneficiaryCheck: {
    verified: (h) => walletIn(h, 'ACTIVE'),
    notFound: (h) => walletIn(h, 'NOT_FOUND'),
    blocked: (h) => walletIn(h, 'BLOCKED'),
    nameMismatch: {
      notApplicable:
        "b2cVerifyWallet answers the holder's name, but the rail does not compare it with the app's",
    },
  },
  lostAnswer: {
    // b2cPayment pays, and the load balancer answers 504 in its place.
    arm: (h, reference) => armFaults(h, reference, { transferAnswerLost: '504' }),
  },
  timeout: {
    setting: 'BKASH_DISBURSEMENT_TIMEOUT_MS',
    arm: (h, reference, delayMs) => armFaults(h, reference, { transferAnswerDelayMs: delayMs }),
  },
  outage: {
    // Maintenance: every API, token grant included, answers 503.
    arm: async (h) => {
      await h.control('PUT', '/__simulator/outage', { forMs: 600_000 });
    },
    end: async (h) => {
      await h.control('PUT', '/__simulator/outage', { forMs: null });
    },
  },
  shortBalance: {
    arm: async (h) => {
      await h.control('PUT', '/__simulator/balance', { balanceMinor: 0 });
    },
    lift: async (h) => {
      await h.control('POST', '/__simulator/balance/top-up', { amountMinor: 100_000_000 });
    },
  },
  rejection: {
    // The wallet is blocked: b2cPayment refuses it (2039).
    arm: async (h) => ({ beneficiary: await walletIn(h, 'BLOCKED') }),
    reasonCode: 'ACCOUNT_BLOCKED',
  },
  secrets: { fields: ['password', 'appSecret'] },
};
