import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import type { Currency } from '../../domain/shared/money.js';
import {
  expectedSettlementDate,
  targetKey,
  type PaymentCandidate,
  type RefundCandidate,
} from '../../domain/reconciliation/reconciliation.js';
import { executeBound } from '../../platform/orm/bound-sql.js';
import { instant, text, type Row } from '../../platform/orm/row-values.js';

/**
 * What settlement lines may be matched to, read in batches (one statement per batch, never one
 * per line): payments with their capture and booked fee from the ledger, refunds, and which of
 * them a line has already claimed.
 */

/**
 * A payment's capture (the gateway holds its money) and the fee booked with it, from the ledger.
 * Its amount is what the gateway captured, as the capture entry booked it: a capture not applied
 * at the amount asked (10,500 for 10,000) settles at 10,500.
 */
const PAYMENT_COLUMNS = `p.id, p.reference, p.gateway_transaction_id,
  coalesce(cap.captured_minor, p.amount_minor) as amount_minor, p.currency, p.status,
  cap.created_at as captured_at,
  coalesce((select po.amount_minor from journal_entries fe
             join postings po on po.entry_id = fe.id join ledger_accounts fa on fa.id = po.account_id
            where fe.source_type = 'payment' and fe.source_id = p.reference and fe.kind = 'FEE'
              and fa.type = 'GATEWAY_FEES' limit 1), 0) as fee_booked_minor`;

/** Each kind looked up by the entries' unique (source_type, source_id, kind) index; CAPTURE first. */
const CAPTURE_JOIN = `left join lateral (
    select ce.created_at,
           (select abs(po.amount_minor) from postings po join ledger_accounts ca on ca.id = po.account_id
             where po.entry_id = ce.id and ca.type = 'GATEWAY_CLEARING' limit 1) as captured_minor
      from journal_entries ce
     where ce.source_type = 'payment' and ce.source_id = p.reference and ce.kind in ('CAPTURE', 'UNAPPLIED_CAPTURE')
     order by ce.kind = 'CAPTURE' desc limit 1) cap on true`;

function paymentFromRow(row: Row): PaymentCandidate {
  const capturedAt = instant(row.captured_at);
  return {
    id: Number(row.id),
    reference: String(row.reference),
    gatewayTransactionId: text(row.gateway_transaction_id),
    amountMinor: Number(row.amount_minor),
    feeBookedMinor: Number(row.fee_booked_minor),
    currency: row.currency as Currency,
    status: String(row.status),
    capturedAt: capturedAt ? capturedAt.toISOString() : null,
    expectedSettlementDate: capturedAt ? expectedSettlementDate(capturedAt) : null,
  };
}

function refundFromRow(row: Row): RefundCandidate {
  return {
    id: Number(row.id),
    reference: String(row.reference),
    gatewayRefundId: text(row.gateway_refund_id),
    amountMinor: Number(row.amount_minor),
    currency: row.currency as Currency,
    status: String(row.status),
  };
}

const asJson = (values: readonly unknown[]) => JSON.stringify(values);

/** Payments of a gateway and mode named by the gateway's transaction ids or our references. */
export async function paymentCandidates(
  em: EntityManager,
  where: { gateway: string; mode: Mode },
  keys: { transactionIds: readonly string[]; references: readonly string[]; ids?: readonly number[] },
): Promise<PaymentCandidate[]> {
  if (keys.transactionIds.length + keys.references.length + (keys.ids?.length ?? 0) === 0) return [];
  // Each kind of key joins its own index; the union names each payment once.
  const rows = await executeBound(
    em,
    `with hits as (
       select p.id from jsonb_array_elements_text(?::jsonb) k(txn)
         join payments p on p.gateway = ? and p.gateway_transaction_id = k.txn and p.gateway_transaction_id is not null
       union
       select p.id from jsonb_array_elements_text(?::jsonb) r(ref) join payments p on p.reference = r.ref
       union
       select p.id from jsonb_array_elements_text(?::jsonb) i(id) join payments p on p.id = i.id::bigint)
     select ${PAYMENT_COLUMNS} from hits h join payments p on p.id = h.id ${CAPTURE_JOIN}
      where p.mode = ?`,
    [asJson(keys.transactionIds), where.gateway, asJson(keys.references), asJson(keys.ids ?? []), where.mode],
  );
  return rows.map(paymentFromRow);
}

/**
 * Payments of a gateway and mode whose capture falls in [from, to) (those expected to settle on
 * one date), a page at a time after `afterId`.
 */
export async function paymentsCapturedBetween(
  em: EntityManager,
  where: { gateway: string; mode: Mode; from: Date; to: Date },
  page: { afterId: number; limit: number },
): Promise<PaymentCandidate[]> {
  const rows = await executeBound(
    em,
    `select ${PAYMENT_COLUMNS} from journal_entries captured
       join payments p on p.reference = captured.source_id ${CAPTURE_JOIN}
      where captured.source_type = 'payment' and captured.kind in ('CAPTURE', 'UNAPPLIED_CAPTURE')
        and captured.created_at >= ? and captured.created_at < ? and captured.mode = ?
        and p.gateway = ? and p.mode = ? and p.id > ?
      order by p.id limit ?`,
    [where.from, where.to, where.mode, where.gateway, where.mode, page.afterId, page.limit],
  );
  return rows.map(paymentFromRow);
}

/** Refunds of a mode named by the gateway's refund ids or our references (their payment on this gateway). */
export async function refundCandidates(
  em: EntityManager,
  where: { gateway: string; mode: Mode },
  keys: { refundIds: readonly string[]; references: readonly string[] },
): Promise<RefundCandidate[]> {
  if (keys.refundIds.length + keys.references.length === 0) return [];
  const rows = await executeBound(
    em,
    `select r.id, r.reference, r.gateway_refund_id, r.amount_minor, r.currency, r.status
       from refunds r join payments p on p.id = r.payment_id
      where r.mode = ? and p.gateway = ? and r.id in (
        select id from refunds where gateway_refund_id in (select jsonb_array_elements_text(?::jsonb))
        union select id from refunds where reference in (select jsonb_array_elements_text(?::jsonb)))`,
    [where.mode, where.gateway, asJson(keys.refundIds), asJson(keys.references)],
  );
  return rows.map(refundFromRow);
}

/**
 * Which of these payments and refunds a line already claimed outside the lines being matched: a
 * match made before (any day), a fee difference waiting in another day's run, or an adjustment
 * finance posted for a payment no line settled (it emptied the payment's clearing: a line that
 * comes later would empty it twice). Those settled by such an adjustment are also added to
 * `adjusted`, when given, so their later line says so.
 */
export async function claimedTargets(
  em: EntityManager,
  targets: { paymentIds: readonly number[]; refundIds: readonly number[] },
  exceptRunId: number,
  adjusted?: Set<string>,
): Promise<Set<string>> {
  if (targets.paymentIds.length + targets.refundIds.length === 0) return new Set();
  const rows = await executeBound(
    em,
    // Each id list by its own index, joined id by id: an OR of the two made every batch scan all
    // of the matches, and so did a hashed `in (select ...)` once the day had many of them.
    `select m.payment_id, m.refund_id, false as by_adjustment from jsonb_array_elements_text(?::jsonb) k(id)
       join recon_matches m on m.payment_id = k.id::bigint
     union all
     select m.payment_id, m.refund_id, false from jsonb_array_elements_text(?::jsonb) k(id)
       join recon_matches m on m.refund_id = k.id::bigint
     union all
     select payment_id, refund_id, false from recon_exceptions
      where kind = 'FEE_MISMATCH' and status = 'OPEN' and run_id <> ?
        and (payment_id in (select jsonb_array_elements_text(?::jsonb)::bigint)
          or refund_id in (select jsonb_array_elements_text(?::jsonb)::bigint))
     union all
     select payment_id, null, true from recon_exceptions
      where kind = 'UNSETTLED_PAYMENT' and status = 'RESOLVED' and action = 'POST_ADJUSTMENT'
        and payment_id in (select jsonb_array_elements_text(?::jsonb)::bigint)`,
    [
      asJson(targets.paymentIds),
      asJson(targets.refundIds),
      exceptRunId,
      asJson(targets.paymentIds),
      asJson(targets.refundIds),
      asJson(targets.paymentIds),
    ],
  );
  const claimed = new Set<string>();
  for (const row of rows) {
    if (row.payment_id !== null) {
      const key = targetKey({ type: 'payment', id: Number(row.payment_id) });
      claimed.add(key);
      if (row.by_adjustment === true) adjusted?.add(key);
    }
    if (row.refund_id !== null) claimed.add(targetKey({ type: 'refund', id: Number(row.refund_id) }));
  }
  return claimed;
}

/** Which of these lines are matched already (settled, or accepted by an operator). */
export async function matchedLineIds(em: EntityManager, lineIds: readonly number[]): Promise<Set<number>> {
  if (lineIds.length === 0) return new Set();
  const rows = await executeBound(
    em,
    `select line_id from recon_matches where line_id in (select jsonb_array_elements_text(?::jsonb)::bigint)`,
    [asJson(lineIds)],
  );
  return new Set(rows.map((r) => Number(r.line_id)));
}
