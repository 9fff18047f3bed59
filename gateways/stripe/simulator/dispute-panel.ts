import type { PanelAction } from '../../simulator-kit/fault-controls.js';
import type { Simulator } from './context.js';
import { closeDispute, DISPUTE_REASONS, DisputeRefused, openDispute, submitEvidence } from './disputes.js';

/** The tester page's dispute actions: open one on a payment, submit evidence, close it won or lost. */

async function refusalOf(work: () => Promise<unknown>): Promise<string | null> {
  try {
    await work();
    return null;
  } catch (error) {
    if (error instanceof DisputeRefused) return error.message;
    throw error;
  }
}

/** A PaymentIntent (pi_…) or the client_reference_id of the session that paid. */
const paymentOf = (value: string) =>
  value.startsWith('pi_') ? { payment_intent: value } : { reference: value };

export function disputeActions(simulator: Simulator): PanelAction[] {
  return [
    {
      name: 'open-dispute',
      title: 'Open a dispute',
      description:
        'The cardholder disputes a paid payment: the whole charge is taken back and charge.dispute.created is sent.',
      fields: [
        {
          kind: 'text',
          name: 'payment',
          label: 'PaymentIntent (pi_…) or client_reference_id',
          maxLength: 200,
        },
        {
          kind: 'choice',
          name: 'reason',
          label: 'Reason',
          options: DISPUTE_REASONS.map((r) => [r, r] as const),
        },
      ],
      button: 'Open the dispute',
      run: (form) =>
        refusalOf(() =>
          openDispute(simulator, {
            ...paymentOf((form.payment ?? '').trim()),
            reason: (DISPUTE_REASONS as readonly string[]).includes(form.reason ?? '')
              ? (form.reason as (typeof DISPUTE_REASONS)[number])
              : 'fraudulent',
          }),
        ),
    },
    {
      name: 'dispute-evidence',
      title: 'Submit dispute evidence',
      description: 'The dispute goes under review; charge.dispute.updated is sent.',
      fields: [
        { kind: 'text', name: 'dispute', label: 'Dispute (du_…) or its PaymentIntent', maxLength: 200 },
      ],
      button: 'Submit evidence',
      run: (form) => refusalOf(() => submitEvidence(simulator, (form.dispute ?? '').trim())),
    },
    {
      name: 'close-dispute',
      title: 'Close a dispute',
      description: 'The card network decides: charge.dispute.closed is sent with the dispute won or lost.',
      fields: [
        { kind: 'text', name: 'dispute', label: 'Dispute (du_…) or its PaymentIntent', maxLength: 200 },
        {
          kind: 'choice',
          name: 'status',
          label: 'Outcome',
          options: [
            ['won', 'won (the money comes back)'],
            ['lost', 'lost (the money stays gone)'],
          ],
        },
      ],
      button: 'Close the dispute',
      run: (form) =>
        refusalOf(() =>
          closeDispute(simulator, (form.dispute ?? '').trim(), form.status === 'won' ? 'won' : 'lost'),
        ),
    },
  ];
}
