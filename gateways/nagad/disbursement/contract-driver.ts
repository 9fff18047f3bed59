import { generateKeyPairSync, randomInt } from 'node:crypto';
import type { PayoutRailDriver, RailHarness } from '../../../test/contract/payout-rail-contract.js';
import { seedNagadKeys } from '../../../test/helpers/gateway-simulators.js';
import type { Beneficiary } from '../../payouts/rail.js';
import { orderIdFor } from './mapping.js';
import { nagadDisbursementRail } from './module.js';
import { OUTAGE_APIS } from './simulator/outages.js';
import { TEST_WALLETS } from './simulator/wallets.js';

/**
 * How the payout rail contract (test/contract/payout-rail-contract.ts) drives the Nagad
 * disbursement simulator: its test wallets are blocked or hold no account, faults are per orderId
 * (our reference without its underscore), outages take each API away, and
 * `/__simulator/transfers/<orderId>` counts the times it paid one.
 */

const wallet = (walletNumber: string, name: string | null = null): Beneficiary => ({
  type: 'NAGAD_WALLET',
  walletNumber,
  name,
});

/** A wallet number nobody has used in this suite yet (never one of the simulator's test wallets). */
const newWalletNumber = () => `017${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

const armFaults = (h: RailHarness, reference: string, faults: Record<string, unknown>) =>
  h.control('PUT', '/__simulator/faults', { key: orderIdFor(reference), faults });

const outages = (window: { forMs: number } | null) =>
  Object.fromEntries(OUTAGE_APIS.map((api) => [api, window]));

export const nagadDisbursementDriver: PayoutRailDriver<unknown> = {
  module: nagadDisbursementRail,
  // Nagad refuses loopback; a deployment names its whitelisted address.
  settings: { NAGAD_DISBURSEMENT_CLIENT_IP: '203.0.113.10' },
  // The merchant's and Nagad's keypairs, shared by the suites rather than made for each.
  prepareDataDir: seedNagadKeys,
  amountMinor: 150_050,
  payee: async () => wallet(newWalletNumber()),
  async timesPaid(h, reference) {
    const { body } = await h.request<{ timesPaid: number }>(
      'GET',
      `/__simulator/transfers/${orderIdFor(reference)}`,
    );
    return body.timesPaid;
  },
  balanceMinor: async (h) =>
    (await h.control<{ availableMinor: number }>('GET', '/__simulator/balance')).availableMinor,
  settle: { notApplicable: "Nagad disbursement is INSTANT: a disbursement's answer is its outcome" },
  beneficiaryCheck: {
    verified: async () => wallet(newWalletNumber()),
    notFound: async () => wallet(TEST_WALLETS.absent),
    blocked: async () => wallet(TEST_WALLETS.blocked),
    async nameMismatch(h) {
      const walletNumber = newWalletNumber();
      await h.control('PUT', `/__simulator/wallets/${walletNumber}`, { name: 'Rahima Akter' });
      return wallet(walletNumber, 'Karim Uddin');
    },
  },
  lostAnswer: {
    // Paid and saved, then the connection drops.
    arm: (h, reference) => armFaults(h, reference, { lostAnswer: true }),
  },
  timeout: {
    setting: 'NAGAD_DISBURSEMENT_TIMEOUT_MS',
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
    // Nagad declines a blocked wallet (ACCOUNT_BLOCKED).
    arm: async () => ({ beneficiary: wallet(TEST_WALLETS.blocked) }),
    reasonCode: 'WALLET_BLOCKED',
  },
  secrets: {
    fields: ['merchantPrivateKeyPem'],
    // Another merchant key, well formed: Nagad cannot verify what it signs.
    wrongCredentials: (credentials) => ({
      ...credentials,
      merchantPrivateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    }),
  },
};
