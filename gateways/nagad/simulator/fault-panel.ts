import { createFaultPanel } from '../../simulator-kit/fault-controls.js';
import { settlementPanelFaults } from '../../simulator-kit/settlement.js';
import { settlementReportDownload } from '../../simulator-kit/settlement-route.js';
import { outagesOnPanel } from '../../simulator-kit/outages.js';
import type { FaultPanel, PanelAction, PanelFault } from '../../simulator-kit/fault-controls.js';
import type { Simulator } from './context.js';
import { faultsSchema } from './faults.js';
import type { Faults } from './faults.js';
import type { OutageApi } from './outages.js';
import { canFinish, finishPayment, sendDuplicateCallback } from './payment.js';
import { OUTCOMES } from './state.js';
import type { Outcome } from './state.js';

/** What Nagad's tester page offers: the faults of gateways.md §3, its outages, and late payments. */

const FAULTS: readonly PanelFault<keyof Faults>[] = [
  {
    name: 'badSignature',
    title: 'Bad answer signature',
    description:
      "initialize answers are signed over other bytes than they encrypt: the merchant's check of Nagad's signature fails.",
    input: { kind: 'flag' },
  },
  {
    name: 'forgedCallback',
    title: 'Forged callback',
    description: 'The callback says Success whatever the customer chose; verify says Aborted.',
    input: { kind: 'flag' },
  },
  {
    name: 'amountDeltaMinor',
    title: 'Amount mismatch',
    description: "verify reports the order's amount changed by this much.",
    input: {
      kind: 'number',
      label: 'Differs from the order by',
      unit: 'minor units',
      min: -100_000_000,
      max: 100_000_000,
    },
  },
  {
    name: 'duplicateCallback',
    title: 'Duplicate callback',
    description: "The merchant's callback URL is called once from the server, then again by the browser.",
    input: { kind: 'flag' },
  },
  {
    name: 'pendingForMs',
    title: 'verify reads Pending',
    description: 'A successful payment reads Pending in verify for this long after the customer paid.',
    input: { kind: 'number', label: 'Pending for', unit: 'seconds', min: 1, max: 7 * 24 * 3600, scale: 1000 },
  },
  {
    name: 'verifyUnavailableOnce',
    title: 'verify fails once',
    description:
      'verify answers 503 to its first call after the customer finished the payment, then answers as usual; the fault then disarms itself.',
    input: { kind: 'flag' },
  },
  {
    name: 'unknownPaymentRefId',
    title: 'Unknown payment_ref_id',
    description: 'The callback names a payment_ref_id verify has never issued.',
    input: { kind: 'flag' },
  },
  // Nagad refunds nothing itself, so its report has no refund to net later.
  ...(settlementPanelFaults({ refunds: false }) as PanelFault<keyof Faults>[]),
];

const API_LABELS: Record<OutageApi, string> = {
  initialize: 'check-out/initialize',
  complete: 'check-out/complete',
  verify: 'verify/payment',
};

function actions(simulator: Simulator): PanelAction[] {
  return [
    {
      name: 'pay-late',
      title: 'Pay late',
      description:
        'Finishes an order now, even one the customer walked away from or the merchant has given up on; no browser comes back, so only verify tells the merchant.',
      fields: [
        { kind: 'text', name: 'orderId', label: 'orderId', maxLength: 200 },
        { kind: 'choice', name: 'outcome', label: 'Outcome', options: OUTCOMES.map((o) => [o, o]) },
      ],
      button: 'Finish the order now',
      async run(form) {
        const order = simulator.state.findByOrderId(form.orderId?.trim() ?? '');
        if (!order) return 'no order has this orderId';
        if (!canFinish(order)) return 'this order is not completed by the merchant yet, or already paid';
        finishPayment(simulator, order, form.outcome as Outcome);
        await sendDuplicateCallback(simulator, order);
        return null;
      },
    },
  ];
}

export function createNagadFaultPanel(simulator: Simulator): FaultPanel {
  const { outages } = simulator;
  return createFaultPanel({
    keyName: 'orderId',
    faults: FAULTS,
    book: simulator.faults,
    schema: faultsSchema,
    outages: outagesOnPanel(outages, API_LABELS),
    actions: actions(simulator),
    downloads: [settlementReportDownload('Nagad', 'CSV')],
    now: simulator.now,
  });
}
