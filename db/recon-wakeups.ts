import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../domain/mode.js';
import { expectedSettlementDate } from '../domain/reconciliation.js';
import { instant, text, type Row } from './row-values.js';

/**
 * Which open settlement days a payment's late capture or a refund's late success may change: the
 * days with a line naming it that nothing matched yet (an UNKNOWN_LINE while it was not captured,
 * or not refunded), and for a capture the day it is expected on. Only days whose run is OPEN: a
 * day never reconciled or already closed is not woken (imports and the schedule start days).
 */

export interface ReconDayToWake {
  gateway: string;
  mode: Mode;
  settlementDate: string;
}

/** At most this many days are woken for one payment or refund: a line is rarely reported on more. */
const MAX_DAYS = 5;

/** What a payment or refund is known by on a settlement line, and where it may be expected. */
interface LineSubject {
  gateway: string;
  mode: Mode;
  type: 'PAYMENT' | 'REFUND';
  transactionId: string | null;
  reference: string;
  expectedDate: string | null;
}

async function openDaysFor(em: EntityManager, subject: LineSubject): Promise<ReconDayToWake[]> {
  const rows = await em.execute<Row[]>(
    `with days as (
       select l.settlement_date from settlement_lines l
        where l.gateway = ? and l.mode = ? and l.type = ? and l.gateway_transaction_id = ?
          and not exists (select 1 from recon_matches m where m.line_id = l.id)
       union
       select l.settlement_date from settlement_lines l
        where l.reference = ? and l.gateway = ? and l.mode = ? and l.type = ?
          and not exists (select 1 from recon_matches m where m.line_id = l.id)
       union
       select ?::date where ?::date is not null)
     select to_char(r.settlement_date, 'YYYY-MM-DD') as settlement_date from recon_runs r
      where r.gateway = ? and r.mode = ? and r.status = 'OPEN' and r.settlement_date in (select settlement_date from days)
      order by r.settlement_date desc limit ?`,
    [
      subject.gateway,
      subject.mode,
      subject.type,
      subject.transactionId,
      subject.reference,
      subject.gateway,
      subject.mode,
      subject.type,
      subject.expectedDate,
      subject.expectedDate,
      subject.gateway,
      subject.mode,
      MAX_DAYS,
    ],
  );
  return rows.map((row) => ({
    gateway: subject.gateway,
    mode: subject.mode,
    settlementDate: String(row.settlement_date),
  }));
}

/** The open days a payment's capture may settle or match a line on (none when it has no capture). */
export async function reconDaysForPayment(em: EntityManager, paymentId: number): Promise<ReconDayToWake[]> {
  const [row] = await em.execute<Row[]>(
    `select p.gateway, p.mode, p.reference, p.gateway_transaction_id,
            (select min(e.created_at) from journal_entries e
              where e.source_type = 'payment' and e.source_id = p.reference
                and e.kind in ('CAPTURE', 'UNAPPLIED_CAPTURE')) as captured_at
       from payments p where p.id = ?`,
    [paymentId],
  );
  const capturedAt = row ? instant(row.captured_at) : null;
  if (!row || !capturedAt || row.gateway === null) return [];
  return openDaysFor(em, {
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    type: 'PAYMENT',
    transactionId: text(row.gateway_transaction_id),
    reference: String(row.reference),
    expectedDate: expectedSettlementDate(capturedAt),
  });
}

/** The open days a refund's success may match a line on (none unless it SUCCEEDED). */
export async function reconDaysForRefund(em: EntityManager, refundId: number): Promise<ReconDayToWake[]> {
  const [row] = await em.execute<Row[]>(
    `select p.gateway, r.mode, r.reference, r.gateway_refund_id, r.status
       from refunds r join payments p on p.id = r.payment_id where r.id = ?`,
    [refundId],
  );
  if (!row || row.status !== 'SUCCEEDED' || row.gateway === null) return [];
  return openDaysFor(em, {
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    type: 'REFUND',
    transactionId: text(row.gateway_refund_id),
    reference: String(row.reference),
    expectedDate: null,
  });
}
