import { createFaultPanel } from '../../../simulator-kit/fault-controls.js';
import type { FaultPanel, PanelAction, PanelFault } from '../../../simulator-kit/fault-controls.js';
import type { Outage } from '../../simulator/outage.js';
import { MSISDN_PATTERN } from '../protocol.js';
import { topUp } from './control-api.js';
import { disbursementFaultsSchema, type DisbursementFaults } from './faults.js';
import type { DisbursementSimulator } from './transfers.js';
import type { WalletState } from './state.js';

/** What the disbursement tester page offers: lost and late answers, duplicates, limits, wallets, the balance. */

const FAULTS: readonly PanelFault<keyof DisbursementFaults>[] = [
  {
    name: 'transferAnswerLost',
    title: 'Transfer answer lost',
    description:
      'b2cPayment pays the wallet, but its answer never reaches the merchant: only b2cQuery tells.',
    input: {
      kind: 'choice',
      label: 'The answer is lost as',
      options: [
        ['504', '504 Gateway Time-out from the load balancer'],
        ['close', 'the connection closed without an answer'],
      ],
    },
  },
  {
    name: 'transferAnswerDelayMs',
    title: 'Timeout after paying',
    description: 'b2cPayment pays at once but answers this much later, after the merchant has given up.',
    input: { kind: 'number', label: 'Delay', unit: 'seconds', min: 1, max: 120, scale: 1000 },
  },
  {
    name: 'transferUnavailableOnce',
    title: 'Transfer unavailable once',
    description: 'The next b2cPayment answers HTTP 503 without paying; later ones behave normally.',
    input: { kind: 'flag' },
  },
  {
    name: 'duplicateAcknowledged',
    title: 'Duplicate acknowledged',
    description:
      'A repeated b2cPayment for an invoice already paid answers with the first transfer instead of 2029. Nothing is paid twice.',
    input: { kind: 'flag' },
  },
  {
    name: 'perTransactionLimitMinor',
    title: 'Per-transaction limit',
    description: 'A transfer above this is refused (2081).',
    input: { kind: 'number', label: 'Limit', unit: 'minor units', min: 1, max: 1_000_000_000 },
  },
  {
    name: 'dailyLimitMinor',
    title: 'Daily limit per wallet',
    description: 'A wallet that would receive more than this today is refused (2082).',
    input: { kind: 'number', label: 'Limit', unit: 'minor units', min: 1, max: 1_000_000_000 },
  },
];

const WALLET_STATES: ReadonlyArray<readonly [WalletState, string]> = [
  ['BLOCKED', 'Blocked (2039)'],
  ['NOT_FOUND', 'No such wallet (2045)'],
  ['ACTIVE', 'Active again'],
];

function actions(simulator: DisbursementSimulator): PanelAction[] {
  return [
    {
      name: 'top-up',
      title: 'Top up the disbursement balance',
      description: 'Adds money to the disbursement account; a short balance refuses transfers with 2023.',
      fields: [{ kind: 'text', name: 'amountMinor', label: 'Amount (minor units)', maxLength: 13 }],
      button: 'Top up',
      run(form) {
        const amount = Number(form.amountMinor);
        if (!Number.isSafeInteger(amount) || amount < 1)
          return Promise.resolve('a whole number of minor units, at least 1');
        topUp(simulator, amount);
        return Promise.resolve(null);
      },
    },
    {
      name: 'drain',
      title: 'Empty the disbursement balance',
      description: 'Sets the balance to zero: every transfer is refused with 2023 until a top-up.',
      fields: [],
      button: 'Empty it',
      run() {
        simulator.state.balanceMinor = 0;
        return Promise.resolve(null);
      },
    },
    {
      name: 'wallet',
      title: 'A wallet blocked or unknown',
      description: 'verifyWallet and b2cPayment answer for this wallet as chosen.',
      fields: [
        { kind: 'text', name: 'msisdn', label: 'Wallet (01XXXXXXXXX)', maxLength: 11 },
        { kind: 'choice', name: 'state', label: 'State', options: WALLET_STATES },
      ],
      button: 'Set',
      run(form) {
        const msisdn = form.msisdn ?? '';
        const state = WALLET_STATES.find(([value]) => value === form.state)?.[0];
        if (!MSISDN_PATTERN.test(msisdn)) return Promise.resolve('a wallet number such as 01712345678');
        if (!state) return Promise.resolve('choose a state');
        simulator.state.wallets.set(msisdn, { ...simulator.state.wallet(msisdn), state });
        return Promise.resolve(null);
      },
    },
  ];
}

const EVERY_API = 'every-api';

export function createDisbursementFaultPanel(simulator: DisbursementSimulator, outage: Outage): FaultPanel {
  return createFaultPanel({
    keyName: 'merchantInvoiceNumber',
    faults: FAULTS,
    book: simulator.faults,
    schema: disbursementFaultsSchema,
    outages: {
      apis: [[EVERY_API, 'Every API (HTTP 503, statusCode 503: under maintenance)']],
      take: (_api, forMs) => outage.set(forMs),
      restore: () => outage.set(null),
      downUntil: () => outage.downUntil(),
      clear: () => outage.clear(),
    },
    actions: actions(simulator),
    notes: () => [
      `Disbursement balance: ${(simulator.state.balanceMinor / 100).toFixed(2)} BDT`,
      `Transfers paid: ${simulator.state.transfers.size}`,
    ],
    now: simulator.now,
  });
}
