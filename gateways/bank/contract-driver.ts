import { randomInt } from 'node:crypto';
import type { PayoutRailDriver, RailHarness } from '../../test/contract/payout-rail-contract.js';
import type { Beneficiary } from '../payouts/rail.js';
import { bankRail } from './module.js';

/**
 * How the payout rail contract (test/contract/payout-rail-contract.ts) drives the simulated bank:
 * accounts are opened, frozen or left unknown through its control API, a transfer (BEFTN, the
 * rail's default) is taken and acknowledged at once and settled at the next clearing session, faults
 * are per reference, and `/__simulator/transfers/<reference>` counts the times the bank debited
 * the company for one.
 */

/** A branch of an NPSB member bank, so the name enquiry can reach it. */
const ROUTING_NUMBER = '010261234';
const HOLDER = 'Rahima Khatun';

const account = (accountNumber: string, accountName = HOLDER): Beneficiary => ({
  type: 'BANK_ACCOUNT',
  accountNumber,
  accountName,
  routingNumber: ROUTING_NUMBER,
  bankName: null,
});

/** An account number nobody has used in this suite yet. */
const newAccountNumber = () => `5${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;

/** An account the receiving bank holds, in `status`, under the holder's name. */
async function opened(h: RailHarness, status: 'OPEN' | 'FROZEN' = 'OPEN'): Promise<Beneficiary> {
  const accountNumber = newAccountNumber();
  await h.control('PUT', '/__simulator/accounts', {
    routingNumber: ROUTING_NUMBER,
    accountNumber,
    name: HOLDER,
    status,
  });
  return account(accountNumber);
}

const armFaults = (h: RailHarness, reference: string, faults: Record<string, unknown>) =>
  h.control('PUT', '/__simulator/faults', { reference, faults });

export const bankDriver: PayoutRailDriver<unknown> = {
  module: bankRail,
  amountMinor: 250_000,
  payee: (h) => opened(h),
  timesPaid: async (h, reference) =>
    (await h.control<{ debits: number }>('GET', `/__simulator/transfers/${encodeURIComponent(reference)}`))
      .debits,
  balanceMinor: async (h) =>
    (await h.control<{ balanceMinor: number }>('GET', '/__simulator/state')).balanceMinor,
  // The next BEFTN clearing session credits every accepted line.
  settle: async (h) => {
    await h.control('POST', '/__simulator/clearing/advance');
  },
  beneficiaryCheck: {
    verified: (h) => opened(h),
    notFound: async () => account(newAccountNumber()),
    blocked: (h) => opened(h, 'FROZEN'),
    async nameMismatch(h) {
      const held = await opened(h);
      return { ...held, accountName: 'Karim Uddin' };
    },
  },
  lostAnswer: {
    // The bank takes and processes the file, then the connection closes before it answers.
    arm: (h, reference) => armFaults(h, reference, { uploadAnswerLost: true }),
  },
  timeout: {
    setting: 'BANK_TIMEOUT_MS',
    arm: (h, reference, delayMs) => armFaults(h, reference, { uploadAnswerDelayMs: delayMs }),
  },
  outage: {
    // The host-to-host channel drops the upload before the bank has the file (it has no outage
    // switch of its own: the rest of the channel keeps answering).
    arm: (h, reference) => armFaults(h, reference, { dropUpload: true }),
    end: async () => undefined,
  },
  shortBalance: {
    arm: async (h) => {
      await h.control('PUT', '/__simulator/balance', { availableMinor: 0 });
    },
    lift: async (h) => {
      await h.control('POST', '/__simulator/balance/fund', { amountMinor: 100_000_000 });
    },
  },
  rejection: {
    // NPSB asks the receiving bank first, which has no such account (AC01): refused at once.
    arm: async () => ({ beneficiary: account(newAccountNumber()), method: 'NPSB' }),
    reasonCode: 'INVALID_ACCOUNT',
  },
  secrets: { fields: ['password'] },
};
