import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { OPENING_GIVES_UP_AFTER_MS } from '../../domain/payments/checkout-failover.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { PaymentMethodType } from '../../domain/payments/payment-method-type.js';
import type { PaymentStatus } from '../../domain/payments/payment-status.js';
import type { PayoutBeneficiary } from '../../domain/payouts/beneficiary.js';
import { PaymentSchema, type Payment } from '../../platform/orm/entities.js';
import { instant, json, text, type Row } from '../../platform/orm/row-values.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';

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
  | 'paymentMethod'
  | 'paymentMethodType'
  | 'gatewayValidationId'
  | 'failureReason'
  | 'attentionReason'
  | 'unappliedMinor'
  | 'unappliedCurrency'
  | 'attentionResolution'
  | 'attentionNote'
  | 'attentionResolvedBy'
  | 'attentionResolvedAt'
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

/** The order already has a payment that is open or succeeded: paying it again is refused. */
export class DuplicateOrderError extends Error {
  constructor(
    readonly orderId: string,
    readonly existing: Pick<Payment, 'reference' | 'status'>,
  ) {
    super(`Order '${orderId}' already has payment ${existing.reference} (${existing.status})`);
    this.name = 'DuplicateOrderError';
  }
}

/** The order's payment that is open or succeeded, if any (at most one: a unique index says so). */
export function findLivePaymentForOrder(
  em: EntityManager,
  scope: AppScope,
  orderId: string,
): Promise<Payment | null> {
  return selectOnePayment(
    em,
    `app_id = ? and mode = ? and order_id = ?
       and status in ('CREATED', 'PENDING', 'SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')`,
    [scope.appId, scope.mode, orderId],
  );
}

export async function insertPayment(em: EntityManager, input: NewPayment): Promise<Payment> {
  try {
    return await insertNewPayment(em, input);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A retry under the same Idempotency-Key answers with its payment, whatever else collided.
    const earlier = input.idempotencyKey
      ? await findPaymentByIdempotencyKey(em.fork(), input, input.idempotencyKey)
      : null;
    if (earlier) return earlier;
    const live = input.orderId ? await findLivePaymentForOrder(em.fork(), input, input.orderId) : null;
    if (live) throw new DuplicateOrderError(input.orderId!, live);
    throw error;
  }
}

/**
 * One statement, so one round trip and atomic without a transaction: the payment and its first
 * status change. This is the whole of a create's write; it is the hot path apps wait on.
 */
async function insertNewPayment(em: EntityManager, input: NewPayment): Promise<Payment> {
  const now = new Date();
  const rows = await executePrepared<{ payment_id: string }>(
    em,
    `with payment as (
       insert into payments (reference, app_id, mode, status, amount_minor, currency, customer_reference,
                             customer_email, customer_phone, customer_name, product_name, invoice_id, order_id, metadata,
                             return_url, cancel_url, gateway, expires_at, idempotency_key, created_at, updated_at)
       values (?, ?, ?, 'CREATED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
       returning id
     )
     insert into payment_status_changes (payment_id, from_status, to_status, reason, created_at)
     select id, null, 'CREATED', null, ?::timestamptz from payment
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
      input.orderId,
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
    paymentMethod: null,
    paymentMethodType: null,
    gatewayValidationId: null,
    failureReason: null,
    attentionReason: null,
    unappliedMinor: 0,
    unappliedCurrency: null,
    attentionResolution: null,
    attentionNote: null,
    attentionResolvedBy: null,
    attentionResolvedAt: null,
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

/*
 * The reads and writes on a payment's hot path (checkout, confirmation, settlement) are plain SQL:
 * under load, the ORM's per-call metadata walk and hydration were the largest share of the
 * worker's own CPU (see docs/decisions/0005-hot-path-without-orm.md).
 */
export const PAYMENT_COLUMNS = `id, reference, app_id, mode, status, amount_minor, currency, customer_reference,
  customer_email, customer_phone, customer_name, product_name, invoice_id, order_id, metadata, return_url,
  cancel_url, gateway, expires_at, idempotency_key, gateway_session_key, gateway_page_url, gateway_transaction_id,
  payment_method, payment_method_type, payer_account, gateway_validation_id, failure_reason, attention_reason, unapplied_minor, unapplied_currency,
  attention_resolution, attention_note, attention_resolved_by, attention_resolved_at, refunded_minor,
  created_at, updated_at, settled_at`;

/** A payments row as the driver returns it (bigint and timestamptz as text) to a Payment. */
export function paymentFromRow(row: Row): Payment {
  return {
    id: Number(row.id),
    reference: String(row.reference),
    appId: Number(row.app_id),
    mode: row.mode as Mode,
    status: row.status as PaymentStatus,
    amountMinor: Number(row.amount_minor),
    currency: String(row.currency),
    customerReference: String(row.customer_reference),
    customerEmail: text(row.customer_email),
    customerPhone: text(row.customer_phone),
    customerName: text(row.customer_name),
    productName: text(row.product_name),
    invoiceId: text(row.invoice_id),
    orderId: text(row.order_id),
    metadata: json<Payment['metadata']>(row.metadata),
    returnUrl: text(row.return_url),
    cancelUrl: text(row.cancel_url),
    gateway: text(row.gateway),
    expiresAt: instant(row.expires_at)!,
    idempotencyKey: text(row.idempotency_key),
    gatewaySessionKey: text(row.gateway_session_key),
    gatewayPageUrl: text(row.gateway_page_url),
    gatewayTransactionId: text(row.gateway_transaction_id),
    paymentMethod: text(row.payment_method),
    paymentMethodType: text(row.payment_method_type) as PaymentMethodType | null,
    payerAccount: row.payer_account == null ? null : json<PayoutBeneficiary>(row.payer_account),
    gatewayValidationId: text(row.gateway_validation_id),
    failureReason: text(row.failure_reason),
    attentionReason: text(row.attention_reason),
    unappliedMinor: Number(row.unapplied_minor ?? 0),
    unappliedCurrency: text(row.unapplied_currency),
    attentionResolution: text(row.attention_resolution) as Payment['attentionResolution'],
    attentionNote: text(row.attention_note),
    attentionResolvedBy: text(row.attention_resolved_by),
    attentionResolvedAt: instant(row.attention_resolved_at),
    refundedMinor: Number(row.refunded_minor),
    createdAt: instant(row.created_at)!,
    updatedAt: instant(row.updated_at)!,
    settledAt: instant(row.settled_at),
  };
}

async function selectOnePayment(
  em: EntityManager,
  where: string,
  params: unknown[],
): Promise<Payment | null> {
  const [row] = await executePrepared(em, `select ${PAYMENT_COLUMNS} from payments where ${where}`, params);
  return row ? paymentFromRow(row) : null;
}

export function findPaymentByReference(em: EntityManager, reference: string): Promise<Payment | null> {
  return selectOnePayment(em, 'reference = ?', [reference]);
}

export function findPaymentById(em: EntityManager, id: number): Promise<Payment | null> {
  return selectOnePayment(em, 'id = ?', [id]);
}

/**
 * A payment with the version of its app's gateway settings in its mode (`appGatewaySettingsVersion`:
 * 0 before any change), in one round trip: what opening its checkout with the settings as last
 * committed reads.
 */
export async function findPaymentWithSettingsVersion(
  em: EntityManager,
  id: number,
): Promise<{ payment: Payment; settingsVersion: number } | null> {
  const [row] = await executePrepared(
    em,
    `select ${PAYMENT_COLUMNS},
            coalesce((select v.version from app_gateway_versions v
                       where v.app_id = payments.app_id and v.mode = payments.mode), 0) as settings_version
       from payments where id = ?`,
    [id],
  );
  return row ? { payment: paymentFromRow(row), settingsVersion: Number(row.settings_version) } : null;
}

/** What a stored gateway callback claimed, as its confirmation asks the gateway about it. */
export interface StoredCallbackClaim {
  gatewayStatus: string;
  validationId: string | null;
}

/**
 * A payment with one of its stored callbacks, in one round trip: what a callback's confirmation
 * reads. The callback is null when it does not exist or belongs to another payment.
 */
export async function findPaymentWithCallback(
  em: EntityManager,
  paymentId: number,
  callbackId: number,
): Promise<{ payment: Payment; callback: StoredCallbackClaim | null } | null> {
  const [row] = await executePrepared(
    em,
    `select ${PAYMENT_COLUMNS}, callback.found as callback_found, callback.gateway_status as callback_status,
            callback.validation_id as callback_validation_id
       from payments
       left join lateral (select true as found, c.gateway_status, c.validation_id from gateway_callbacks c
                           where c.id = ? and c.payment_id = payments.id) callback on true
      where payments.id = ?`,
    [callbackId, paymentId],
  );
  if (!row) return null;
  return {
    payment: paymentFromRow(row),
    callback:
      row.callback_found === true
        ? { gatewayStatus: String(row.callback_status), validationId: text(row.callback_validation_id) }
        : null,
  };
}

/**
 * The latest valid callback stored for a payment under one of `dedupeKeys` (an unsigned return is
 * kept once per claim, `unsignedReturnKey`), if any arrived: what it claimed, and under which key.
 */
export async function latestStoredClaim(
  em: EntityManager,
  paymentId: number,
  dedupeKeys: string[],
): Promise<(StoredCallbackClaim & { dedupeKey: string }) | null> {
  const [row] = await executePrepared(
    em,
    `select dedupe_key, gateway_status, validation_id from gateway_callbacks
      where payment_id = ? and dedupe_key = any(?::text[]) and signature_valid
      order by id desc limit 1`,
    [paymentId, dedupeKeys],
  );
  return row
    ? {
        dedupeKey: String(row.dedupe_key),
        gatewayStatus: String(row.gateway_status),
        validationId: text(row.validation_id),
      }
    : null;
}

/** The payment, its row locked until the caller's transaction ends. */
export function lockPayment(tx: EntityManager, id: number): Promise<Payment | null> {
  return selectOnePayment(tx, 'id = ? for update', [id]);
}

export interface TransitionInput {
  paymentId: number;
  from: PaymentStatus[];
  to: PaymentStatus;
  reason?: string | null;
  patch?: PaymentPatch;
  /** Only while the payment is still bound to this gateway (a session opened with it). */
  gateway?: string;
}

/** The columns a transition may set besides the status, by the Payment field that names them. */
const PATCHABLE_COLUMNS = {
  gatewaySessionKey: 'gateway_session_key',
  gatewayPageUrl: 'gateway_page_url',
  gatewayTransactionId: 'gateway_transaction_id',
  paymentMethod: 'payment_method',
  paymentMethodType: 'payment_method_type',
  payerAccount: 'payer_account',
  gatewayValidationId: 'gateway_validation_id',
  failureReason: 'failure_reason',
  settledAt: 'settled_at',
  refundedMinor: 'refunded_minor',
} as const satisfies Partial<Record<keyof Payment, string>>;

export type PaymentPatch = Partial<Pick<Payment, keyof typeof PATCHABLE_COLUMNS>>;

/**
 * Moves a payment from one of `from` to `to`, with its status-change row, in one statement
 * (atomic on its own, or inside the caller's transaction). Guarded by the current status (read
 * under the row's lock), so a retried activity or a racing callback changes nothing twice.
 * Returns the payment as moved, or null when it was not in an expected state.
 */
export async function transitionPayment(tx: EntityManager, input: TransitionInput): Promise<Payment | null> {
  if (input.from.length === 0) return null;
  const now = new Date();
  const sets = ['status = ?', 'updated_at = ?'];
  const values: unknown[] = [input.to, now];
  for (const [field, value] of Object.entries(input.patch ?? {})) {
    const column = PATCHABLE_COLUMNS[field as keyof typeof PATCHABLE_COLUMNS];
    if (!column) throw new Error(`a transition cannot set ${field}`);
    // The payer's account is a JSON document (a payout beneficiary).
    const isJson = column === 'payer_account';
    sets.push(isJson ? `${column} = ?::jsonb` : `${column} = ?`);
    values.push(isJson && value != null ? JSON.stringify(value) : value);
  }
  const [row] = await executePrepared(
    tx,
    `with previous as (
       select id, status from payments where id = ? and status in (${input.from.map(() => '?').join(', ')})
          ${input.gateway === undefined ? '' : 'and gateway = ?'} for update
     ), moved as (
       update payments p set ${sets.join(', ')} from previous
        where p.id = previous.id and p.status = previous.status
       returning p.*, previous.status as from_status
     ), recorded as (
       insert into payment_status_changes (payment_id, from_status, to_status, reason, created_at)
       select id, from_status, ?::text, ?::text, ?::timestamptz from moved
     )
     select ${PAYMENT_COLUMNS} from moved`,
    [
      input.paymentId,
      ...input.from,
      ...(input.gateway === undefined ? [] : [input.gateway]),
      ...values,
      input.to,
      input.reason ?? null,
      now,
    ],
  );
  return row ? paymentFromRow(row) : null;
}

/** Flags a payment for an operator's attention; returns it as flagged. */
export async function flagPaymentForAttention(
  tx: EntityManager,
  paymentId: number,
  reason: string,
): Promise<Payment | null> {
  const [row] = await tx.execute<Row[]>(
    `update payments set attention_reason = ?, updated_at = ? where id = ? returning ${PAYMENT_COLUMNS}`,
    [reason, new Date(), paymentId],
  );
  return row ? paymentFromRow(row) : null;
}

/**
 * Records money parked for a payment, once: the first capture that could not be applied sets
 * it (and the gateway's transaction id a refund of it needs), a repeat leaves it.
 */
export async function parkUnappliedFunds(
  tx: EntityManager,
  paymentId: number,
  parked: { amountMinor: number; currency: string; gatewayTransactionId: string | null },
): Promise<Payment | null> {
  const [row] = await tx.execute<Row[]>(
    `update payments set unapplied_minor = ?, unapplied_currency = ?,
       gateway_transaction_id = coalesce(gateway_transaction_id, ?), updated_at = now()
     where id = ? and unapplied_minor = 0 returning ${PAYMENT_COLUMNS}`,
    [parked.amountMinor, parked.currency, parked.gatewayTransactionId, paymentId],
  );
  return row ? paymentFromRow(row) : null;
}

/** Closes a payment's attention flag, once; null when it was not open. */
export async function resolvePaymentAttention(
  tx: EntityManager,
  paymentId: number,
  resolution: { kind: 'REFUNDED' | 'APPLIED' | 'ACKNOWLEDGED'; note: string | null; by: string },
): Promise<Payment | null> {
  const [row] = await tx.execute<Row[]>(
    `update payments set attention_resolution = ?, attention_note = ?, attention_resolved_by = ?,
       attention_resolved_at = now(), updated_at = now()
     where id = ? and attention_reason is not null and attention_resolved_at is null
     returning ${PAYMENT_COLUMNS}`,
    [resolution.kind, resolution.note, resolution.by, paymentId],
  );
  return row ? paymentFromRow(row) : null;
}

/**
 * Binds a payment the app named no gateway for to the one its customer chose: once, while it is
 * still unopened. Returns the payment as it now stands (its gateway may be an earlier choice).
 */
export async function chooseGateway(
  em: EntityManager,
  paymentId: number,
  gateway: string,
): Promise<Payment | null> {
  const [row] = await em.execute<Row[]>(
    `update payments set gateway = ?, gateway_chosen_at_checkout = true, updated_at = now()
      where id = ? and gateway is null and status = 'CREATED'
     returning ${PAYMENT_COLUMNS}`,
    [gateway, paymentId],
  );
  return row ? paymentFromRow(row) : findPaymentById(em, paymentId);
}

/**
 * Replaces the customer's gateway choice after its session could not be opened. Guarded in the
 * one statement, so a click opening a session with the old gateway at the same moment cannot
 * leave the payment bound to one gateway with another's session: only while the payment is
 * CREATED, has no session, is still bound to `from` by its customer, and that gateway's latest
 * opening failed. Returns the payment as it now stands (unchanged when refused).
 */
export async function rebindGateway(
  em: EntityManager,
  input: { paymentId: number; from: string; to: string },
): Promise<{ rebound: boolean; payment: Payment | null }> {
  const [row] = await em.execute<Row[]>(
    `update payments p set gateway = ?, updated_at = now()
      where p.id = ? and p.gateway = ? and p.status = 'CREATED' and p.gateway_chosen_at_checkout
        and p.gateway_session_key is null and p.gateway_page_url is null
        and (select a.gateway = p.gateway
                    and (a.outcome = 'FAILED'
                         or (a.outcome = 'OPENING' and a.started_at < now() - make_interval(secs => ?)))
               from checkout_attempts a where a.payment_id = p.id order by a.id desc limit 1)
     returning ${PAYMENT_COLUMNS}`,
    [input.to, input.paymentId, input.from, OPENING_GIVES_UP_AFTER_MS / 1000],
  );
  if (row) return { rebound: true, payment: paymentFromRow(row) };
  return { rebound: false, payment: await findPaymentById(em, input.paymentId) };
}
