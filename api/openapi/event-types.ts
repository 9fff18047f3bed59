import { INVOICE_EVENT_TYPES } from './invoice-paths.js';
import { PAYOUT_EVENT_TYPES } from './payout-paths.js';
import { PAYOUT_BATCH_EVENT_TYPES } from './payout-batch-paths.js';

/** Every event an app is sent: its type, the schema its `data` carries, and what it means. */
export const EVENT_TYPES: Array<[type: string, data: string, summary: string]> = [
  ['payment.succeeded', 'Payment', 'A payment was confirmed paid by its gateway'],
  ['payment.failed', 'Payment', 'A payment failed at its gateway'],
  ['payment.cancelled', 'Payment', 'The customer cancelled at checkout'],
  ['payment.expired', 'Payment', 'The checkout window ended without a confirmed payment'],
  ['payment.partially_refunded', 'Payment', 'A refund of part of the payment succeeded'],
  ['payment.refunded', 'Payment', 'Refunds now cover the whole payment'],
  ['refund.created', 'Refund', 'A refund was taken: on its way to the gateway, or waiting for an approver'],
  ['refund.approval_required', 'Refund', "The app's policy makes this refund wait for an approver"],
  ['refund.approved', 'Refund', 'An approver approved the refund; it is on its way to the gateway'],
  ['refund.rejected', 'Refund', 'An approver rejected the refund; its amount is refundable again'],
  ['refund.expired', 'Refund', 'Nobody decided within the approval window; its amount is refundable again'],
  ['refund.succeeded', 'Refund', 'The gateway refunded the money'],
  [
    'refund.failed',
    'Refund',
    'The gateway or the payout rail refused or failed the refund, or the bank returned its payout after it had succeeded (failureReason PAYOUT_RETURNED); its amount is refundable again',
  ],
  [
    'dispute.created',
    'Dispute',
    "A cardholder disputed a payment: the gateway took the disputed amount back, and it leaves the app's balance while the dispute is argued",
  ],
  [
    'dispute.won',
    'Dispute',
    "The dispute was decided for the app: the disputed amount is back in the app's balance",
  ],
  ['dispute.lost', 'Dispute', 'The dispute was decided for the cardholder: the disputed amount stays gone'],
  ...INVOICE_EVENT_TYPES,
  ...PAYOUT_EVENT_TYPES,
  ...PAYOUT_BATCH_EVENT_TYPES,
  [
    'gateway.health_changed',
    'GatewayHealthChange',
    "A gateway's health in the event's mode changed (OPERATIONAL, DEGRADED, DOWN, MAINTENANCE): sent to every active app",
  ],
  [
    'webhook.ping',
    'WebhookPingData',
    'An operator tested the endpoint from the dashboard; nothing happened to any payment',
  ],
];

/** The event types alone, for filters that take one or several of them. */
export const EVENT_TYPE_NAMES = EVENT_TYPES.map(([type]) => type) as [string, ...string[]];
