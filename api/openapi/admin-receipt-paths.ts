import { RECEIPT_METHODS, RECEIPT_STATUSES } from '../../domain/payments/manual-receipts.js';
import {
  PROOF_TYPES,
  adminReceiptsQuery,
  receiptDecisionBody,
  proofBody,
  recordReceiptBody,
} from '../admin/receipts/schemas.js';
import { operation, pathParam } from './admin-paths.js';
import {
  fromZod,
  instant,
  queryParameters,
  integer,
  nullableText,
  record,
  ref,
  text,
  type Json,
} from './json-schema.js';
import { errorResponse, list, ok } from './responses.js';

/** Receipts of money paid outside any gateway (the manual gateway): recorded, decided, proven. */

const paymentId = pathParam(
  'id',
  { type: 'string', pattern: '^([1-9][0-9]{0,15}|pay_[a-z0-9]{20})$' },
  'The payment id or reference',
);
const receiptId = pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,14}$' }, 'The receipt id');

const STEP_UP =
  'Above MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR (TEST) or MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR_LIVE (LIVE) it needs a step-up (POST /admin/session/step-up) within the last 5 minutes, else 403 STEP_UP_REQUIRED.';

const RECEIPT_PROPERTIES: Record<string, Json> = {
  id: integer,
  paymentReference: text,
  amountMinor: integer,
  currency: text,
  amountFormatted: text,
  receivedOn: { type: 'string', format: 'date' },
  method: { type: 'string', enum: [...RECEIPT_METHODS] },
  bankReference: text,
  note: nullableText,
  proof: { oneOf: [{ type: 'null' }, record({ fileName: text, contentType: text })] },
  status: {
    type: 'string',
    enum: [...RECEIPT_STATUSES],
    description: 'AWAITING_APPROVAL: waits for a second operator; CONFIRMED: pays the payment; REJECTED',
  },
  recordedByOperatorId: integer,
  recordedAt: instant,
  decision: {
    oneOf: [{ type: 'null' }, record({ operatorId: integer, comment: nullableText, at: instant })],
  },
};
const RECEIPT: Json = record(RECEIPT_PROPERTIES);

export const adminReceiptSchemas = (): Record<string, Json> => ({
  ManualReceipt: RECEIPT,
  ReceiptOutcome: record({
    receipt: ref('ManualReceipt'),
    paymentStatus: {
      type: 'string',
      description: 'The payment as the receipt left it (SUCCEEDED once applied)',
    },
  }),
});

export const adminReceiptPaths = (): Record<string, Json> => ({
  '/admin/receipts': {
    get: operation({
      id: 'adminListReceipts',
      summary: "Receipts across apps, newest first: filter by status (the second operators' queue)",
      action: 'payments.read',
      parameters: queryParameters(adminReceiptsQuery),
      responses: {
        200: list('A page of receipts', record({ ...RECEIPT_PROPERTIES, appId: integer })),
      },
    }),
  },
  '/admin/payments/{id}/receipts': {
    get: operation({
      id: 'adminListPaymentReceipts',
      summary: "A payment's receipts, newest first, and whether it is paid outside a gateway",
      action: 'payments.read',
      parameters: [paymentId],
      responses: {
        200: ok(
          'The receipts',
          record({
            offline: { type: 'boolean' },
            approvalsRequired: { type: ['integer', 'null'], enum: [1, 2, null] },
            receipts: { type: 'array', items: ref('ManualReceipt') },
          }),
        ),
        404: errorResponse('PAYMENT_NOT_FOUND'),
      },
    }),
    post: operation({
      id: 'adminRecordReceipt',
      summary: 'Record money a customer paid outside any gateway (bank transfer, cash, cheque)',
      description:
        "Only for a PENDING payment of the manual gateway, for its whole amount, dated today or earlier, while no other receipt stands. With one approval it stands at once and the payment's workflow applies it (SUCCEEDED, one CAPTURE, payment.succeeded); when the app asks for two, it waits for a second operator. " +
        STEP_UP,
      action: 'receipts.record',
      parameters: [paymentId],
      body: fromZod(recordReceiptBody),
      responses: {
        201: ok('The receipt and the payment as it left it', ref('ReceiptOutcome')),
        400: errorResponse('VALIDATION_ERROR (a date that is not a real day, a proof that is not its type)'),
        404: errorResponse('PAYMENT_NOT_FOUND'),
        409: errorResponse('PAYMENT_NOT_OFFLINE, PAYMENT_NOT_AWAITING_RECEIPT or RECEIPT_ALREADY_RECORDED'),
        413: errorResponse('PAYLOAD_TOO_LARGE'),
        422: errorResponse('RECEIPT_AMOUNT_MISMATCH or RECEIPT_DATE_IN_FUTURE'),
      },
    }),
  },
  ...Object.fromEntries(
    (['approve', 'reject'] as const).map((verb) => [
      `/admin/receipts/{id}/${verb}`,
      {
        post: operation({
          id: verb === 'approve' ? 'adminApproveReceipt' : 'adminRejectReceipt',
          summary:
            verb === 'approve'
              ? 'Approve a receipt waiting for a second operator: it then pays the payment'
              : 'Reject a receipt waiting for a second operator: the payment keeps waiting',
          description:
            'Decided by an operator other than the one who recorded it (403 SELF_APPROVAL_FORBIDDEN).' +
            (verb === 'approve' ? ` The payment must still be PENDING. ${STEP_UP}` : ''),
          action: 'receipts.approve',
          parameters: [receiptId],
          body: fromZod(receiptDecisionBody),
          responses: {
            200: ok('The receipt and the payment as it left it', ref('ReceiptOutcome')),
            404: errorResponse('RECEIPT_NOT_FOUND'),
            409: errorResponse('RECEIPT_NOT_AWAITING_APPROVAL or PAYMENT_NOT_AWAITING_RECEIPT'),
          },
        }),
      },
    ]),
  ),
  '/admin/receipts/{id}/proof': {
    get: operation({
      id: 'adminDownloadReceiptProof',
      summary: "A receipt's proof file, as a download",
      action: 'payments.read',
      parameters: [receiptId],
      responses: {
        200: {
          description: 'The file (application/pdf, image/png or image/jpeg), Content-Disposition: attachment',
          content: Object.fromEntries(
            PROOF_TYPES.map((type) => [
              type,
              { schema: { type: 'string', format: 'binary', contentMediaType: type } },
            ]),
          ),
        },
        404: errorResponse('RECEIPT_NOT_FOUND'),
      },
    }),
    post: operation({
      id: 'adminAttachReceiptProof',
      summary: 'Attach the proof to a receipt recorded without one',
      action: 'receipts.record',
      parameters: [receiptId],
      body: fromZod(proofBody),
      responses: {
        200: ok('The receipt', ref('ManualReceipt')),
        400: errorResponse('VALIDATION_ERROR (not its type, or the receipt has its proof already)'),
        404: errorResponse('RECEIPT_NOT_FOUND'),
        413: errorResponse('PAYLOAD_TOO_LARGE'),
      },
    }),
  },
});
