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
/** A unique index refused the row (PostgreSQL's 23505, whether or not the ORM converted it). */
function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof UniqueConstraintViolationException ||
    (error instanceof Error && (error as Error & { code?: string }).code === '23505')
  );
}

export async function insertPayment(em: EntityManager, input: NewPayment): Promise<Payment> {
  try {
    return await insertNewPayment(em, input);
  } catch (error) {
    if (!isUniqueViolation(error) || !input.idempotencyKey) throw error;
    const earlier = await findPaymentByIdempotencyKey(em.fork(), input, input.idempotencyKey);
    if (!earlier) throw error;
    return earlier;
  }
}

/**
 * One statement, so one round trip and atomic without a transaction: the payment and its first
 * status change. This is the whole of a create's write; it is the hot path apps wait on.
 */
async function insertNewPayment(em: EntityManager, input: NewPayment): Promise<Payment> {
  const now = new Date();
  const rows = await em.execute<Array<{ payment_id: string }>>(
    `with payment as (
       insert into payments (reference, app_id, mode, status, amount_minor, currency, customer_reference,
                             customer_email, customer_phone, customer_name, product_name, invoice_id, metadata,
                             return_url, cancel_url, gateway, expires_at, idempotency_key, created_at, updated_at)
       values (?, ?, ?, 'CREATED', ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
       returning id
     )
     insert into payment_status_changes (payment_id, from_status, to_status, reason, created_at)
     select id, null, 'CREATED', null, ? from payment
     returning payment_id`,
    [
      input.reference,
      input.appId,
      input.mode,
      input.amountMinor,
      input.currency,
      input.customerReference,
      input.customerEmail,
      input.customerPhone,
      input.customerName,
      input.productName,
      input.invoiceId,
      JSON.stringify(input.metadata),
      input.returnUrl,
      input.cancelUrl,
      input.gateway,
      input.expiresAt,
      input.idempotencyKey,
      now,
      now,
      now,
    ],
  );
  return {
    ...input,
    id: Number(rows[0]!.payment_id),
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
  };
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
