import { createFaultPanel } from '../../simulator-kit/fault-controls.js';
import { outagesOnPanel } from '../../simulator-kit/outages.js';
import { settlementPanelFaults } from '../../simulator-kit/settlement.js';
import { settlementReportDownload } from '../../simulator-kit/settlement-route.js';
import type { FaultPanel, PanelAction, PanelFault } from '../../simulator-kit/fault-controls.js';
import { canCompleteAgain, completeSession, sendIpn } from './checkout.js';
import type { Simulator } from './context.js';
import { faultsSchema } from './faults.js';
import type { Faults } from './faults.js';
import { postIpn } from './ipn.js';
import type { OutageApi } from './outages.js';
import { OUTCOMES } from './state.js';
import type { Outcome } from './state.js';

/** What SSLCOMMERZ's tester page offers: the faults of gateways.md §1, its outages, and late payments. */

const SECONDS = 1000;
const DAY_SECONDS = 24 * 3600;
const AMOUNT_DELTA = { kind: 'number', unit: 'minor units', min: -100_000_000, max: 100_000_000 } as const;

const FAULTS: readonly PanelFault<keyof Faults>[] = [
  {
    name: 'ipn',
    title: 'IPN delivery',
    description:
      'How the IPN reaches the merchant: never (the merchant must query by tran_id), or twice, one after the other or at the same moment.',
    input: {
      kind: 'choice',
      label: 'The IPN is',
      options: [
        ['none', 'never sent'],
        ['duplicate', 'sent twice, one after the other'],
        ['concurrent', 'sent twice at the same moment'],
        ['normal', 'sent once'],
      ],
    },
  },
  {
    name: 'ipnDelayMs',
    title: 'Late IPN',
    description:
      "The IPN leaves this long after the customer's choice, after the browser is back at the merchant.",
    input: { kind: 'number', label: 'Delay', unit: 'seconds', min: 1, max: 300, scale: SECONDS },
  },
  {
    name: 'forgeSignature',
    title: 'Forged IPN: bad hash',
    description: 'The IPN carries verify_sign and verify_sign_sha2 made with another store password.',
    input: { kind: 'flag' },
  },
  {
    name: 'unknownValId',
    title: 'Forged IPN: unknown val_id',
    description:
      'The IPN is correctly signed but names a val_id the validator never issued (it answers INVALID_TRANSACTION).',
    input: { kind: 'flag' },
  },
  {
    name: 'tamperedIpnAmountDeltaMinor',
    title: 'Tampered IPN amount',
    description:
      'The IPN amount is changed after signing, so its hashes no longer verify; the validator reports the true amount.',
    input: { ...AMOUNT_DELTA, label: 'Change the amount by' },
  },
  {
    name: 'amountDeltaMinor',
    title: 'Amount mismatch',
    description:
      "The gateway's amount differs from the order's; IPN (correctly signed), validator and query all report it.",
    input: { ...AMOUNT_DELTA, label: 'Differs from the order by' },
  },
  {
    name: 'currency',
    title: 'Currency mismatch',
    description: "IPN, validator and query report this currency instead of the order's.",
    input: { kind: 'text', label: 'Currency (three capital letters)', maxLength: 3 },
  },
  {
    name: 'validationUnavailableOnce',
    title: 'Validation fails once',
    description:
      "The validation API answers 503 to the transaction's first validation, then answers as usual; the fault then disarms itself.",
    input: { kind: 'flag' },
  },
  {
    name: 'sessionFailure',
    title: 'Session refused',
    description: 'The session API answers status FAILED with this failedreason.',
    input: { kind: 'text', label: 'failedreason', maxLength: 500 },
  },
  {
    name: 'refundApiConnect',
    title: 'Refund API refused',
    description: 'Refund calls are refused, as they are for a server IP that is not whitelisted.',
    input: {
      kind: 'choice',
      label: 'APIConnect',
      options: [
        ['INACTIVE', 'INACTIVE'],
        ['FAILED', 'FAILED'],
      ],
    },
  },
  {
    name: 'refundAnswerLost',
    title: 'Refund answer lost',
    description:
      'The refund is taken but its answer is lost (504): a retry is refused as a duplicate refund_trans_id.',
    input: { kind: 'flag' },
  },
  {
    name: 'refundSettlesAfterMs',
    title: 'Refund settles late',
    description:
      'A refund started while this is armed reads processing for this long after it started, then refunded.',
    input: {
      kind: 'number',
      label: 'Settles after',
      unit: 'seconds',
      min: 1,
      max: 30 * DAY_SECONDS,
      scale: SECONDS,
    },
  },
  {
    name: 'refundQueryStatus',
    title: 'Refund status forced',
    description: "The refund status query reports this, whatever the refund's settlement time says.",
    input: {
      kind: 'choice',
      label: 'Status',
      options: [
        ['processing', 'processing'],
        ['refunded', 'refunded'],
        ['cancelled', 'cancelled'],
      ],
    },
  },
  ...settlementPanelFaults(),
];

const API_LABELS: Record<OutageApi, string> = {
  session: 'Session API (gwprocess)',
  validation: 'Validation API',
  query: 'Transaction query (with refunds: they share its URL)',
  refund: 'Refund initiation and refund status',
};

const OUTCOME_LABELS: Record<Outcome, string> = {
  VALID: 'VALID',
  VALID_RISKY: 'VALID, risk_level 1',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  UNATTEMPTED: 'UNATTEMPTED',
  EXPIRED: 'EXPIRED',
};

function actions(simulator: Simulator): PanelAction[] {
  return [
    {
      name: 'pay-late',
      title: 'Pay late',
      description:
        "Completes a tran_id's latest session now, even one already reported EXPIRED or UNATTEMPTED or expired by the merchant, and sends its IPN; no browser comes back.",
      fields: [
        { kind: 'text', name: 'tranId', label: 'tran_id', maxLength: 30 },
        {
          kind: 'choice',
          name: 'outcome',
          label: 'Outcome',
          options: OUTCOMES.map((o) => [o, OUTCOME_LABELS[o]]),
        },
      ],
      button: 'Complete the session now',
      async run(form) {
        const session = simulator.state.latestSession(form.tranId?.trim() ?? '');
        if (!session) return 'no session has this tran_id';
        if (!canCompleteAgain(session))
          return `this session is already ${session.transaction?.status ?? 'completed'}`;
        await sendIpn(simulator, completeSession(simulator, session, form.outcome as Outcome));
        return null;
      },
    },
    {
      name: 'resend-ipn',
      title: 'Send the IPN again',
      description: "Sends a tran_id's latest IPN again, exactly as first sent: a late duplicate.",
      fields: [{ kind: 'text', name: 'tranId', label: 'tran_id', maxLength: 30 }],
      button: 'Send the IPN again',
      async run(form) {
        const transaction = simulator.state.latestTransaction(form.tranId?.trim() ?? '');
        if (!transaction) return 'no completed transaction has this tran_id';
        if (!transaction.ipnUrl) return 'its session had no ipn_url';
        await postIpn(transaction.ipnUrl, transaction.ipnFields);
        return null;
      },
    },
  ];
}

export function createSslcommerzFaultPanel(simulator: Simulator): FaultPanel {
  const { outages } = simulator;
  return createFaultPanel({
    keyName: 'tran_id',
    faults: FAULTS,
    book: simulator.faults,
    schema: faultsSchema,
    outages: outagesOnPanel(outages, API_LABELS),
    actions: actions(simulator),
    downloads: [settlementReportDownload('SSLCOMMERZ', 'CSV')],
    now: simulator.now,
  });
}
