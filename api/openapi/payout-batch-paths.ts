import { BATCH_LINE_ERROR_CODES, PAYOUT_BATCH_STATUSES } from '../../domain/payouts/payout-batches.js';
import { PAYOUT_STATUSES } from '../../domain/payouts/payouts.js';
import { PAYOUT_RAIL_NAMES } from '../../gateways/payouts/registry.js';
import { adminBatchQuery, batchDecisionBody, batchUploadQuery } from '../admin/payout-batches/schemas.js';
import {
  batchLineDocSchema,
  batchLinesQuery,
  createPayoutBatchBody,
} from '../payouts/payout-batch-schemas.js';
import { operation, pathParam } from './admin-paths.js';
import { UPLOAD_PROPERTIES } from './uploaded-file-paths.js';
import {
  fromZod,
  instant,
  integer,
  nullableInstant,
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

/** The payout batch API's shapes (with their examples beside them) and paths; merged into the document. */

const auth = [{ ApiKey: [], ApiSecret: [] }];
const mode = { type: 'string', enum: ['TEST', 'LIVE'] };
const ID_PATTERN = '^([0-9]{1,15}|pb_[0-9a-z]{20})$';

/**
 * The batch body as the document states it: each line is a payout's body with its lineReference.
 * The service reads lines as they come and judges each apart, to name every bad line at once.
 */
function batchBodyDocument(): Json {
  const body = fromZod(createPayoutBatchBody) as Json & { properties: { lines: Json } };
  const lines = { ...body.properties.lines, items: ref('CreatePayoutBatchLine') };
  return { ...body, properties: { ...body.properties, lines } };
}

const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Makes a retried create safe: the same key in the same mode never makes a second batch.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
};
const batchIdParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Numeric id or reference',
  schema: { type: 'string', pattern: ID_PATTERN },
};

const PROGRESS = {
  type: 'array',
  description: "Lines' count and amount per payout status; NOT_CREATED while a line's payout is not made",
  items: record({
    status: { type: 'string', enum: ['NOT_CREATED', ...PAYOUT_STATUSES] },
    count: integer,
    totalMinor: integer,
  }),
};

const BATCH = record({
  id: integer,
  reference: { type: 'string', pattern: '^pb_[0-9a-z]{20}$' },
  status: {
    type: 'string',
    enum: [...PAYOUT_BATCH_STATUSES],
    description:
      'WAITING_APPROVAL (approvers, by the batch’s whole total) → SCHEDULED (the cancel window) → CREATING (its lines’ payouts are made) → PROCESSING (followed until each is final) → COMPLETED; CANCELLED within the window, on rejection, or when nobody approved it in time (no line was made).',
  },
  source: { type: 'string', enum: ['API', 'UPLOAD'] },
  currency: text,
  lineCount: { type: 'integer', minimum: 1, maximum: 5000 },
  totalMinor: { type: 'integer', minimum: 1 },
  approvalsRequired: { type: 'integer', minimum: 0, maximum: 2 },
  approvalExpiresAt: nullableInstant,
  cancellableUntil: {
    ...nullableInstant,
    description: 'The end of the cancel window while it lasts; null otherwise',
  },
  cancelledBy: { ...nullableText, description: 'APP, OPERATOR, APPROVER or APPROVAL_EXPIRED' },
  progress: PROGRESS,
  createdAt: instant,
  updatedAt: instant,
  completedAt: nullableInstant,
});

export const PAYOUT_BATCH_EXAMPLE = {
  id: 7,
  reference: 'pb_3k8x2m4q9r7t1v5w0y6z',
  status: 'SCHEDULED',
  source: 'API',
  currency: 'BDT',
  lineCount: 2,
  totalMinor: 75000,
  approvalsRequired: 0,
  approvalExpiresAt: null,
  cancellableUntil: '2027-02-02T10:01:00.000Z',
  cancelledBy: null,
  progress: [{ status: 'NOT_CREATED', count: 2, totalMinor: 75000 }],
  createdAt: '2027-02-02T10:00:00.000Z',
  updatedAt: '2027-02-02T10:00:00.000Z',
  completedAt: null,
};

const COMPLETED_EXAMPLE = {
  ...PAYOUT_BATCH_EXAMPLE,
  status: 'COMPLETED',
  cancellableUntil: null,
  progress: [
    { status: 'FAILED', count: 1, totalMinor: 25000 },
    { status: 'SUCCEEDED', count: 1, totalMinor: 50000 },
  ],
  updatedAt: '2027-02-02T10:01:09.000Z',
  completedAt: '2027-02-02T10:01:09.000Z',
};

const LINE = record({
  line: { type: 'integer', minimum: 1 },
  lineReference: text,
  rail: { type: 'string', enum: [...PAYOUT_RAIL_NAMES] },
  amountMinor: integer,
  currency: text,
  beneficiary: { type: 'object', description: 'As given, numbers masked but for their last four digits' },
  narrative: nullableText,
  metadata: { type: 'object' },
  payoutReference: {
    ...nullableText,
    description: "The line's payout, once made (read it at /payouts/{id})",
  },
  status: { type: 'string', enum: ['NOT_CREATED', ...PAYOUT_STATUSES] },
});

const LINE_ISSUES = withExamples(
  {
    type: 'object',
    description:
      'details of PAYOUT_BATCH_LINES_INVALID: every invalid line (the first 1,000), nothing created',
    required: ['lines', 'issueCount'],
    properties: {
      issueCount: integer,
      lines: {
        type: 'array',
        items: record({
          line: { type: 'integer', minimum: 1, description: '1-based, in the order sent' },
          lineReference: nullableText,
          errorCode: { type: 'string', enum: [...BATCH_LINE_ERROR_CODES] },
          field: nullableText,
          message: text,
        }),
      },
    },
  },
  {
    issueCount: 1,
    lines: [
      {
        line: 4,
        lineReference: 'prize-0004',
        errorCode: 'PAYOUT_AMOUNT_OUT_OF_RANGE',
        field: 'amountMinor',
        message: 'The bkash rail pays 100 to 2500000 in one transfer',
      },
    ],
  },
);

const ADMIN_BATCH = {
  ...BATCH,
  required: [...(BATCH.required as string[]), 'appId', 'mode', 'fileName', 'uploadedBy', 'decisions'],
  properties: {
    ...(BATCH.properties as Record<string, Json>),
    appId: integer,
    mode,
    fileName: nullableText,
    uploadedBy: { type: ['integer', 'null'] },
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
};

export const payoutBatchSchemas = (): Record<string, Json> => ({
  PayoutBatch: withExamples(BATCH, PAYOUT_BATCH_EXAMPLE, COMPLETED_EXAMPLE),
  PayoutBatchLine: withExamples(LINE, {
    line: 1,
    lineReference: 'prize-0001',
    rail: 'bkash',
    amountMinor: 50000,
    currency: 'BDT',
    beneficiary: { type: 'BKASH_WALLET', walletNumber: '•••••••5678', name: 'Rahima Khatun' },
    narrative: 'Quiz prize, week 6',
    metadata: {},
    payoutReference: 'po_8x2k4m9q3r7t1v5w0y6z',
    status: 'SUCCEEDED',
  }),
  PayoutBatchLineIssues: LINE_ISSUES,
  CreatePayoutBatch: batchBodyDocument(),
  CreatePayoutBatchLine: fromZod(batchLineDocSchema),
  AdminPayoutBatch: withExamples(ADMIN_BATCH, {
    ...PAYOUT_BATCH_EXAMPLE,
    status: 'WAITING_APPROVAL',
    source: 'UPLOAD',
    approvalsRequired: 1,
    cancellableUntil: null,
    approvalExpiresAt: '2027-02-05T10:00:00.000Z',
    appId: 3,
    mode: 'LIVE',
    fileName: 'prizes-week-6.csv',
    uploadedBy: 12,
    decisions: [],
  }),
  // One closed object, not an allOf: each part of an allOf would refuse the other's properties.
  AdminPayoutBatchWithLines: {
    ...ADMIN_BATCH,
    description: 'A batch as operators see it, with a page of its lines',
    required: [...ADMIN_BATCH.required, 'lines'],
    properties: { ...ADMIN_BATCH.properties, lines: { type: 'array', items: ref('PayoutBatchLine') } },
  },
});

/** The batch events: each carries the batch as `data`. */
export const PAYOUT_BATCH_EVENT_TYPES: Array<[type: string, data: 'PayoutBatch', summary: string]> = [
  [
    'payout_batch.created',
    'PayoutBatch',
    'A batch was taken: scheduled for the end of its cancel window, or waiting for approvers by its total',
  ],
  [
    'payout_batch.completed',
    'PayoutBatch',
    "Every line's payout reached a final status; the batch carries its counts and amounts by status",
  ],
];

const batchRef = pathParam('id', { type: 'string', pattern: ID_PATTERN }, 'Payout batch id or reference');

export const payoutBatchPaths = (): Record<string, Json> => ({
  '/payout-batches': {
    post: {
      operationId: 'createPayoutBatch',
      tags: [APP_TAGS.payouts.name],
      summary:
        'Pay up to 5,000 payouts in one batch, judged and approved by its whole total, with a cancel window before any is made',
      description:
        'Needs the `payouts` scope. A LIVE batch of an app whose payouts are off is refused with 403 PAYOUTS_NOT_ENABLED, nothing stored; the batch is judged at its total by the app’s payout rules and the deployment’s daily ceiling, as a payout is. Each line is a single payout’s body with its own lineReference; every line is checked first and any invalid line creates nothing (422 PAYOUT_BATCH_LINES_INVALID naming each line). The body may be up to 3 MiB. After the cancel window each line becomes an ordinary payout (payout.* events) and the batch ends with payout_batch.completed.',
      security: auth,
      parameters: [idempotencyHeader],
      requestBody: { required: true, content: { 'application/json': { schema: ref('CreatePayoutBatch') } } },
      responses: withStandardAnswers(
        {
          201: ok('Batch taken (or, for a repeated Idempotency-Key, the one it took)', ref('PayoutBatch')),
          400: errorResponse(
            'VALIDATION_ERROR (no lines, more than 5,000), INVALID_JSON or INVALID_IDEMPOTENCY_KEY',
          ),
          403: errorResponse('APP_SUSPENDED, or PAYOUTS_NOT_ENABLED: the app’s payouts are off in this mode'),
          409: errorResponse('IDEMPOTENCY_REQUEST_IN_PROGRESS'),
          413: errorResponse('PAYLOAD_TOO_LARGE'),
          422: {
            ...errorResponse(
              'PAYOUT_BATCH_LINES_INVALID (details: PayoutBatchLineIssues; a line whose rail operators switched off in this mode is RAIL_SWITCHED_OFF) or IDEMPOTENCY_KEY_REUSED',
            ),
          },
        },
        { authenticated: true, jsonBody: true },
      ),
    },
  },
  '/payout-batches/{id}': {
    get: {
      operationId: 'getPayoutBatch',
      tags: [APP_TAGS.payouts.name],
      summary: 'Read a batch: its status, and its lines’ counts and amounts by payout status',
      security: auth,
      parameters: [batchIdParam],
      responses: withStandardAnswers(
        { 200: ok('Payout batch', ref('PayoutBatch')), 404: errorResponse('PAYOUT_BATCH_NOT_FOUND') },
        { authenticated: true },
      ),
    },
  },
  '/payout-batches/{id}/lines': {
    get: {
      operationId: 'listPayoutBatchLines',
      tags: [APP_TAGS.payouts.name],
      summary: 'A batch’s lines in line order, each with its payout once made',
      security: auth,
      parameters: [batchIdParam, ...queryParameters(batchLinesQuery)],
      responses: withStandardAnswers(
        {
          200: list('A page of lines', ref('PayoutBatchLine')),
          404: errorResponse('PAYOUT_BATCH_NOT_FOUND'),
        },
        { authenticated: true },
      ),
    },
  },
  '/payout-batches/{id}/cancel': {
    post: {
      operationId: 'cancelPayoutBatch',
      tags: [APP_TAGS.payouts.name],
      summary:
        'Cancel a batch within its cancel window (or while it waits for approvers): no line is made or sent',
      security: auth,
      parameters: [batchIdParam],
      responses: withStandardAnswers(
        {
          200: ok('The batch, CANCELLED', ref('PayoutBatch')),
          404: errorResponse('PAYOUT_BATCH_NOT_FOUND'),
          409: errorResponse('PAYOUT_BATCH_NOT_CANCELLABLE'),
        },
        { authenticated: true },
      ),
    },
  },
  '/admin/payout-batches': {
    get: operation({
      id: 'adminListPayoutBatches',
      summary: 'The latest payout batches of every app, newest first',
      action: 'payments.read',
      responses: { 200: list('The latest batches, on one page', ref('AdminPayoutBatch')) },
    }),
    // An upload is a new batch in the collection: under /{id} it would share a path with one batch.
    post: {
      ...operation({
        id: 'adminUploadPayoutBatch',
        summary:
          'Upload a CSV file of payouts for an app and mode: stored and read by the worker; the batch waits for another operator’s approval',
        description:
          'The body is the file (text/csv, at most 2 MiB and 5,000 lines under the header line_reference, amount_minor, beneficiary_type, wallet_number, name, account_number, account_name, routing_number, bank_name, narrative), bounded before it is stored; the request never parses it, and only refuses at once (400 VALIDATION_ERROR) a file whose first line is not that header. Answered 202 with the upload: the worker parses it and judges every line, and adminGetFileUpload (statusUrl) answers the outcome: the batch (importId, WAITING_APPROVAL) or the refusal (422 PAYOUT_BATCH_LINES_INVALID naming each bad line, nothing created, RAIL_SWITCHED_OFF for a line whose rail is switched off; UPLOAD_TOO_MANY_ROWS; VALIDATION_ERROR when it is not CSV).',
        action: 'payouts.approve',
        parameters: queryParameters(batchUploadQuery),
        responses: {
          202: ok(
            'Received and stored; the worker reads it: the outcome is at statusUrl',
            record(UPLOAD_PROPERTIES),
          ),
          404: errorResponse('APP_NOT_FOUND'),
          413: errorResponse('UPLOAD_TOO_LARGE: the file is larger than 2 MiB (details {limit, value})'),
          415: errorResponse('UNSUPPORTED_MEDIA_TYPE'),
        },
      }),
      requestBody: {
        required: true,
        content: {
          'text/csv': {
            schema: { type: 'string' },
            examples: {
              prizes: {
                value:
                  'line_reference,amount_minor,beneficiary_type,wallet_number,name\nprize-0001,50000,BKASH_WALLET,01712345678,Rahima Khatun\n',
              },
            },
          },
        },
      },
    },
  },
  '/admin/payout-batches/{id}': {
    get: operation({
      id: 'adminGetPayoutBatch',
      summary: 'One batch of any app, with its decisions and a page of its lines',
      action: 'payments.read',
      parameters: [batchRef, ...queryParameters(adminBatchQuery)],
      responses: {
        200: ok('The batch and its lines', ref('AdminPayoutBatchWithLines')),
        404: errorResponse('PAYOUT_BATCH_NOT_FOUND'),
      },
    }),
  },
  ...Object.fromEntries(
    (['approve', 'reject', 'cancel'] as const).map((verb) => [
      `/admin/payout-batches/{id}/${verb}`,
      {
        post: operation({
          id: `admin${verb[0]!.toUpperCase()}${verb.slice(1)}PayoutBatch`,
          summary: {
            approve:
              'Approve a waiting batch: with the approvals it needs it is scheduled, its cancel window starting now',
            reject: 'Reject a waiting batch: it is cancelled and no line is made',
            cancel: 'Cancel a batch within its cancel window or while it waits for approvers',
          }[verb],
          description:
            verb === 'cancel'
              ? undefined
              : 'Only a batch waiting for approval (409 PAYOUT_BATCH_NOT_WAITING_APPROVAL); one approval per operator; never by the operator who uploaded it, and two approvals from independent operators (403 SELF_APPROVAL_FORBIDDEN). Approving a batch whose total is above REFUND_APPROVAL_STEP_UP_ABOVE_MINOR (TEST) or REFUND_APPROVAL_STEP_UP_ABOVE_MINOR_LIVE (LIVE) needs a step-up within 5 minutes (403 STEP_UP_REQUIRED).',
          action: 'payouts.approve',
          parameters: [batchRef],
          ...(verb !== 'cancel' && { body: fromZod(batchDecisionBody), optionalBody: true }),
          responses: {
            200: ok('The batch as the decision left it', ref('AdminPayoutBatch')),
            403: errorResponse(
              'FORBIDDEN, SELF_APPROVAL_FORBIDDEN, APPROVER_ALREADY_APPROVED, STEP_UP_REQUIRED or CSRF_TOKEN_INVALID',
            ),
            404: errorResponse('PAYOUT_BATCH_NOT_FOUND'),
            409: errorResponse(
              verb === 'cancel' ? 'PAYOUT_BATCH_NOT_CANCELLABLE' : 'PAYOUT_BATCH_NOT_WAITING_APPROVAL',
            ),
          },
        }),
      },
    ]),
  ),
});
