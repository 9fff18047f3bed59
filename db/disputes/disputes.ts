import type { EntityManager } from '@mikro-orm/postgresql';
import {
  CHARGEBACK_DEFAULT_STATUS,
  disputeStep,
  type DisputeEntryKind,
  type DisputeStatus,
} from '../../domain/disputes/disputes.js';
import { newDisputeReference } from '../../domain/shared/ids.js';
import { disputeEntry, disputeFeeEntry, disputeReversalEntry } from '../../domain/ledger/ledger.js';
import type { Mode } from '../../domain/shared/mode.js';
import { formatMoney, type Currency } from '../../domain/shared/money.js';
import { recordEvent } from '../webhooks/events.js';
import { postJournalEntry } from '../ledger/ledger.js';
import { findPaymentById, lockPayment } from '../payments/payments.js';

/** A dispute as the database holds it. */
export interface Dispute {
  id: number;
  reference: string;
  paymentId: number;
  paymentReference: string;
  appId: number;
  gateway: string;
  mode: Mode;
  gatewayDisputeId: string;
  amountMinor: number;
  currency: Currency;
  reason: string | null;
  status: DisputeStatus;
  /** What the gateway charged for the dispute, booked to its fees (0 until it reports one). */
  feeMinor: number;
  openedAt: Date;
  closedAt: Date | null;
}

type Row = Record<string, unknown>;

const COLUMNS = `d.id, d.reference, d.payment_id, p.reference as payment_reference, d.app_id, d.gateway,
  d.mode, d.gateway_dispute_id, d.amount_minor, d.currency, d.reason, d.status, d.fee_minor, d.opened_at, d.closed_at`;

function disputeFromRow(row: Row): Dispute {
  return {
    id: Number(row.id),
    reference: String(row.reference),
    paymentId: Number(row.payment_id),
    paymentReference: String(row.payment_reference),
    appId: Number(row.app_id),
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    gatewayDisputeId: String(row.gateway_dispute_id),
    amountMinor: Number(row.amount_minor),
    currency: row.currency as Currency,
    reason: row.reason === null ? null : String(row.reason),
    status: row.status as DisputeStatus,
    feeMinor: Number(row.fee_minor ?? 0),
    openedAt: new Date(row.opened_at as string),
    closedAt: row.closed_at === null ? null : new Date(row.closed_at as string),
  };
}

/** The dispute as apps see it, in API responses and webhook payloads alike. */
export function disputeView(d: Dispute) {
  return {
    reference: d.reference,
    paymentReference: d.paymentReference,
    status: d.status,
    amountMinor: d.amountMinor,
    currency: d.currency,
    amountFormatted: formatMoney(d.amountMinor, d.currency),
    reason: d.reason,
    gateway: d.gateway,
    gatewayDisputeId: d.gatewayDisputeId,
    mode: d.mode,
    openedAt: d.openedAt.toISOString(),
    closedAt: d.closedAt?.toISOString() ?? null,
  };
}

export type DisputeView = ReturnType<typeof disputeView>;

/**
 * What disputes took back from a payment and keep (open or lost): not refundable any more. Read
 * under the payment's row lock, which recording a dispute takes too.
 */
export async function disputedMinor(em: EntityManager, paymentId: number): Promise<number> {
  const [row] = await em.execute<Array<{ total: string | null }>>(
    `select sum(amount_minor) as total from disputes where payment_id = ? and status in ('OPEN', 'LOST')`,
    [paymentId],
  );
  return Number(row?.total ?? 0);
}

/** What open or lost disputes took back from an app's payments in one mode, per currency. */
export async function disputedByCurrency(
  em: EntityManager,
  appId: number,
  mode: Mode,
): Promise<Map<string, number>> {
  const rows = await em.execute<Array<{ currency: string; total: string }>>(
    `select currency, sum(amount_minor) as total from disputes
      where app_id = ? and mode = ? and status in ('OPEN', 'LOST') group by currency`,
    [appId, mode],
  );
  return new Map(rows.map((row) => [row.currency, Number(row.total)]));
}

/** A payment's disputes, oldest first. */
export async function disputesOfPayment(em: EntityManager, paymentId: number): Promise<Dispute[]> {
  const rows = await em.execute<Row[]>(
    `select ${COLUMNS} from disputes d join payments p on p.id = d.payment_id
      where d.payment_id = ? order by d.id`,
    [paymentId],
  );
  return rows.map(disputeFromRow);
}

async function lockDispute(tx: EntityManager, gateway: string, gatewayDisputeId: string) {
  const [row] = await tx.execute<Row[]>(
    `select ${COLUMNS} from disputes d join payments p on p.id = d.payment_id
      where d.gateway = ? and d.gateway_dispute_id = ? for update of d`,
    [gateway, gatewayDisputeId],
  );
  return row ? disputeFromRow(row) : null;
}

/** What a gateway reports of a dispute, in our terms. */
export interface DisputeReport {
  paymentId: number;
  gateway: string;
  gatewayDisputeId: string;
  /** The disputed amount, in the payment's currency (a settlement line's negative amount is taken as its size). */
  amountMinor: number;
  currency: Currency;
  reason: string | null;
  status: DisputeStatus;
  /**
   * The gateway's fee for the dispute when it reports one (Stripe's dispute fee): booked once, the
   * first time it is reported, whatever the dispute's status then.
   */
  feeMinor?: number | null;
}

/** An event the step recorded, for starting its delivery once the transaction committed. */
export interface RecordedDisputeEvent {
  id: string;
  type: string;
  appId: number;
  mode: Mode;
}

export interface RecordedDispute {
  dispute: Dispute;
  /** Whether this report changed anything (false for a repeated or stale one). */
  changed: boolean;
  /** Events newly written (delivery not yet started). */
  events: RecordedDisputeEvent[];
}

export class DisputeMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DisputeMismatch';
  }
}

/**
 * Records what a gateway reports of a dispute, in the caller's transaction: the dispute row (found
 * by the gateway's dispute id, locked), its ledger entries and the events it owes the app, all
 * or nothing. A repeated or stale report (a closed dispute reported open) changes nothing; the
 * entries and events are unique per dispute too, so a retried transaction posts nothing twice.
 */
export async function recordDispute(tx: EntityManager, report: DisputeReport): Promise<RecordedDispute> {
  // The payment's row lock orders a dispute with refunds being taken (`disputedMinor`).
  const payment = await lockPayment(tx, report.paymentId);
  if (!payment) throw new DisputeMismatch(`no payment ${report.paymentId}`);
  const amountMinor = Math.abs(report.amountMinor);
  if (report.currency !== payment.currency) {
    throw new DisputeMismatch(
      `dispute ${report.gatewayDisputeId} is in ${report.currency}, payment ${payment.reference} in ${payment.currency}`,
    );
  }
  if (!Number.isSafeInteger(amountMinor) || amountMinor === 0 || amountMinor > payment.amountMinor) {
    throw new DisputeMismatch(
      `dispute ${report.gatewayDisputeId} of ${report.amountMinor} does not fit payment ${payment.reference}`,
    );
  }
  let current = await lockDispute(tx, report.gateway, report.gatewayDisputeId);
  if (current && current.paymentId !== payment.id) {
    throw new DisputeMismatch(`dispute ${report.gatewayDisputeId} belongs to another payment`);
  }
  const step = disputeStep(current?.status ?? null, report.status);
  if (!current) {
    const closed = step.status !== 'OPEN';
    const [inserted] = await tx.execute<Array<{ id: string }>>(
      `insert into disputes (reference, payment_id, app_id, gateway, mode, gateway_dispute_id, amount_minor,
                             currency, reason, status, closed_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${closed ? 'now()' : 'null'})
       on conflict (gateway, gateway_dispute_id) do nothing returning id`,
      [
        newDisputeReference(),
        payment.id,
        payment.appId,
        report.gateway,
        payment.mode,
        report.gatewayDisputeId,
        amountMinor,
        payment.currency,
        report.reason,
        step.status,
      ],
    );
    if (!inserted) return recordDispute(tx, report); // another transaction recorded it first: it exists now
    current = (await lockDispute(tx, report.gateway, report.gatewayDisputeId))!;
  } else if (step.changed) {
    await tx.execute(
      `update disputes set status = ?, closed_at = ${step.status === 'OPEN' ? 'null' : 'now()'},
              reason = coalesce(?, reason), updated_at = now() where id = ?`,
      [step.status, report.reason, current.id],
    );
    current = (await lockDispute(tx, report.gateway, report.gatewayDisputeId))!;
  }
  let dispute = current;
  for (const kind of step.entries) await postEntry(tx, kind, dispute);
  dispute = await bookDisputeFee(tx, dispute, report.feeMinor ?? null);
  const events: RecordedDisputeEvent[] = [];
  for (const type of step.events) {
    // dispute.created tells of the dispute as it opened, even when it is first heard of closed.
    const snapshot =
      type === 'dispute.created' ? { ...dispute, status: 'OPEN' as const, closedAt: null } : dispute;
    const recorded = await recordEvent(tx, {
      appId: dispute.appId,
      mode: dispute.mode,
      type,
      sourceType: 'dispute',
      sourceId: dispute.reference,
      data: disputeView(snapshot),
    });
    if (recorded.created)
      events.push({ id: recorded.eventId, type, appId: dispute.appId, mode: dispute.mode });
  }
  return { dispute, changed: step.changed, events };
}

async function postEntry(tx: EntityManager, kind: DisputeEntryKind, dispute: Dispute): Promise<void> {
  const input = {
    disputeReference: dispute.reference,
    appId: String(dispute.appId),
    gateway: dispute.gateway,
    mode: dispute.mode,
    currency: dispute.currency,
    amountMinor: dispute.amountMinor,
  };
  const draft = kind === 'DISPUTE' ? disputeEntry(input) : disputeReversalEntry(input);
  if (draft) await postJournalEntry(tx, draft);
}

/**
 * The gateway's dispute fee, booked the first time the gateway reports one: the fee is kept on the
 * dispute and posted as DISPUTE_FEE (gateway fees ← clearing). A fee reported again (every later
 * notice carries it) finds it booked and posts nothing; so does a retried transaction, the entry
 * being unique per dispute and kind. A won dispute's reversal leaves it: the gateway keeps its fee.
 */
async function bookDisputeFee(
  tx: EntityManager,
  dispute: Dispute,
  feeMinor: number | null,
): Promise<Dispute> {
  if (feeMinor === null || dispute.feeMinor > 0) return dispute;
  if (!Number.isSafeInteger(feeMinor) || feeMinor <= 0) return dispute;
  await tx.execute(`update disputes set fee_minor = ?, updated_at = now() where id = ? and fee_minor = 0`, [
    feeMinor,
    dispute.id,
  ]);
  const booked = { ...dispute, feeMinor };
  const draft = disputeFeeEntry({
    disputeReference: booked.reference,
    gateway: booked.gateway,
    mode: booked.mode,
    currency: booked.currency,
    feeMinor,
  });
  if (draft) await postJournalEntry(tx, draft);
  return booked;
}

/** A chargeback a settlement report shows for one of our payments. */
export interface ChargebackInput {
  paymentId: number;
  gateway: string;
  mode: Mode;
  /**
   * The gateway's id of the chargeback; when the report gives it none, the line's key
   * (`settlementLineKey`): a repeated line is then the same chargeback, a second chargeback of the
   * same payment another.
   */
  gatewayDisputeId: string;
  /** The charged-back amount; a settlement line's negative gross is taken as its size. */
  amountMinor: number;
  currency: Currency;
  reason: string | null;
  /**
   * What the gateway says of its outcome, when it says: a settlement line reports money already
   * taken and no later outcome, so a chargeback is LOST unless told otherwise.
   */
  status?: DisputeStatus;
}

/**
 * A chargeback line of any gateway's settlement becomes a dispute, with the same ledger entries
 * and webhooks as a Stripe dispute. Stripe's own disputes come from its webhooks: a Stripe
 * balance transaction of a dispute is the money withdrawn (`status: 'OPEN'`), not its outcome.
 * Runs in the caller's transaction when there is one (a savepoint), else in its own. The events'
 * deliveries are started by the caller once committed (`events`), or by the sweeper that drives
 * every undelivered event.
 */
export async function recordChargeback(em: EntityManager, input: ChargebackInput): Promise<RecordedDispute> {
  return em.transactional(async (tx) => {
    const payment = await findPaymentById(tx as EntityManager, input.paymentId);
    if (!payment) throw new DisputeMismatch(`no payment ${input.paymentId}`);
    if (payment.mode !== input.mode || payment.gateway !== input.gateway) {
      throw new DisputeMismatch(
        `chargeback ${input.gatewayDisputeId} (${input.gateway} ${input.mode}) is not of payment ${payment.reference}`,
      );
    }
    return recordDispute(tx as EntityManager, {
      paymentId: input.paymentId,
      gateway: input.gateway,
      gatewayDisputeId: input.gatewayDisputeId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      reason: input.reason,
      status: input.status ?? CHARGEBACK_DEFAULT_STATUS,
    });
  });
}

/** The payment a gateway's transaction id names (Stripe's PaymentIntent), with what a dispute needs. */
export async function paymentByGatewayTransaction(
  em: EntityManager,
  gateway: string,
  gatewayTransactionId: string,
): Promise<{ id: number; reference: string; appId: number; mode: Mode; gateway: string } | null> {
  const [row] = await em.execute<Row[]>(
    `select id, reference, app_id, mode, gateway from payments
      where gateway = ? and gateway_transaction_id = ? order by id desc limit 1`,
    [gateway, gatewayTransactionId],
  );
  return row
    ? {
        id: Number(row.id),
        reference: String(row.reference),
        appId: Number(row.app_id),
        mode: row.mode as Mode,
        gateway: String(row.gateway),
      }
    : null;
}

/**
 * Open disputes of `gateways` that nothing was heard of since `quietSince` (no notice changed
 * them, nobody asked the gateway), by id after `afterId`: those to ask the gateway about again.
 */
export async function quietOpenDisputes(
  em: EntityManager,
  input: { gateways: readonly string[]; quietSince: Date; afterId: number; limit: number },
): Promise<number[]> {
  if (input.gateways.length === 0) return [];
  const rows = await em.execute<Array<{ id: string }>>(
    `select id from disputes
      where status = 'OPEN' and id > ? and gateway in (${input.gateways.map(() => '?').join(', ')})
        and greatest(checked_at, updated_at) < ?
      order by id limit ?`,
    [input.afterId, ...input.gateways, input.quietSince, input.limit],
  );
  return rows.map((row) => Number(row.id));
}

/** A dispute with what asking its gateway about it needs: its payment's app, mode and transaction. */
export async function disputeToRecheck(em: EntityManager, disputeId: number) {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS}, p.gateway_transaction_id from disputes d join payments p on p.id = d.payment_id
      where d.id = ?`,
    [disputeId],
  );
  if (!row) return null;
  return {
    dispute: disputeFromRow(row),
    gatewayTransactionId: row.gateway_transaction_id === null ? null : String(row.gateway_transaction_id),
  };
}

/** The gateway was asked about the dispute now: it is not asked again until it has been quiet a while. */
export async function markDisputeChecked(em: EntityManager, disputeId: number): Promise<void> {
  await em.execute(`update disputes set checked_at = now() where id = ?`, [disputeId]);
}
