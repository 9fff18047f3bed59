import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import type { Row } from '../../platform/orm/row-values.js';

/**
 * What the reports read that no list export reads already: payouts, settlement days and an app's
 * statement. A period is days in the company's zone (both ends included): the SQL turns them into
 * instants with PostgreSQL's zone rules, the zone a bound value.
 */

export interface ReportScope {
  mode: Mode;
  appId?: number;
  /** YYYY-MM-DD, included. */
  from: string;
  /** YYYY-MM-DD, included. */
  to: string;
  zone: string;
}

/** `column` within the period's days in the zone: 3 bound values (from, to, zone) after `params`. */
const WITHIN = (column: string) =>
  `${column} >= (?::date)::timestamp at time zone z.zone and ${column} < ((?::date + 1)::timestamp at time zone z.zone)`;

const BATCH = 1000;

export interface PayoutReportRow {
  id: number;
  reference: string;
  appId: number;
  appName: string | null;
  mode: Mode;
  status: string;
  rail: string;
  currency: string;
  amountMinor: number;
  feeMinor: number | null;
  beneficiaryType: string;
  narrative: string | null;
  railTransferId: string | null;
  failureReason: string | null;
  createdAt: Date;
  settledAt: Date | null;
}

/** Payouts created in the period, oldest first, a batch at a time (keyset on the id). */
export async function* payoutReportBatches(
  em: EntityManager,
  scope: ReportScope & { status?: string[]; rail?: string },
): AsyncGenerator<PayoutReportRow[]> {
  let after = 0;
  for (;;) {
    const params: unknown[] = [scope.zone, scope.mode, scope.from, scope.to, after];
    let extra = '';
    if (scope.appId !== undefined) {
      extra += ' and p.app_id = ?';
      params.push(scope.appId);
    }
    if (scope.status?.length) {
      extra += ' and p.status in (select jsonb_array_elements_text(?::jsonb))';
      params.push(JSON.stringify(scope.status));
    }
    if (scope.rail) {
      extra += ' and p.rail = ?';
      params.push(scope.rail);
    }
    params.push(BATCH);
    const rows = await em.fork().execute<Row[]>(
      `select p.id, p.reference, p.app_id, a.name as app_name, p.mode, p.status, p.rail, p.currency, p.amount_minor,
              p.fee_minor, p.beneficiary_type, p.narrative, p.rail_transfer_id, p.failure_reason, p.created_at, p.settled_at
       from (values (?::text)) as z (zone), payouts p left join apps a on a.id = p.app_id
       where p.mode = ? and ${WITHIN('p.created_at')} and p.id > ?${extra}
       order by p.id limit ?`,
      params,
    );
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      id: Number(r.id),
      reference: String(r.reference),
      appId: Number(r.app_id),
      appName: (r.app_name as string | null) ?? null,
      mode: r.mode as Mode,
      status: String(r.status),
      rail: String(r.rail),
      currency: String(r.currency),
      amountMinor: Number(r.amount_minor),
      feeMinor: r.fee_minor === null ? null : Number(r.fee_minor),
      beneficiaryType: String(r.beneficiary_type),
      narrative: (r.narrative as string | null) ?? null,
      railTransferId: (r.rail_transfer_id as string | null) ?? null,
      failureReason: (r.failure_reason as string | null) ?? null,
      createdAt: new Date(r.created_at as string),
      settledAt: r.settled_at ? new Date(r.settled_at as string) : null,
    }));
    if (rows.length < BATCH) return;
    after = Number(rows.at(-1)!.id);
  }
}

export interface SettlementDayRow {
  gateway: string;
  mode: Mode;
  settlementDate: string;
  status: string;
  currency: string | null;
  lines: number;
  matched: number;
  exceptions: number;
  openExceptions: number;
  grossMinor: number | null;
  feeMinor: number | null;
  refundsMinor: number | null;
  chargebacksMinor: number | null;
  netMinor: number | null;
  expectedNetMinor: number | null;
  closedAt: Date | null;
}

const numberOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Each gateway's settlement days in the period, one row per day and currency (one row when it had no lines). */
export async function settlementDayRows(
  em: EntityManager,
  scope: Omit<ReportScope, 'zone' | 'appId'> & { gateway?: string },
): Promise<SettlementDayRow[]> {
  const params: unknown[] = [scope.mode, scope.from, scope.to];
  const gateway = scope.gateway ? ' and r.gateway = ?' : '';
  if (scope.gateway) params.push(scope.gateway);
  const rows = await em.execute<Row[]>(
    `select r.gateway, r.mode, to_char(r.settlement_date, 'YYYY-MM-DD') as settlement_date, r.status, r.line_count,
            r.matched_count, r.exception_count, r.open_exception_count, r.closed_at, t.key as currency, t.value as totals
     from recon_runs r left join lateral jsonb_each(r.totals) t on true
     where r.mode = ? and r.settlement_date between ?::date and ?::date${gateway}
     order by r.settlement_date, r.gateway, t.key`,
    params,
  );
  return rows.map((r) => {
    const totals = (r.totals ?? null) as Record<string, unknown> | null;
    return {
      gateway: String(r.gateway),
      mode: r.mode as Mode,
      settlementDate: String(r.settlement_date),
      status: String(r.status),
      currency: (r.currency as string | null) ?? null,
      lines: Number(r.line_count),
      matched: Number(r.matched_count),
      exceptions: Number(r.exception_count),
      openExceptions: Number(r.open_exception_count),
      grossMinor: numberOrNull(totals?.grossMinor),
      feeMinor: numberOrNull(totals?.feeMinor),
      refundsMinor: numberOrNull(totals?.refundsMinor),
      chargebacksMinor: numberOrNull(totals?.chargebacksMinor),
      netMinor: numberOrNull(totals?.netMinor),
      expectedNetMinor: numberOrNull(totals?.expectedNetMinor),
      closedAt: r.closed_at ? new Date(r.closed_at as string) : null,
    };
  });
}

export interface StatementRow {
  at: Date;
  kind: 'PAYMENT' | 'REFUND' | 'PAYOUT';
  reference: string;
  paymentReference: string | null;
  gateway: string | null;
  currency: string;
  /** Signed from the app's side: a payment adds, a refund or a payout takes away. */
  grossMinor: number;
  /** What the gateway or the rail kept (the fee booked in the journal, or the payout's fee). */
  feeMinor: number;
}

/**
 * One app's money in the period: payments when they succeeded (with the gateway fee the journal
 * booked for them), refunds and payouts when they succeeded, oldest first.
 */
export async function statementRows(
  em: EntityManager,
  scope: ReportScope & { appId: number },
): Promise<StatementRow[]> {
  const rows = await em.execute<Row[]>(
    `with z (zone) as (values (?::text))
     select p.settled_at as at, 'PAYMENT' as kind, p.reference, null as payment_reference, p.gateway, p.currency,
            p.amount_minor as gross_minor,
            coalesce((select sum(po.amount_minor) from journal_entries e
                        join postings po on po.entry_id = e.id
                        join ledger_accounts la on la.id = po.account_id and la.type = 'GATEWAY_FEES'
                      where e.source_type = 'payment' and e.source_id = p.reference and e.kind = 'FEE'), 0) as fee_minor
       from z, payments p
      where p.app_id = ? and p.mode = ? and p.status in ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')
        and ${WITHIN('p.settled_at')}
     union all
     select r.settled_at, 'REFUND', r.reference, p.reference, p.gateway, r.currency, -r.amount_minor, 0
       from z, refunds r join payments p on p.id = r.payment_id
      where r.app_id = ? and r.mode = ? and r.status = 'SUCCEEDED' and ${WITHIN('r.settled_at')}
     union all
     select o.settled_at, 'PAYOUT', o.reference, null, o.rail, o.currency, -o.amount_minor, coalesce(o.fee_minor, 0)
       from z, payouts o
      where o.app_id = ? and o.mode = ? and o.status = 'SUCCEEDED' and ${WITHIN('o.settled_at')}
     order by 1, 3`,
    [
      scope.zone,
      ...[scope.appId, scope.mode, scope.from, scope.to],
      ...[scope.appId, scope.mode, scope.from, scope.to],
      ...[scope.appId, scope.mode, scope.from, scope.to],
    ],
  );
  return rows.map((r) => ({
    at: new Date(r.at as string),
    kind: r.kind as StatementRow['kind'],
    reference: String(r.reference),
    paymentReference: (r.payment_reference as string | null) ?? null,
    gateway: (r.gateway as string | null) ?? null,
    currency: String(r.currency),
    grossMinor: Number(r.gross_minor),
    feeMinor: Number(r.fee_minor),
  }));
}
