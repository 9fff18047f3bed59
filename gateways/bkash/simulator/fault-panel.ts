import { createFaultPanel } from '../../simulator-kit/fault-controls.js';
import { settlementPanelFaults } from '../../simulator-kit/settlement.js';
import { settlementReportDownload } from '../../simulator-kit/settlement-route.js';
import type { FaultPanel, PanelAction, PanelFault } from '../../simulator-kit/fault-controls.js';
import type { Simulator } from './context.js';
import { faultsSchema } from './faults.js';
import type { Faults } from './faults.js';

/** What bKash's tester page offers: the faults of gateways.md §2, its maintenance outage, expired tokens. */

const FAULTS: readonly PanelFault<keyof Faults>[] = [
  {
    name: 'executeAnswerLost',
    title: 'Execute answer lost',
    description:
      'execute completes the payment, but its answer never reaches the merchant: only payment/status tells.',
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
    name: 'executeUnavailableOnce',
    title: 'Execute unavailable once',
    description: "The payment's next execute answers HTTP 503 without executing; later ones behave normally.",
    input: { kind: 'flag' },
  },
  {
    name: 'executeAnswerDelayMs',
    title: 'Slow execute answer',
    description: 'execute decides at once (executes or refuses), but its answer arrives this much later.',
    input: { kind: 'number', label: 'Delay', unit: 'seconds', min: 1, max: 60, scale: 1000 },
  },
  {
    name: 'cancelKeepsInitiated',
    title: 'Cancel keeps Initiated',
    description:
      'A customer who cancels or fails on the page is sent back with status=cancel or failure, but payment/status keeps answering Initiated.',
    input: { kind: 'flag' },
  },
  {
    name: 'forgedCallback',
    title: 'Forged success callback',
    description:
      'The page sends the browser back with status=success whatever the customer chose; execute then refuses a payment the customer did not approve (2056).',
    input: { kind: 'flag' },
  },
  {
    name: 'duplicateWithinMs',
    title: 'Quick repeat refused (2029)',
    description:
      'create refuses a payment of the same amount and payerReference as one created less than this long ago.',
    input: { kind: 'number', label: 'Window', unit: 'seconds', min: 1, max: 24 * 3600, scale: 1000 },
  },
  {
    name: 'amountDeltaMinor',
    title: 'Amount mismatch',
    description: 'execute and payment/status report the amount changed by this much.',
    input: {
      kind: 'number',
      label: 'Differs from the payment by',
      unit: 'minor units',
      min: -100_000_000,
      max: 100_000_000,
    },
  },
  {
    name: 'refundAnswerLost',
    title: 'Refund answer lost',
    description:
      "The refund is made but its answer is lost (504), through either refund API: the merchant's retry is refused as a duplicate.",
    input: { kind: 'flag' },
  },
  {
    name: 'refundPending',
    title: 'Refund in progress',
    description:
      'The refund is answered as still in progress (Initiated); the refund status reports it Completed.',
    input: { kind: 'flag' },
  },
  ...settlementPanelFaults(),
];

function actions(simulator: Simulator): PanelAction[] {
  return [
    {
      name: 'expire-tokens',
      title: 'Expired token',
      description:
        'Every id_token issued so far expires now: the next call with one is answered 401 {"message":"Unauthorized"}. Refresh tokens stay good.',
      fields: [],
      button: 'Expire every id_token now',
      run() {
        simulator.state.expireTokens(simulator.now());
        return Promise.resolve(null);
      },
    },
  ];
}

/** bKash's maintenance takes every API away at once, so the outage has one "API". */
const EVERY_API = 'every-api';

export function createBkashFaultPanel(simulator: Simulator): FaultPanel {
  const { outage } = simulator;
  return createFaultPanel({
    keyName: 'merchantInvoiceNumber',
    faults: FAULTS,
    book: simulator.faults,
    schema: faultsSchema,
    outages: {
      apis: [[EVERY_API, 'Every API, tokens and checkout (HTTP 503, statusCode 503: under maintenance)']],
      take: (_api, forMs) => outage.set(forMs),
      restore: () => outage.set(null),
      downUntil: () => outage.downUntil(),
      clear: () => outage.clear(),
    },
    actions: actions(simulator),
    downloads: [settlementReportDownload('bKash', 'XLSX')],
    now: simulator.now,
  });
}
