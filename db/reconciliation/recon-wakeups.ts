import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';

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

/**
 * The open days of one subject, in one statement. `subject` is a query giving at most one row of
 * what the payment or refund is known by on a settlement line (gateway, mode, type, transaction_id,
 * reference) and the day it is expected on (expected_date, or null); no row wakes nothing.
 */
async function openDaysOf(
  em: EntityManager,
  subject: { sql: string; params: unknown[] },
): Promise<ReconDayToWake[]> {
  const rows = await executePrepared(
    em,
    `with subject as (${subject.sql}),
     days as (
       select l.settlement_date from settlement_lines l join subject s
           on l.gateway = s.gateway and l.mode = s.mode and l.type = s.type
          and l.gateway_transaction_id = s.transaction_id
        where not exists (select 1 from recon_matches m where m.line_id = l.id)
       union
       select l.settlement_date from settlement_lines l join subject s
           on l.reference = s.reference and l.gateway = s.gateway and l.mode = s.mode and l.type = s.type
        where not exists (select 1 from recon_matches m where m.line_id = l.id)
       union
       select s.expected_date from subject s where s.expected_date is not null)
     select s.gateway, s.mode, to_char(r.settlement_date, 'YYYY-MM-DD') as settlement_date
       from recon_runs r join subject s on r.gateway = s.gateway and r.mode = s.mode
      where r.status = 'OPEN' and r.settlement_date in (select settlement_date from days)
      order by r.settlement_date desc limit ?`,
    [...subject.params, MAX_DAYS],
  );
  return rows.map((row) => ({
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    settlementDate: String(row.settlement_date),
  }));
}

/**
 * `expectedSettlementDate` of a timestamptz column, worked out in SQL: the calendar day after the
 * instant's day in Dhaka (UTC+6, no daylight saving). Tested against the domain's rule.
 */
export const expectedSettlementDateSql = (column: string) =>
  `((${column} at time zone 'UTC') + interval '6 hours')::date + 1`;

/**
 * The open days a payment's capture may settle or match a line on (none when it has no capture),
 * the day after its first capture's day among them.
 */
export async function reconDaysForPayment(em: EntityManager, paymentId: number): Promise<ReconDayToWake[]> {
  return openDaysOf(em, {
    sql: `select p.gateway, p.mode, 'PAYMENT'::text as type, p.gateway_transaction_id as transaction_id,
                 p.reference, ${expectedSettlementDateSql('c.captured_at')} as expected_date
            from payments p,
                 lateral (select min(e.created_at) as captured_at from journal_entries e
                           where e.source_type = 'payment' and e.source_id = p.reference
                             and e.kind in ('CAPTURE', 'UNAPPLIED_CAPTURE')) c
           where p.id = ? and p.gateway is not null and c.captured_at is not null`,
    params: [paymentId],
  });
}

/** The open days a refund's success may match a line on (none unless it SUCCEEDED). */
export async function reconDaysForRefund(em: EntityManager, refundId: number): Promise<ReconDayToWake[]> {
  return openDaysOf(em, {
    sql: `select p.gateway, r.mode, 'REFUND'::text as type, r.gateway_refund_id as transaction_id, r.reference,
                 null::date as expected_date
            from refunds r join payments p on p.id = r.payment_id
           where r.id = ? and r.status = 'SUCCEEDED' and p.gateway is not null`,
    params: [refundId],
  });
}
