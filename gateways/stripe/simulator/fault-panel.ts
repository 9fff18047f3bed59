import { createFaultPanel } from '../../simulator-kit/fault-controls.js';
import { outagesOnPanel } from '../../simulator-kit/outages.js';
import type { FaultPanel, PanelAction, PanelFault } from '../../simulator-kit/fault-controls.js';
import type { Simulator } from './context.js';
import { releaseHeld } from './events.js';
import { disputeActions } from './dispute-panel.js';
import { faultsSchema } from './faults.js';
import type { Faults } from './faults.js';
import type { OutageApi } from './outages.js';
import { createPayouts } from './payouts.js';
import { unixSeconds } from './context.js';
import { settlementPanelFaults } from '../../simulator-kit/settlement.js';

/** What Stripe's tester page offers: the webhook faults of gateways.md §4, its outages, held events. */

const DAY_SECONDS = 24 * 3600;

const FAULTS: readonly PanelFault<keyof Faults>[] = [
  {
    name: 'wrongSignatureSecret',
    title: 'Wrong signing secret',
    description: 'Webhooks are signed with another secret: they look real but cannot verify.',
    input: { kind: 'flag' },
  },
  {
    name: 'staleSignatureSeconds',
    title: 'Stale signature',
    description: 'Webhooks carry a t this far in the past (stripe-node refuses more than 300 seconds).',
    input: { kind: 'number', label: 'Age', unit: 'seconds', min: 1, max: 30 * DAY_SECONDS },
  },
  {
    name: 'eventDelivery',
    title: 'Event delivery',
    description:
      'Every event twice under one evt_ id, held back until released below (in order or reversed: out of order), or never sent.',
    input: {
      kind: 'choice',
      label: 'Events are',
      options: [
        ['duplicate', 'sent twice under one evt_ id'],
        ['held', 'held back until released'],
        ['none', 'never sent'],
        ['normal', 'sent once'],
      ],
    },
  },
  {
    name: 'amountDeltaMinor',
    title: 'Amount mismatch',
    description:
      "At completion the session's amount_total (and its PaymentIntent's amount) differ from the order's by this much.",
    input: {
      kind: 'number',
      label: 'Differs from the order by',
      unit: 'minor units',
      min: -100_000_000,
      max: 100_000_000,
    },
  },
  {
    name: 'asyncSettlesAfterMs',
    title: 'Delayed payment settles after',
    description: "How long after the customer's choice a delayed (bank debit) payment succeeds or fails.",
    input: {
      kind: 'number',
      label: 'Settles after',
      unit: 'seconds',
      min: 0,
      max: 7 * DAY_SECONDS,
      scale: 1000,
    },
  },
  {
    name: 'sessionRetrieveUnavailableOnce',
    title: 'Session retrieve fails once',
    description:
      'Retrieving the Checkout Session answers 503 the first time after the customer completed it, then as usual; the fault then disarms itself.',
    input: { kind: 'flag' },
  },
  {
    name: 'refundOutcome',
    title: 'Refund outcome',
    description: 'What a refund becomes once the bank answers.',
    input: {
      kind: 'choice',
      label: 'The refund',
      options: [
        ['failed', 'fails'],
        ['succeeded', 'succeeds'],
      ],
    },
  },
  {
    name: 'refundSettlesAfterMs',
    title: 'Refund stays pending',
    description: 'How long a refund stays pending before the bank answers.',
    input: {
      kind: 'number',
      label: 'Pending for',
      unit: 'seconds',
      min: 0,
      max: 30 * DAY_SECONDS,
      scale: 1000,
    },
  },
  ...settlementPanelFaults(),
];

const API_LABELS: Record<OutageApi, string> = {
  sessions: 'Checkout Sessions API',
  refunds: 'Refunds API',
  disputes: 'Disputes API',
  balance: 'Balance transactions and payouts',
};

function actions(simulator: Simulator): PanelAction[] {
  return [
    {
      name: 'release-held',
      title: 'Release held events',
      description:
        'Sends the events held back, one after the other: in the order they happened, or reversed.',
      fields: [
        {
          kind: 'choice',
          name: 'order',
          label: 'Order',
          options: [
            ['reverse', 'reversed (out of order)'],
            ['original', 'as they happened'],
          ],
        },
      ],
      button: 'Release the held events',
      async run(form) {
        await releaseHeld(simulator, form.order === 'reverse' ? 'reverse' : 'original');
        return null;
      },
    },
    ...disputeActions(simulator),
    {
      name: 'pay-out',
      title: 'Pay out now',
      description:
        'Pays out the available balance now, per currency, as the daily automatic payout does; it arrives tomorrow.',
      fields: [],
      button: 'Pay out the available balance',
      run() {
        createPayouts(simulator, unixSeconds(simulator), false);
        return Promise.resolve(null);
      },
    },
  ];
}

export function createStripeFaultPanel(simulator: Simulator): FaultPanel {
  const { outages, state } = simulator;
  return createFaultPanel({
    keyName: 'client_reference_id',
    faults: FAULTS,
    book: simulator.faults,
    schema: faultsSchema,
    outages: outagesOnPanel(outages, API_LABELS),
    actions: actions(simulator),
    notes: () =>
      state.heldEvents.length ? [`${state.heldEvents.length} event(s) held back: release them below.`] : [],
    now: simulator.now,
  });
}
