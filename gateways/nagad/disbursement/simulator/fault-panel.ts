import { fromDecimalString, toDecimalString } from '../../../../domain/shared/money.js';
import { createFaultPanel } from '../../../simulator-kit/fault-controls.js';
import type { FaultPanel, PanelAction, PanelFault } from '../../../simulator-kit/fault-controls.js';
import { outagesOnPanel } from '../../../simulator-kit/outages.js';
import { ACCOUNT_STATUS, KYC_STATUSES, WALLET_NUMBER } from '../protocol.js';
import type { DisbursementSimulatorContext } from './context.js';
import { faultsSchema } from './faults.js';
import type { Faults } from './faults.js';
import type { OutageApi } from './outages.js';
import { walletOf } from './wallets.js';

/** What the disbursement simulator's tester page offers: its faults, outages, a top-up and wallet standing. */

const FAULTS: readonly PanelFault<keyof Faults>[] = [
  {
    name: 'lostAnswer',
    title: 'Lost answer',
    description:
      'The next disbursement is paid and saved, then the connection drops without an answer; only the status call tells the merchant. Disarms itself.',
    input: { kind: 'flag' },
  },
  {
    name: 'answerDelayMs',
    title: 'Timeout after the money moved',
    description:
      "The next disbursement is paid and saved, then its answer waits this long, past the merchant's timeout. Disarms itself.",
    input: { kind: 'number', label: 'Answer after', unit: 'seconds', min: 1, max: 600, scale: 1000 },
  },
  {
    name: 'duplicateAck',
    title: 'Duplicate acknowledgement',
    description:
      'A repeated disbursement under an orderId already paid is acknowledged again with the same transfer, instead of refused as DUPLICATE_ORDER_ID; nothing is paid twice.',
    input: { kind: 'flag' },
  },
  {
    name: 'shortBalance',
    title: 'Short balance',
    description:
      'Disbursements are declined with INSUFFICIENT_MERCHANT_BALANCE whatever the balance holds, until disarmed.',
    input: { kind: 'flag' },
  },
  {
    name: 'walletNotFound',
    title: 'Wallet not found',
    description:
      'The wallet (key: a wallet number or an orderId) has no Nagad account: checks and transfers say so.',
    input: { kind: 'flag' },
  },
  {
    name: 'walletBlocked',
    title: 'Wallet blocked',
    description:
      'The wallet (key: a wallet number or an orderId) is blocked: checks say BLOCKED, transfers are declined.',
    input: { kind: 'flag' },
  },
  {
    name: 'badSignature',
    title: 'Bad answer signature',
    description:
      "Answers are signed over other bytes than they encrypt: the merchant's check of Nagad's signature fails.",
    input: { kind: 'flag' },
  },
];

const API_LABELS: Record<OutageApi, string> = {
  accountCheck: 'disbursement/account/check',
  disburse: 'disbursement/transfer',
  status: 'disbursement/status',
  balance: 'disbursement/balance',
};

function actions(simulator: DisbursementSimulatorContext): PanelAction[] {
  return [
    {
      name: 'top-up',
      title: 'Top up the disbursement balance',
      description: 'Adds taka to the merchant’s disbursement account, as a transfer from its bank would.',
      fields: [{ kind: 'text', name: 'amount', label: 'Amount (BDT, e.g. 5000.00)', maxLength: 20 }],
      button: 'Top up',
      async run(form) {
        let amountMinor: number;
        try {
          amountMinor = fromDecimalString(form.amount?.trim() ?? '', 'BDT');
        } catch {
          return 'the amount is a taka amount with at most two decimals';
        }
        if (amountMinor <= 0) return 'the amount must be positive';
        simulator.state.topUp(amountMinor, simulator.now());
        return null;
      },
    },
    {
      name: 'wallet',
      title: 'Set a wallet’s standing',
      description: 'Whether a number has a Nagad account, its KYC level and whether it is blocked.',
      fields: [
        { kind: 'text', name: 'accountNo', label: 'Wallet number', maxLength: 11 },
        {
          kind: 'choice',
          name: 'standing',
          label: 'Standing',
          options: [
            ['ACTIVE', 'Active'],
            ['BLOCKED', 'Blocked'],
            ['ABSENT', 'No account'],
          ],
        },
        { kind: 'choice', name: 'kycStatus', label: 'KYC', options: KYC_STATUSES.map((kyc) => [kyc, kyc]) },
      ],
      button: 'Set',
      async run(form) {
        const accountNo = form.accountNo?.trim() ?? '';
        if (!WALLET_NUMBER.test(accountNo)) return 'a wallet number is 11 digits starting 01';
        const standing = form.standing ?? 'ACTIVE';
        simulator.state.wallets.set(accountNo, {
          ...walletOf(simulator.state, accountNo),
          exists: standing !== 'ABSENT',
          status: standing === 'BLOCKED' ? ACCOUNT_STATUS.BLOCKED : ACCOUNT_STATUS.ACTIVE,
          kycStatus: form.kycStatus === 'UNVERIFIED' ? 'UNVERIFIED' : 'FULL_KYC',
        });
        return null;
      },
    },
  ];
}

export function createDisbursementFaultPanel(simulator: DisbursementSimulatorContext): FaultPanel {
  return createFaultPanel({
    keyName: 'orderId or wallet number',
    faults: FAULTS,
    book: simulator.faults,
    schema: faultsSchema,
    outages: outagesOnPanel(simulator.outages, API_LABELS),
    actions: actions(simulator),
    notes: () => [`Disbursement balance: ${toDecimalString(simulator.state.availableMinor, 'BDT')} BDT`],
    now: simulator.now,
  });
}
