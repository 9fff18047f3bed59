import { RAIL_SWITCH_CHANGE_STATUSES } from '../../domain/payouts/rail-switches.js';
import { PAYOUT_STATUSES } from '../../domain/payouts/payouts.js';
import { PAYOUT_RAIL_NAMES } from '../../gateways/payouts/registry.js';
import { payoutDecisionBody, railSwitchBody, railSwitchDecisionBody } from '../admin/payouts/schemas.js';
import { cancelPayoutBody, createPayoutBody, listPayoutsQuery } from '../payouts/payout-schemas.js';
import { operation, pathParam } from './admin-paths.js';
import {
  fromZod,
  instant,
  integer,
  nullableInstant,
  nullableInteger,
  nullableText,
  queryParameters,
  record,
  ref,
  text,
  withExamples,
  type Json,
} from './json-schema.js';
import { errorResponse, list, ok, withStandardAnswers } from './responses.js';
import { APP_TAGS } from './tags.js';

/** The payout API's shapes (with their examples beside them) and paths; merged into the document. */

const auth = [{ ApiKey: [], ApiSecret: [] }];
const statuses = { type: 'string', enum: [...PAYOUT_STATUSES] };
const mode = { type: 'string', enum: ['TEST', 'LIVE'] };

const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retried create safe: the same key in the same mode never makes a second payout; printable ASCII without spaces, 1 to 255 characters.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
};

const payoutIdParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Numeric id or reference',
  schema: { type: 'string', pattern: '^([0-9]{1,15}|po_[0-9a-z]{20})$' },
};

const BENEFICIARY_VIEW: Json = {
  type: 'object',
  required: ['type'],
  description:
    'The beneficiary as given, with wallet and account numbers masked but for their last four digits',
  properties: {
    type: { type: 'string', enum: ['BKASH_WALLET', 'NAGAD_WALLET', 'BANK_ACCOUNT'] },
    walletNumber: text,
    name: nullableText,
    accountNumber: text,
    accountName: text,
    routingNumber: text,
    bankName: nullableText,
  },
  additionalProperties: false,
};

const PAYOUT = record({
  id: integer,
  reference: { type: 'string', pattern: '^po_[0-9a-z]{20}$' },
  status: {
    ...statuses,
    description:
      'CREATED → WAITING_APPROVAL (approvers, by amount band) → SCHEDULED (the cancel window) → QUEUED (waiting for the rail’s balance) → SENDING → PROCESSING → SUCCEEDED, FAILED or CANCELLED; RETURNED after SUCCEEDED when the rail sends it back.',
  },
  rail: { type: 'string', enum: [...PAYOUT_RAIL_NAMES] },
  amountMinor: { type: 'integer', minimum: 1 },
  currency: text,
  beneficiary: BENEFICIARY_VIEW,
  beneficiaryCheck: {
    type: ['object', 'null'],
    description:
      "The rail's word on the beneficiary before sending: VERIFIED, NAME_MISMATCH, UNVERIFIABLE, …",
    required: ['status', 'accountHolderName'],
    properties: { status: nullableText, accountHolderName: nullableText },
    additionalProperties: false,
  },
  narrative: nullableText,
  metadata: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
  approvalsRequired: { type: 'integer', minimum: 0, maximum: 2 },
  cancellableUntil: { ...nullableInstant, description: 'The end of the cancel window; null until scheduled' },
  railTransferId: {
    ...nullableText,
    description:
      "The rail's own id for the transfer (bKash's transaction id, the bank's transaction reference)",
  },
  feeMinor: nullableInteger,
  failureCode: nullableText,
  failureReason: nullableText,
  createdAt: instant,
  updatedAt: instant,
  settledAt: nullableInstant,
});

export const PAYOUT_EXAMPLE = {
  id: 42,
  reference: 'po_8x2k4m9q3r7t1v5w0y6z',
  status: 'SCHEDULED',
  rail: 'bkash',
  amountMinor: 150000,
  currency: 'BDT',
  beneficiary: { type: 'BKASH_WALLET', walletNumber: '•••••••5678', name: 'Rahima Khatun' },
  beneficiaryCheck: null,
  narrative: 'Cashback for order 1042',
  metadata: { order: '1042' },
  approvalsRequired: 0,
  cancellableUntil: '2027-02-02T10:01:00.000Z',
  railTransferId: null,
  feeMinor: null,
  failureCode: null,
  failureReason: null,
  createdAt: '2027-02-02T10:00:00.000Z',
  updatedAt: '2027-02-02T10:00:00.000Z',
  settledAt: null,
};

const SUCCEEDED_PAYOUT_EXAMPLE = {
  ...PAYOUT_EXAMPLE,
  status: 'SUCCEEDED',
  beneficiaryCheck: { status: 'VERIFIED', accountHolderName: 'Rahima Khatun' },
  railTransferId: 'BFD90JRLST',
  feeMinor: 0,
  updatedAt: '2027-02-02T10:01:03.000Z',
  settledAt: '2027-02-02T10:01:03.000Z',
};

const PAYOUT_SUMMARY = {
  type: 'array',
  description: 'Count and total per status over the whole filtered list',
  items: record({ status: statuses, count: integer, totalMinor: integer }),
};

export const payoutSchemas = (): Record<string, Json> => ({
  Payout: withExamples(PAYOUT, PAYOUT_EXAMPLE, SUCCEEDED_PAYOUT_EXAMPLE),
  PayoutStatusSummary: withExamples(PAYOUT_SUMMARY, [{ status: 'SUCCEEDED', count: 3, totalMinor: 450000 }]),
  CreatePayout: fromZod(createPayoutBody),
  CancelPayout: fromZod(cancelPayoutBody),
  AdminPayout: withExamples(
    {
      ...PAYOUT,
      required: [...(PAYOUT.required as string[]), 'appId', 'mode'],
      properties: {
        ...(PAYOUT.properties as Record<string, Json>),
        appId: integer,
        mode,
        decisions: {
          type: 'array',
          items: record({
            verdict: { type: 'string', enum: ['APPROVE', 'REJECT'] },
            by: text,
            comment: nullableText,
            at: instant,
          }),
        },
      },
    },
    {
      ...PAYOUT_EXAMPLE,
      status: 'WAITING_APPROVAL',
      approvalsRequired: 1,
      cancellableUntil: null,
      appId: 7,
      mode: 'LIVE',
    },
  ),
  PayoutRailSwitchChange: withExamples(
    record({
      id: integer,
      rail: text,
      mode,
      proposedOn: { type: 'boolean', description: 'true: switch the rail back on' },
      status: { type: 'string', enum: [...RAIL_SWITCH_CHANGE_STATUSES] },
      proposedByOperatorId: integer,
      proposedAt: instant,
      decidedByOperatorId: nullableInteger,
      decidedAt: nullableInstant,
      comment: nullableText,
    }),
    {
      id: 7,
      rail: 'nagad',
      mode: 'LIVE',
      proposedOn: true,
      status: 'PENDING',
      proposedByOperatorId: 3,
      proposedAt: '2027-02-02T10:00:00.000Z',
      decidedByOperatorId: null,
      decidedAt: null,
      comment: null,
    },
  ),
  PayoutRailSwitch: withExamples(
    record({
      rail: { type: 'string', enum: [...PAYOUT_RAIL_NAMES] },
      mode,
      on: {
        type: 'boolean',
        description: 'false: new payouts on the rail are refused and accepted ones held',
      },
      configured: {
        type: 'boolean',
        description: 'Whether the service has settings for the rail in this mode',
      },
      changedByOperatorId: nullableInteger,
      changedAt: nullableInstant,
      pendingChange: { anyOf: [ref('PayoutRailSwitchChange'), { type: 'null' }] },
    }),
    {
      rail: 'nagad',
      mode: 'LIVE',
      on: false,
      configured: true,
      changedByOperatorId: 3,
      changedAt: '2027-02-02T09:40:00.000Z',
      pendingChange: null,
    },
  ),
  PayoutRailBalance: withExamples(
    record({ rail: text, mode, availableMinor: integer, currency: text, asOf: instant, queued: integer }),
    {
      rail: 'bkash',
      mode: 'LIVE',
      availableMinor: 2500000000,
      currency: 'BDT',
      asOf: '2027-02-02T10:00:00.000Z',
      queued: 0,
    },
  ),
});

/** The payout events: each carries the payout as `data`. */
export const PAYOUT_EVENT_TYPES: Array<[type: string, data: 'Payout', summary: string]> = [
  [
    'payout.created',
    'Payout',
    'A payout was taken: scheduled for the end of its cancel window, or waiting for approvers',
  ],
  ['payout.succeeded', 'Payout', 'The rail paid the beneficiary'],
  [
    'payout.failed',
    'Payout',
    'The rail refused or failed the payout, or the beneficiary check stopped it; nothing was paid',
  ],
  [
    'payout.cancelled',
    'Payout',
    'The app or an approver cancelled it, or nobody approved it in time; nothing was paid',
  ],
  ['payout.returned', 'Payout', 'A paid payout came back from the rail (a bank return)'],
];

const payoutRef = pathParam(
  'id',
  { type: 'string', pattern: '^([0-9]{1,15}|po_[0-9a-z]{20})$' },
  'Payout id or reference',
);

export const payoutPaths = (): Record<string, Json> => ({
  '/payouts': {
    post: {
      operationId: 'createPayout',
      tags: [APP_TAGS.payouts.name],
      summary:
        'Pay money out to a bKash or Nagad wallet or a bank account; the outcome arrives as payout.succeeded or payout.failed',
      description:
        'Needs the `payouts` scope. In LIVE the app’s payouts are off until finance turns them on (an ADMIN approves it): until then a LIVE payout is refused with 403 PAYOUTS_NOT_ENABLED and nothing is stored. The payout waits out its cancel window (PAYOUT_CANCEL_WINDOW_SECONDS) before anything is sent, and first for approvers when the app’s payout rules ask for them (every LIVE payout waits for at least one until finance loosens that), or when it takes the deployment’s LIVE payouts of the company day above PAYOUT_DAILY_CEILING_MINOR.',
      security: auth,
      parameters: [idempotencyHeader],
      requestBody: { required: true, content: { 'application/json': { schema: ref('CreatePayout') } } },
      responses: withStandardAnswers(
        {
          201: {
            ...ok('Payout taken (or, for a repeated Idempotency-Key, the one it took)', ref('Payout')),
            links: {
              GetPayout: { operationId: 'getPayout', parameters: { id: '$response.body#/data/reference' } },
            },
          },
          400: errorResponse('VALIDATION_ERROR, INVALID_JSON or INVALID_IDEMPOTENCY_KEY'),
          403: errorResponse('APP_SUSPENDED, or PAYOUTS_NOT_ENABLED: the app’s payouts are off in this mode'),
          409: errorResponse('IDEMPOTENCY_REQUEST_IN_PROGRESS'),
          422: errorResponse(
            'RAIL_NOT_CONFIGURED, RAIL_SWITCHED_OFF (operators stopped the rail in this mode), PAYOUT_AMOUNT_OUT_OF_RANGE or IDEMPOTENCY_KEY_REUSED',
          ),
        },
        { authenticated: true, jsonBody: true },
      ),
    },
    get: {
      operationId: 'listPayouts',
      tags: [APP_TAGS.payouts.name],
      summary: 'List payouts, newest first, with a summary by status',
      security: auth,
      parameters: queryParameters(listPayoutsQuery, {
        status: {
          type: 'string',
          pattern: `^(${PAYOUT_STATUSES.join('|')})(,(${PAYOUT_STATUSES.join('|')}))*$`,
          examples: ['SUCCEEDED', 'QUEUED,SENDING'],
          description: `One status, or several separated by commas: ${PAYOUT_STATUSES.join(', ')}`,
        },
      }),
      responses: withStandardAnswers(
        { 200: list('A page of payouts', ref('Payout'), ref('PayoutStatusSummary')) },
        { authenticated: true },
      ),
    },
  },
  '/payouts/{id}': {
    get: {
      operationId: 'getPayout',
      tags: [APP_TAGS.payouts.name],
      summary: 'Read a payout',
      security: auth,
      parameters: [payoutIdParam],
      responses: withStandardAnswers(
        { 200: ok('Payout', ref('Payout')), 404: errorResponse('PAYOUT_NOT_FOUND') },
        { authenticated: true },
      ),
    },
  },
  '/payouts/{id}/cancel': {
    post: {
      operationId: 'cancelPayout',
      tags: [APP_TAGS.payouts.name],
      summary:
        'Cancel a payout before anything is sent: while it waits for approvers or the balance, or within its cancel window',
      security: auth,
      parameters: [payoutIdParam],
      requestBody: { required: false, content: { 'application/json': { schema: ref('CancelPayout') } } },
      responses: withStandardAnswers(
        {
          200: ok('The payout, CANCELLED', ref('Payout')),
          404: errorResponse('PAYOUT_NOT_FOUND'),
          409: errorResponse('PAYOUT_NOT_CANCELLABLE'),
        },
        { authenticated: true, jsonBody: true },
      ),
    },
  },
  '/admin/payouts/waiting': {
    get: operation({
      id: 'adminListWaitingPayouts',
      summary: 'Payouts waiting for approvers, oldest first',
      action: 'payments.read',
      parameters: [{ name: 'mode', in: 'query', required: false, schema: mode }],
      responses: { 200: list('Every waiting payout, on one page', ref('AdminPayout')) },
    }),
  },
  '/admin/payouts/rails': {
    get: operation({
      id: 'adminPayoutRails',
      summary: "Each payout rail's disbursement balance per mode as it last said, and its queue's length",
      action: 'payments.read',
      responses: {
        200: ok('Balances', {
          type: 'object',
          required: ['items'],
          properties: { items: { type: 'array', items: ref('PayoutRailBalance') } },
          additionalProperties: false,
        }),
      },
    }),
  },
  '/admin/payouts/rails/{rail}/{mode}/recheck': {
    post: operation({
      id: 'adminRecheckPayoutQueue',
      summary: "After a top-up: every payout in the rail's queue asks the rail's balance again now",
      action: 'payouts.approve',
      parameters: [
        pathParam('rail', { type: 'string', enum: [...PAYOUT_RAIL_NAMES] }),
        pathParam('mode', mode),
      ],
      responses: {
        200: ok('How many queued payouts were woken', record({ rail: text, mode, woken: integer })),
      },
    }),
  },
  '/admin/payouts/rail-switches': {
    get: operation({
      id: 'adminPayoutRailSwitches',
      summary:
        "Each payout rail's switch per mode, with a proposal to switch it back on waiting for a second ADMIN",
      action: 'payments.read',
      responses: {
        200: ok('Switches', {
          type: 'object',
          required: ['items'],
          properties: { items: { type: 'array', items: ref('PayoutRailSwitch') } },
          additionalProperties: false,
        }),
      },
    }),
  },
  '/admin/payouts/rails/{rail}/{mode}/switch': {
    put: operation({
      id: 'adminSwitchPayoutRail',
      summary: "Switch a payout rail off or back on in one mode (the rail's kill switch)",
      description:
        "Off applies at once (200): new payouts and batch lines on the rail are refused with 422 RAIL_SWITCHED_OFF, and payouts already taken are held in the rail's queue (QUEUED) by their workflow, which reads the switch from PostgreSQL right before it sends. Back on in TEST applies at once and wakes the queue; back on in LIVE loosens a control, so it is a proposal (202) until an ADMIN other than, and independent of, its proposer approves it (POST /admin/payouts/rail-switch-changes/{id}/approve). Every change is audited (payout_rail.switched_off, payout_rail.switched_on, rail_switch_change.*).",
      action: 'payouts.approve',
      parameters: [
        pathParam('rail', { type: 'string', enum: [...PAYOUT_RAIL_NAMES] }),
        pathParam('mode', mode),
      ],
      body: fromZod(railSwitchBody),
      responses: {
        200: ok(
          'Applied: the switch as it now stands, and how many queued payouts were woken',
          record({ rail: text, mode, on: { type: 'boolean' }, woken: integer }),
        ),
        202: ok(
          'A proposal to switch a LIVE rail back on, waiting for a second ADMIN',
          ref('PayoutRailSwitchChange'),
        ),
      },
    }),
  },
  ...Object.fromEntries(
    (['approve', 'reject', 'withdraw'] as const).map((verb) => [
      `/admin/payouts/rail-switch-changes/{id}/${verb}`,
      {
        post: operation({
          id: `admin${verb[0]!.toUpperCase()}${verb.slice(1)}PayoutRailSwitchChange`,
          summary: {
            approve: 'Approve a proposal to switch a LIVE rail back on: the rail is on and its queue woken',
            reject: 'Reject a proposal to switch a LIVE rail back on: the rail stays off',
            withdraw: 'Withdraw your own proposal to switch a rail back on',
          }[verb],
          description:
            verb === 'withdraw'
              ? 'Only its proposer may withdraw it (403 FORBIDDEN).'
              : 'Decided by an ADMIN other than, and independent of, the proposer (403 SELF_APPROVAL_FORBIDDEN); only a pending proposal (409 CONTROL_CHANGE_NOT_PENDING); approving a rail already on is refused (409 CONTROL_CHANGE_STALE).',
          action: verb === 'withdraw' ? 'payouts.approve' : 'controls.decide',
          parameters: [pathParam('id', { type: 'string', pattern: '^[0-9]{1,15}$' }, 'Proposal id')],
          body: fromZod(railSwitchDecisionBody),
          optionalBody: true,
          responses: {
            200: ok('The proposal as the decision left it', ref('PayoutRailSwitchChange')),
            403: errorResponse('FORBIDDEN, SELF_APPROVAL_FORBIDDEN, STEP_UP_REQUIRED or CSRF_TOKEN_INVALID'),
            404: errorResponse('CONTROL_CHANGE_NOT_FOUND'),
            409: errorResponse('CONTROL_CHANGE_NOT_PENDING or CONTROL_CHANGE_STALE'),
          },
        }),
      },
    ]),
  ),
  '/admin/payouts/{id}': {
    get: operation({
      id: 'adminGetPayout',
      summary: 'One payout of any app, with its approvers’ decisions',
      action: 'payments.read',
      parameters: [payoutRef],
      responses: { 200: ok('Payout', ref('AdminPayout')), 404: errorResponse('PAYOUT_NOT_FOUND') },
    }),
  },
  ...Object.fromEntries(
    (['approve', 'reject', 'cancel'] as const).map((verb) => [
      `/admin/payouts/{id}/${verb}`,
      {
        post: operation({
          id: `admin${verb[0]!.toUpperCase()}${verb.slice(1)}Payout`,
          summary: {
            approve:
              'Approve a waiting payout: with the approvals it needs it is scheduled, its cancel window starting now',
            reject: 'Reject a waiting payout: it is cancelled and nothing is sent',
            cancel: 'Cancel a payout nothing has been sent for',
          }[verb],
          description:
            verb === 'cancel'
              ? undefined
              : 'Judged on PostgreSQL in one transaction with the payout locked: only a payout waiting for approval (409 PAYOUT_NOT_WAITING_APPROVAL); one approval per operator (403 APPROVER_ALREADY_APPROVED); two approvals from independent operators (403 SELF_APPROVAL_FORBIDDEN). Approving a payout above REFUND_APPROVAL_STEP_UP_ABOVE_MINOR (TEST) or REFUND_APPROVAL_STEP_UP_ABOVE_MINOR_LIVE (LIVE) needs a step-up within 5 minutes (403 STEP_UP_REQUIRED), as approving a refund does.',
          action: 'payouts.approve',
          parameters: [payoutRef],
          body: fromZod(payoutDecisionBody),
          optionalBody: true,
          responses: {
            200: ok('The payout as the decision left it', ref('Payout')),
            403: errorResponse(
              'FORBIDDEN, SELF_APPROVAL_FORBIDDEN, APPROVER_ALREADY_APPROVED, STEP_UP_REQUIRED or CSRF_TOKEN_INVALID',
            ),
            404: errorResponse('PAYOUT_NOT_FOUND'),
            409: errorResponse(verb === 'cancel' ? 'PAYOUT_NOT_CANCELLABLE' : 'PAYOUT_NOT_WAITING_APPROVAL'),
          },
        }),
      },
    ]),
  ),
});
