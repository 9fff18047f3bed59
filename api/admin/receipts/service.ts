import { stepUpAboveMinor } from '../../operators/step-up-limits.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadTies } from '../../../db/operators/operator-ties.js';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import type { Payment } from '../../../platform/orm/entities.js';
import {
  attachProof,
  decideReceipt,
  findReceipt,
  insertReceipt,
  listReceipts,
  lockReceipt,
  receiptsOfPayment,
  storeReceiptCallback,
  type ReceiptRecord,
} from '../../../db/payments/manual-receipts.js';
import { findPaymentForOperators } from '../../../db/payments/payment-admin.js';
import { findPaymentById, lockPayment } from '../../../db/payments/payments.js';
import { ApiError } from '../../../domain/shared/errors.js';
import {
  judgeReceiptClaim,
  judgeReceiptDecision,
  receiptNeedsStepUp,
  statusOnRecording,
  type OfflineTerms,
} from '../../../domain/payments/manual-receipts.js';
import { formatMoney, type Currency } from '../../../domain/shared/money.js';
import type { Mode } from '../../../domain/shared/mode.js';
import { currentTime, type RouteDeps } from '../../deps.js';
import { receiptApprovalsOf } from '../controls/service.js';
import { paymentIdParam } from '../../payments/payment-schemas.js';
import { stepUpFresh } from '../gateways/service.js';
import type { AdminState } from '../session.js';
import {
  proofMatchesType,
  type AdminReceiptsQuery,
  type ProofBody,
  type ProofType,
  type RecordReceiptBody,
} from './schemas.js';

/** What the JSON API and the dashboard do with manual receipts: one place each. */

const em = (deps: Pick<RouteDeps, 'orm'>) => deps.orm.em.fork() as EntityManager;

/** How long recording waits for the payment's workflow to apply a confirmed receipt before answering. */
const SETTLE_WAIT_MS = 3_000;

export function receiptView(receipt: ReceiptRecord) {
  return {
    id: receipt.id,
    paymentReference: receipt.reference,
    amountMinor: receipt.amountMinor,
    currency: receipt.currency,
    amountFormatted: formatMoney(receipt.amountMinor, receipt.currency as Currency),
    receivedOn: receipt.receivedOn,
    method: receipt.method,
    bankReference: receipt.bankReference,
    note: receipt.note,
    proof: receipt.proof,
    status: receipt.status,
    recordedByOperatorId: receipt.recordedByOperatorId,
    recordedAt: receipt.recordedAt.toISOString(),
    decision: receipt.decidedAt && {
      operatorId: receipt.decidedByOperatorId,
      comment: receipt.decisionComment,
      at: receipt.decidedAt.toISOString(),
    },
  };
}
export type ReceiptView = ReturnType<typeof receiptView>;

async function paymentOr404(deps: RouteDeps, idOrReference: string): Promise<Payment> {
  const id = paymentIdParam.safeParse(idOrReference);
  const payment = id.success ? await findPaymentForOperators(em(deps), id.data) : null;
  if (!payment) throw new ApiError('PAYMENT_NOT_FOUND');
  return payment;
}

/**
 * The payment's offline terms: its gateway's instructions and the app's receipt approvals control;
 * null when its gateway takes the money itself.
 */
export async function offlineTermsOf(deps: RouteDeps, payment: Payment): Promise<OfflineTerms | null> {
  if (!payment.gateway) return null;
  const gateway = await deps.gateways.forPayment({ ...payment, gateway: payment.gateway });
  const offline = gateway?.offlineTerms?.();
  if (!offline) return null;
  return { ...offline, approvals: await receiptApprovalsOf(em(deps), payment.appId, payment.mode) };
}

function assertStepUp(
  deps: RouteDeps,
  admin: AdminState,
  amountMinor: number,
  mode: Mode,
  doing: string,
): void {
  if (
    receiptNeedsStepUp(amountMinor, stepUpAboveMinor(deps.config, 'MANUAL_RECEIPT', mode)) &&
    !stepUpFresh(deps, admin)
  ) {
    throw new ApiError('STEP_UP_REQUIRED', `${doing} a receipt this large needs your password again`);
  }
}

/**
 * The latest day anywhere on earth: a receipt dated "today" in the merchant's time zone is never
 * refused as a future date, whatever the server's clock zone.
 */
function latestToday(deps: RouteDeps): string {
  return new Date(currentTime(deps).getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Hands a confirmed receipt to the payment's workflow as its callback. A failure here loses
 * nothing: the stored callback is handed over again by the sweeper, and the workflow asks the
 * receipts again before it expires the payment.
 */
async function handOver(deps: RouteDeps, payment: Payment, receipt: ReceiptRecord, callbackId: number) {
  await deps.orchestrator
    .notifyCallback(payment, { callbackId, confirmationKey: String(receipt.id) })
    .catch((error: unknown) =>
      deps.logger.warn({ err: error, receipt: receipt.id }, 'receipt not handed over'),
    );
  // The operator usually sees the payment paid at once; a slow workflow only means a later look.
  const deadline = Date.now() + SETTLE_WAIT_MS;
  while (Date.now() < deadline) {
    const current = await findPaymentById(em(deps), payment.id);
    if (current?.status !== 'PENDING') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ReceiptOutcome {
  receipt: ReceiptView;
  paymentStatus: string;
}

async function outcome(deps: RouteDeps, receipt: ReceiptRecord): Promise<ReceiptOutcome> {
  const payment = await findPaymentById(em(deps), receipt.paymentId);
  const current = (await findReceipt(em(deps), receipt.id)) ?? receipt;
  return { receipt: receiptView(current), paymentStatus: payment?.status ?? 'UNKNOWN' };
}

/**
 * Finance records money a customer paid outside any gateway. With one approval the receipt stands
 * at once and the payment's workflow is told; under maker-checker it waits for a second operator.
 */
export async function recordReceipt(
  deps: RouteDeps,
  admin: AdminState,
  actor: AuditActor,
  paymentIdOrReference: string,
  body: RecordReceiptBody,
): Promise<ReceiptOutcome> {
  const payment = await paymentOr404(deps, paymentIdOrReference);
  const terms = await offlineTermsOf(deps, payment);
  if (!terms) throw new ApiError('PAYMENT_NOT_OFFLINE');
  assertStepUp(deps, admin, body.amountMinor, payment.mode, 'Recording');
  const proofBytes = body.proof ? checkedProof(body.proof.contentBase64, body.proof.contentType) : null;

  const recorded = await em(deps).transactional(async (tx) => {
    const locked = await lockPayment(tx, payment.id);
    if (!locked) throw new ApiError('PAYMENT_NOT_FOUND');
    const standing = await receiptsOfPayment(tx, payment.id);
    const refusal = judgeReceiptClaim(
      locked,
      {
        amountMinor: body.amountMinor,
        currency: body.currency ?? locked.currency,
        receivedOn: body.receivedOn,
      },
      latestToday(deps),
      standing.map((r) => r.status),
    );
    if (refusal) throw new ApiError(refusal);
    const receipt = await insertReceipt(tx, {
      paymentId: locked.id,
      reference: locked.reference,
      amountMinor: body.amountMinor,
      currency: locked.currency,
      receivedOn: body.receivedOn,
      method: body.method,
      bankReference: body.bankReference,
      note: body.note ?? null,
      proof:
        body.proof && proofBytes
          ? { fileName: body.proof.fileName, contentType: body.proof.contentType, bytes: proofBytes }
          : null,
      status: statusOnRecording(terms.approvals),
      recordedBy: admin.operator.id,
    });
    if (!receipt) throw new ApiError('RECEIPT_ALREADY_RECORDED');
    const callbackId =
      receipt.status === 'CONFIRMED' ? await storeReceiptCallback(tx, receipt, locked.gateway!) : null;
    await appendAudit(tx, actor, {
      action: 'receipt.recorded',
      targetType: 'payment',
      targetId: locked.id,
      after: {
        receiptId: receipt.id,
        amountMinor: receipt.amountMinor,
        currency: receipt.currency,
        method: receipt.method,
        bankReference: receipt.bankReference,
        receivedOn: receipt.receivedOn,
        status: receipt.status,
        proof: receipt.proof?.fileName ?? null,
      },
    });
    return { receipt, callbackId, payment: locked };
  });
  if (recorded.callbackId !== null) {
    await handOver(deps, recorded.payment, recorded.receipt, recorded.callbackId);
  }
  return outcome(deps, recorded.receipt);
}

/** A second operator approves or rejects a receipt recorded under maker-checker. */
export async function decideWaitingReceipt(
  deps: RouteDeps,
  admin: AdminState,
  actor: AuditActor,
  rawId: string,
  approve: boolean,
  comment: string | null,
): Promise<ReceiptOutcome> {
  const id = /^\d{1,15}$/.test(rawId) ? Number(rawId) : NaN;
  const found = Number.isSafeInteger(id) ? await findReceipt(em(deps), id) : null;
  if (!found) throw new ApiError('RECEIPT_NOT_FOUND');
  if (approve) {
    const paid = await findPaymentById(em(deps), found.paymentId);
    assertStepUp(deps, admin, found.amountMinor, paid?.mode ?? 'LIVE', 'Approving');
  }

  const decided = await em(deps).transactional(async (tx) => {
    const payment = await lockPayment(tx, found.paymentId);
    const receipt = await lockReceipt(tx, found.id);
    if (!payment || !receipt) throw new ApiError('RECEIPT_NOT_FOUND');
    const refusal = judgeReceiptDecision(
      receipt,
      admin.operator.id,
      await loadTies(tx, receipt.recordedByOperatorId, admin.operator.id),
    );
    if (refusal === 'SELF_APPROVAL_FORBIDDEN') {
      throw new ApiError(
        refusal,
        'A receipt is confirmed by someone other than, and independent of, the operator who recorded it',
      );
    }
    if (refusal) throw new ApiError(refusal);
    // Money for a payment that no longer waits for it is not applied by an approval: reject it and
    // return the money, as for a receipt recorded too late.
    if (approve && payment.status !== 'PENDING') throw new ApiError('PAYMENT_NOT_AWAITING_RECEIPT');
    const updated = await decideReceipt(tx, receipt.id, {
      status: approve ? 'CONFIRMED' : 'REJECTED',
      operatorId: admin.operator.id,
      comment,
    });
    if (!updated) throw new ApiError('RECEIPT_NOT_AWAITING_APPROVAL');
    const callbackId = approve ? await storeReceiptCallback(tx, updated, payment.gateway!) : null;
    await appendAudit(tx, actor, {
      action: approve ? 'receipt.approved' : 'receipt.rejected',
      targetType: 'payment',
      targetId: payment.id,
      before: { receiptId: receipt.id, status: receipt.status },
      after: { receiptId: receipt.id, status: updated.status, comment },
    });
    return { receipt: updated, callbackId, payment };
  });
  if (decided.callbackId !== null) {
    await handOver(deps, decided.payment, decided.receipt, decided.callbackId);
  }
  return outcome(deps, decided.receipt);
}

/** The proof's bytes, when they are the file type they claim; else 400 naming the field. */
export function checkedProof(base64: string, type: ProofType): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0 || !proofMatchesType(bytes, type)) {
    throw new ApiError('VALIDATION_ERROR', undefined, [
      { field: 'proof.contentBase64', message: `is not a ${type} file` },
    ]);
  }
  return bytes;
}

/** A proof attached after recording (a scan that came later); once, and audited. */
export async function attachReceiptProof(
  deps: RouteDeps,
  actor: AuditActor,
  rawId: string,
  proof: { fileName: string; contentType: ProofType; bytes: Buffer },
): Promise<ReceiptView> {
  const id = /^\d{1,15}$/.test(rawId) ? Number(rawId) : NaN;
  const receipt = Number.isSafeInteger(id) ? await findReceipt(em(deps), id) : null;
  if (!receipt) throw new ApiError('RECEIPT_NOT_FOUND');
  if (!proofMatchesType(proof.bytes, proof.contentType)) {
    throw new ApiError('VALIDATION_ERROR', `The file is not a ${proof.contentType} file`);
  }
  await em(deps).transactional(async (tx) => {
    if (!(await attachProof(tx, receipt.id, proof))) {
      throw new ApiError('VALIDATION_ERROR', 'This receipt already has its proof');
    }
    await appendAudit(tx, actor, {
      action: 'receipt.proof_attached',
      targetType: 'payment',
      targetId: receipt.paymentId,
      after: { receiptId: receipt.id, proof: proof.fileName },
    });
  });
  return receiptView((await findReceipt(em(deps), receipt.id)) ?? receipt);
}

export type { ProofBody };

export async function paymentReceipts(deps: RouteDeps, paymentIdOrReference: string) {
  const payment = await paymentOr404(deps, paymentIdOrReference);
  const receipts = await receiptsOfPayment(em(deps), payment.id);
  return { payment, terms: await offlineTermsOf(deps, payment), receipts: receipts.map(receiptView) };
}

/** Receipts across apps, newest first, each with its app: the second operators' queue. */
export async function receiptList(deps: RouteDeps, query: AdminReceiptsQuery) {
  const result = await listReceipts(em(deps), {
    status: query.status,
    mode: query.mode,
    limit: query.size,
    offset: (query.page - 1) * query.size,
  });
  return {
    items: result.items.map((receipt) => ({ ...receiptView(receipt), appId: receipt.appId })),
    total: result.total,
  };
}
