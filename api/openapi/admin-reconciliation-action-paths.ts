import { REFUND_STATUSES } from '../../domain/refunds/refunds.js';
import { RECON_ACTIONS, RECON_EXCEPTION_KINDS } from '../../domain/reconciliation/reconciliation.js';
import { approveProposalBody, resolveExceptionBody } from '../admin/reconciliation-actions/index.js';
import { operation, pathParam } from './admin-paths.js';
import {
  fromZod,
  integer,
  nullableInstant,
  nullableInteger,
  nullableText,
  record,
  type Json,
} from './json-schema.js';
import { errorResponse, ok } from './responses.js';

/** Finance's actions on a settlement day's exceptions. */

const exceptionReference = pathParam(
  'reference',
  { type: 'string', pattern: '^rex_[0-9a-hjkmnp-tv-z]{20}$' },
  "The exception's reference (rex_…)",
);

const RESOLVED_EXCEPTION = record({
  reference: { type: 'string' },
  kind: { type: 'string', enum: [...RECON_EXCEPTION_KINDS] },
  status: { type: 'string', enum: ['OPEN', 'RESOLVED'] },
  action: { type: ['string', 'null'], enum: [...RECON_ACTIONS, 'AUTO', null] },
  note: nullableText,
  escalatedAt: nullableInstant,
  resolvedAt: nullableInstant,
  journalEntryId: { ...nullableInteger, description: 'The entry the action posted, if any' },
  refund: {
    oneOf: [
      { type: 'null' },
      record({
        reference: { type: 'string', pattern: '^rf_[0-9a-z]{20}$' },
        status: { type: 'string', enum: [...REFUND_STATUSES] },
        amountMinor: { ...integer, description: 'Integer minor units' },
        currency: { type: 'string' },
        requestedByOperatorId: {
          ...nullableInteger,
          description: 'The operator who asked; another operator approves the refund',
        },
      }),
    ],
    description:
      'REFUND: the refund asked for, PENDING_APPROVAL until another FINANCE or ADMIN operator approves it ' +
      '(POST /admin/refunds/{id}/approve); the exception stays OPEN until it succeeds',
  },
  proposal: {
    oneOf: [
      { type: 'null' },
      record({
        id: integer,
        action: { type: 'string', enum: ['POST_ADJUSTMENT', 'ACCEPT_FEE_DIFFERENCE'] },
        note: { type: 'string' },
        postingMinor: {
          ...nullableInteger,
          description:
            "What it would post beyond the line's own settlement: the adjustment, or the fee difference (integer minor units)",
        },
        proposedBy: { type: 'string', description: "The proposing operator's email" },
        approvedBy: {
          ...nullableText,
          description: "The approving operator's email, once recorded (it is being applied)",
        },
      }),
    ],
    description:
      'An adjustment or accepted fee difference waiting for a second operator (POST …/approve); null when none waits',
  },
  openExceptions: { ...integer, description: "The day's exceptions still open" },
});

const SECOND_OPERATOR =
  "POST_ADJUSTMENT and ACCEPT_FEE_DIFFERENCE post at once only within the rounding tolerance of the day's mode " +
  "and the exception's currency (RECON_ROUNDING_TOLERANCE_MINOR for LIVE, RECON_TEST_ROUNDING_TOLERANCE_MINOR for " +
  'TEST; by default 1.00 BDT and 1 minor unit of any other currency), and never on the word of whoever uploaded ' +
  'the settlement report the exception came from. Otherwise the action is recorded as a proposal (answer 202, ' +
  '`proposal` set, nothing posted) that another FINANCE or ADMIN operator approves with POST ' +
  '/admin/reconciliation/exceptions/{reference}/approve; one proposal waits per exception (another answers ' +
  'RECON_PROPOSAL_PENDING).';

export const adminReconciliationActionPaths = (): Record<string, Json> => ({
  '/admin/reconciliation/exceptions/{reference}/resolve': {
    post: operation({
      id: 'adminResolveReconciliationException',
      summary: "Resolve (or escalate) one of a settlement day's exceptions",
      description:
        "Recorded as the signed-in operator, then named by its id in a Workflow Update to the day's " +
        'reconciliation workflow, whose activity reads the record, checks it again and applies it with its audit ' +
        "entry in one transaction. POST_ADJUSTMENT settles the exception's line (if any) and posts the difference " +
        'between the gateway clearing account and recon adjustments; ACCEPT_FEE_DIFFERENCE (fee mismatches) settles ' +
        "the line and books the gateway's fee; ESCALATE keeps it open; MARK_RESOLVED posts nothing. REFUND (a " +
        "duplicate line, an overcharge) asks for a refund of the exception's payment through the refund path: " +
        '`amountMinor` (at most what is still refundable; by default what the exception says was charged beyond ' +
        'the payment). The refund always waits PENDING_APPROVAL for a FINANCE or ADMIN operator other than the one ' +
        'asking, through the refund approval door; the exception stays OPEN (other actions answer ' +
        'RECON_REFUND_PENDING) until the refund succeeds, then resolves as REFUND with the refund linked and posts ' +
        'as POST_ADJUSTMENT would. A refund rejected, expired or failed leaves the exception open to act on again. ' +
        'An `Idempotency-Key` header makes a repeated request answer with what the first did: one decision, one ' +
        'refund. Actions that move money need a step-up within the last 5 minutes. The day closes once none is open. ' +
        SECOND_OPERATOR,
      action: 'reconciliation.resolve',
      parameters: [
        exceptionReference,
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            "Makes a repeated request safe: the same operator's same key answers with what the first request " +
            'did (one refund, never two); with another body it is IDEMPOTENCY_KEY_REUSED. X-Idempotency-Key is ' +
            'accepted too.',
          schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
        },
      ],
      body: fromZod(resolveExceptionBody),
      responses: {
        200: ok('The exception as the action left it', RESOLVED_EXCEPTION),
        202: ok('Proposed: it waits for a second operator, nothing was posted', RESOLVED_EXCEPTION),
        403: errorResponse(
          'FORBIDDEN, STEP_UP_REQUIRED, RECON_SECOND_OPERATOR_REQUIRED or CSRF_TOKEN_INVALID',
        ),
        404: errorResponse('RECON_EXCEPTION_NOT_FOUND'),
        400: errorResponse('VALIDATION_ERROR or INVALID_IDEMPOTENCY_KEY'),
        409: errorResponse(
          'RECON_EXCEPTION_NOT_OPEN, RECON_REFUND_PENDING, RECON_PROPOSAL_PENDING, PAYMENT_NOT_REFUNDABLE or ' +
            'IDEMPOTENCY_REQUEST_IN_PROGRESS',
        ),
        422: errorResponse('RECON_ACTION_NOT_ALLOWED, REFUND_EXCEEDS_REFUNDABLE or IDEMPOTENCY_KEY_REUSED'),
      },
    }),
  },
  '/admin/reconciliation/exceptions/{reference}/approve': {
    post: operation({
      id: 'adminApproveReconciliationProposal',
      summary: "Approve the adjustment proposed on one of a settlement day's exceptions",
      description:
        'A second FINANCE or ADMIN operator approves the proposal waiting on the exception: never the operator who ' +
        'proposed it, nor whoever uploaded the settlement report the exception came from ' +
        '(RECON_SECOND_OPERATOR_REQUIRED), and only after a step-up within the last 5 minutes. The approval is ' +
        "recorded beside the proposal, then the day's workflow is named the proposal's id; its activity reads both " +
        'back from the database, checks them again (the approver still active in a finance role, the amount still ' +
        'the one proposed, else RECON_PROPOSAL_STALE and the proposal ends) and posts. Approving again after it ' +
        'was applied answers with the resolved exception and posts nothing twice.',
      action: 'reconciliation.resolve',
      parameters: [exceptionReference],
      body: fromZod(approveProposalBody),
      responses: {
        200: ok('The exception as the approved action left it', RESOLVED_EXCEPTION),
        403: errorResponse(
          'FORBIDDEN, STEP_UP_REQUIRED, RECON_SECOND_OPERATOR_REQUIRED or CSRF_TOKEN_INVALID',
        ),
        404: errorResponse('RECON_EXCEPTION_NOT_FOUND'),
        400: errorResponse('VALIDATION_ERROR'),
        409: errorResponse(
          'RECON_NO_PROPOSAL, RECON_EXCEPTION_NOT_OPEN, RECON_PROPOSAL_STALE or RECON_REFUND_PENDING',
        ),
        422: errorResponse('RECON_ACTION_NOT_ALLOWED'),
      },
    }),
  },
});
