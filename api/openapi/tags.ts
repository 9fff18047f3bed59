import { REPORT_RETENTION_DAYS } from '../../domain/reports/report-types.js';
import type { Json } from './json-schema.js';

/**
 * The reference's groups, in reading order: what an app calls with its key first, by resource,
 * then what operators and gateways call. Every operation carries exactly one of these tags; the
 * tag says whose reference the operation belongs to (api/openapi/audiences.ts).
 */
export const APP_TAGS = {
  payments: {
    name: 'Payments',
    description:
      'Create a payment and send the customer to its checkoutUrl; read it back, list them, fetch the receipt of a settled one. Amounts are integer minor units (10000 = 100.00 BDT).',
  },
  refunds: {
    name: 'Refunds',
    description:
      'Give back all or part of a captured payment. The outcome arrives as refund.succeeded or refund.failed; a refund may first wait for an approver under the app’s policy.',
  },
  payouts: {
    name: 'Payouts',
    description:
      'Pay money out of the company’s disbursement accounts to a bKash or Nagad wallet or a bank account: a cancel window, approvers by amount band, a queue when the rail’s balance is short, sent once. The outcome arrives as payout.succeeded or payout.failed.',
  },
  invoices: {
    name: 'Invoices',
    description:
      'Itemised invoices with tax, discounts and installment plans: create a draft, issue it (number, payable link, PDF), void it. Customers pay on the hosted pay page.',
  },
  events: {
    name: 'Events',
    description:
      'Every event written for the app, whether or not its webhook arrived: the same bodies the webhooks deliver, to catch up after missed deliveries.',
  },
  webhookEndpoints: {
    name: 'Webhook endpoints',
    description:
      'Where the service POSTs events, signed per Standard Webhooks: several endpoints per mode, each with its own secret and event filter, its delivery attempts, and recovery of what it missed.',
  },
  balance: {
    name: 'Balance',
    description: 'What the app has captured, refunded and lost to disputes, and what the service owes it.',
  },
  reports: {
    name: 'Reports',
    description: `Files of the app's own money for days it names, in a key's mode: payments, refunds, payouts, or its statement with the fees kept and totals per currency. Download a run's CSV or XLSX, or read its rows as JSON, for ${REPORT_RETENTION_DAYS} days.`,
  },
  app: {
    name: 'App',
    description: 'Which app and mode (TEST or LIVE) a key and secret belong to: the first call to try.',
  },
  checkout: {
    name: 'Hosted checkout',
    description: 'The public context the hosted checkout page reads for a payment; no credentials.',
  },
  status: {
    name: 'Gateway status',
    description:
      "Each gateway's health per mode as our own calls see it, announced maintenance, and recent changes: the deployment's status page as JSON; no credentials.",
  },
  requestLog: {
    name: 'Request log',
    description:
      "The app's own API requests of the last week, with redacted bodies and answers: the first place to look when a call failed.",
  },
} as const satisfies Record<string, { name: string; description: string }>;

export const OPERATOR_TAGS = {
  admin: {
    name: 'admin',
    description: 'The admin JSON API: an operator session, its CSRF token, a role',
  },
  gatewayNotifications: {
    name: 'Gateway notifications',
    description: 'What the gateways call, server to server; never an app.',
  },
  health: {
    name: 'Health',
    description:
      "Probes for the orchestrator and load balancers, at the service's root: liveness, and readiness that checks PostgreSQL and Temporal.",
  },
} as const satisfies Record<string, { name: string; description: string }>;

export type Audience = 'apps' | 'operators';

export const TAGS_OF: Record<Audience, Array<{ name: string; description: string }>> = {
  apps: Object.values(APP_TAGS),
  operators: Object.values(OPERATOR_TAGS),
};

const AUDIENCE_OF_TAG = new Map<string, Audience>(
  (Object.entries(TAGS_OF) as Array<[Audience, Array<{ name: string }>]>).flatMap(([audience, tags]) =>
    tags.map((tag) => [tag.name, audience] as const),
  ),
);

/** Whose reference an operation is in, by its one tag; an operation without a known tag is a build error. */
export function audienceOf(operation: Json, where: string): Audience {
  const tags = (operation.tags ?? []) as string[];
  const audience = tags.length === 1 ? AUDIENCE_OF_TAG.get(tags[0]!) : undefined;
  if (!audience)
    throw new Error(`OpenAPI: ${where} needs exactly one known tag, has ${JSON.stringify(tags)}`);
  return audience;
}
