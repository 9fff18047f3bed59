import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import { settlementLinePath, type SearchHit, type SearchTerms } from '../../domain/reports/search.js';
import type { Row } from '../../platform/orm/row-values.js';

/**
 * Settlement report lines carrying the term as the gateway's transaction id, with the day's
 * reconciliation when it has one: where a transaction was settled, newest day first.
 */
export async function searchSettlementLines(
  em: EntityManager,
  terms: SearchTerms,
  limit: number,
): Promise<SearchHit[]> {
  const rows = await em.execute<Row[]>(
    `select l.id, l.import_id, l.gateway, l.mode, l.gateway_transaction_id, l.type, l.gross_minor,
            l.currency, l.settlement_date::text as settlement_date, r.id as run_id
       from settlement_lines l
       left join recon_runs r
         on r.gateway = l.gateway and r.mode = l.mode and r.settlement_date = l.settlement_date
      where l.gateway_transaction_id = ?
      order by l.settlement_date desc, l.id desc
      limit ?`,
    [terms.text, limit],
  );
  return rows.map((row) => ({
    kind: 'settlement-lines',
    reference: String(row.gateway_transaction_id),
    matchedOn: 'gatewayTransactionId',
    mode: row.mode as Mode,
    status: String(row.type),
    amountMinor: Number(row.gross_minor),
    currency: String(row.currency),
    appId: null,
    appName: null,
    gateway: String(row.gateway),
    phone: null,
    account: null,
    orderId: null,
    number: null,
    paymentReference: null,
    at: new Date(`${String(row.settlement_date)}T00:00:00Z`),
    path: settlementLinePath({
      runId: row.run_id == null ? null : Number(row.run_id),
      importId: Number(row.import_id),
    }),
  }));
}
