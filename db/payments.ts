import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../domain/mode.js';
import type { PaymentStatus } from '../domain/payment-status.js';
import { PaymentSchema, PaymentStatusChangeSchema, type Payment } from './entities.js';

/** Every app-facing read goes through a scope, so no call site can forget app or mode. */
export interface AppScope {
  appId: number;
  mode: Mode;
}

export type NewPayment = Omit<
  Payment,
  | 'id'
  | 'status'
  | 'gatewaySessionKey'
  | 'gatewayPageUrl'
  | 'gatewayTransactionId'
  | 'gatewayValidationId'
  | 'failureReason'
  | 'attentionReason'
  | 'refundedMinor'
  | 'createdAt'
  | 'updatedAt'
  | 'settledAt'
>;

/**
 * Inserts a payment with its first status change. Two racing requests with the same
 * Idempotency-Key cannot both insert: the second gets the first one's payment.
 */
export async function insertPayment(em: EntityManager, input: NewPayment): Promise<Payment> {
  try {
    return await insertNewPayment(em, input);
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException) || !input.idempotencyKey) throw error;
    const earlier = await findPaymentByIdempotencyKey(em.fork(), input, input.idempotencyKey);
    if (!earlier) throw error;
    return earlier;
  }
}

async function insertNewPayment(em: EntityManager, input: NewPayment): Promise<Payment> {
  return em.transactional(async (tx) => {
    const now = new Date();
    const payment = tx.create(PaymentSchema, {
      ...input,
      status: 'CREATED',
      gatewaySessionKey: null,
      gatewayPageUrl: null,
      gatewayTransactionId: null,
      gatewayValidationId: null,
      failureReason: null,
      attentionReason: null,
      refundedMinor: 0,
      createdAt: now,
      updatedAt: now,
      settledAt: null,
    });
    await tx.flush();
    tx.create(PaymentStatusChangeSchema, {
      paymentId: payment.id,
      fromStatus: null,
      toStatus: 'CREATED',
      reason: null,
      createdAt: now,
    });
    await tx.flush();
    return payment;
  });
}

export async function findPaymentByIdempotencyKey(
  em: EntityManager,
  scope: AppScope,
  idempotencyKey: string,
): Promise<Payment | null> {
  return em.findOne(PaymentSchema, { appId: scope.appId, mode: scope.mode, idempotencyKey });
}

/** Numeric id or reference, only within the app's own scope. */
export async function findScopedPayment(
  em: EntityManager,
  scope: AppScope,
  idOrReference: string,
): Promise<Payment | null> {
  const byId = /^\d{1,15}$/.test(idOrReference);
  const where = byId ? { id: Number(idOrReference) } : { reference: idOrReference };
  return em.findOne(PaymentSchema, { ...where, appId: scope.appId, mode: scope.mode });
}

export async function findPaymentByReference(em: EntityManager, reference: string): Promise<Payment | null> {
  return em.findOne(PaymentSchema, { reference });
}

export async function findPaymentById(em: EntityManager, id: number): Promise<Payment | null> {
  return em.findOne(PaymentSchema, { id });
}

export interface TransitionInput {
  paymentId: number;
  from: PaymentStatus[];
  to: PaymentStatus;
  reason?: string | null;
  patch?: Partial<Payment>;
}

/**
 * Moves a payment from one of `from` to `to` inside the caller's transaction. Guarded by the
 * current status, so a retried activity or a racing callback changes nothing twice.
 * Returns false when the payment was not in an expected state.
 */
export async function transitionPayment(tx: EntityManager, input: TransitionInput): Promise<boolean> {
  const current = await tx.findOne(
    PaymentSchema,
    { id: input.paymentId },
    { fields: ['id', 'status'], disableIdentityMap: true },
  );
  if (!current || !input.from.includes(current.status)) return false;
  const now = new Date();
  const changed = await tx.nativeUpdate(
    PaymentSchema,
    { id: input.paymentId, status: current.status },
    { ...input.patch, status: input.to, updatedAt: now },
  );
  if (changed !== 1) return false;
  await tx.insert(PaymentStatusChangeSchema, {
    paymentId: input.paymentId,
    fromStatus: current.status,
    toStatus: input.to,
    reason: input.reason ?? null,
    createdAt: now,
  });
  return true;
}
