import { randomInt } from 'node:crypto';
import type { PayoutRailDriver, RailHarness } from '../../test/contract/payout-rail-contract.js';
import type { Beneficiary } from '../payouts/rail.js';
import { templateRailModule } from './module.js';

/**
 * How the shared payout rail contract (test/contract/payout-rail-contract.ts) drives this rail's
 * simulator: which beneficiaries it pays, refuses or holds no account for, how to read its own
 * ledger and balance, and how each fault (a lost answer, a late one, an outage, a short balance, a
 * refusal) is armed through its control API. A scenario the rail cannot have is
 * `{ notApplicable: 'why' }`: the suite shows the reason in the skipped test's name, so every gap
 * is written down. test/integration/gateways/rail-contract-<name>.test.ts runs it:
 *
 *   describePayoutRailContract(templateRailDriver);
 *
 * A FILE rail (outcomes in the rail's files, later) gives `settle`: what makes its simulator
 * decide what it took (the next clearing session, for the bank).
 */

const wallet = (walletNumber: string, name: string | null = null): Beneficiary => ({
  type: 'BKASH_WALLET',
  walletNumber,
  name,
});

/** A wallet number nobody has used in this suite yet: a per-wallet limit never comes into it. */
const newWalletNumber = () => `019${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

/** A wallet the simulator holds as `status`, under `name`. */
async function walletIn(
  h: RailHarness,
  status: 'ACTIVE' | 'BLOCKED' | 'NOT_FOUND',
  name = 'Rahima Akter',
): Promise<Beneficiary> {
  const walletNumber = newWalletNumber();
  await h.control('PUT', `/__simulator/accounts/${walletNumber}`, { status, name });
  return wallet(walletNumber, status === 'NOT_FOUND' ? null : name);
}

const armFaults = (h: RailHarness, reference: string, faults: Record<string, unknown>) =>
  h.control('PUT', '/__simulator/faults', { reference, faults });

const outages = (window: { forMs: number } | null) => ({
  accountCheck: window,
  transfer: window,
  lookup: window,
  balance: window,
});

export const templateRailDriver: PayoutRailDriver<unknown> = {
  module: templateRailModule,
  amountMinor: 150_050,
  payee: async () => wallet(newWalletNumber()),
  timesPaid: async (h, reference) =>
    (await h.request<{ timesPaid: number }>('GET', `/__simulator/transfers/${encodeURIComponent(reference)}`))
      .body.timesPaid,
  balanceMinor: async (h) =>
    (await h.control<{ availableMinor: number }>('GET', '/__simulator/balance')).availableMinor,
  settle: { notApplicable: 'the template rail is INSTANT: a transfer is answered with its outcome' },
  beneficiaryCheck: {
    verified: (h) => walletIn(h, 'ACTIVE'),
    notFound: (h) => walletIn(h, 'NOT_FOUND'),
    blocked: (h) => walletIn(h, 'BLOCKED'),
    async nameMismatch(h) {
      const held = await walletIn(h, 'ACTIVE');
      return { ...held, name: 'Karim Uddin' } as Beneficiary;
    },
  },
  lostAnswer: {
    // Paid, then the connection drops.
    arm: (h, reference) => armFaults(h, reference, { lostAnswer: true }),
  },
  timeout: {
    setting: 'TEMPLATE_RAIL_TIMEOUT_MS',
    arm: (h, reference, delayMs) => armFaults(h, reference, { answerDelayMs: delayMs }),
  },
  outage: {
    arm: async (h) => {
      await h.control('PUT', '/__simulator/outages', outages({ forMs: 600_000 }));
    },
    end: async (h) => {
      await h.control('PUT', '/__simulator/outages', outages(null));
    },
  },
  shortBalance: {
    arm: async (h) => {
      await h.control('PUT', '/__simulator/balance', { availableMinor: 0 });
    },
    lift: async (h) => {
      await h.control('POST', '/__simulator/balance/top-up', { amountMinor: 100_000_000 });
    },
  },
  rejection: {
    // The wallet is blocked: the rail declines the transfer (ACCOUNT_BLOCKED).
    arm: async (h) => ({ beneficiary: await walletIn(h, 'BLOCKED') }),
    reasonCode: 'ACCOUNT_BLOCKED',
  },
  secrets: { fields: ['apiSecret'] },
};
