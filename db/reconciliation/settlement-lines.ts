import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import type { Currency } from '../../domain/shared/money.js';
import type { SettlementLineDraft, SettlementLineType } from '../../domain/reconciliation/settlements.js';
import { executeBound } from '../../platform/orm/bound-sql.js';
import { instant, text, type Row } from '../../platform/orm/row-values.js';

/** Settlement lines (table settlement_lines): append-only facts of what a gateway paid out. */

export interface SettlementLineRecord extends SettlementLineDraft {
  id: number;
  importId: number;
  createdAt: Date;
}

/** Lines per insert: large enough to keep round trips few, small enough to keep memory bounded. */
export const SETTLEMENT_LINE_BATCH = 1000;

const COLUMNS = `id, import_id, gateway, mode, gateway_transaction_id, reference, type, currency, gross_minor,
  fee_minor, net_minor, to_char(settlement_date, 'YYYY-MM-DD') as settlement_date, payout_batch, line_key,
  created_at`;

function lineFromRow(row: Row): SettlementLineRecord {
  return {
    id: Number(row.id),
    importId: Number(row.import_id),
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    gatewayTransactionId: String(row.gateway_transaction_id),
    reference: text(row.reference),
    type: row.type as SettlementLineType,
    currency: row.currency as Currency,
    grossMinor: Number(row.gross_minor),
    feeMinor: Number(row.fee_minor),
    netMinor: Number(row.net_minor),
    settlementDate: String(row.settlement_date),
    payoutBatch: text(row.payout_batch),
    lineKey: String(row.line_key),
    createdAt: instant(row.created_at)!,
  };
}

/**
 * Stores lines under an import, one statement per batch; a line whose key is already stored (by
 * this import or an earlier one) is left as it is, and so is one stored under its older key
 * (`legacyLineKey`, keys without the mode) in the same mode: lines keep the key they were stored
 * under, since their journal entries name them by it. Returns how many were new. Call with at
 * most SETTLEMENT_LINE_BATCH lines at a time to keep each statement small.
 */
export async function insertSettlementLines(
  em: EntityManager,
  importId: number,
  lines: readonly SettlementLineDraft[],
): Promise<number> {
  if (lines.length === 0) return 0;
  const rows = lines.map((line) => ({
    gateway: line.gateway,
    mode: line.mode,
    gateway_transaction_id: line.gatewayTransactionId,
    reference: line.reference,
    type: line.type,
    currency: line.currency,
    gross_minor: line.grossMinor,
    fee_minor: line.feeMinor,
    net_minor: line.netMinor,
    settlement_date: line.settlementDate,
    payout_batch: line.payoutBatch,
    line_key: line.lineKey,
    legacy_line_key: line.legacyLineKey ?? null,
  }));
  // One JSON parameter carries the batch: no limit on bound parameters, one round trip.
  const inserted = await executeBound(
    em,
    `insert into settlement_lines (import_id, gateway, mode, gateway_transaction_id, reference, type, currency,
       gross_minor, fee_minor, net_minor, settlement_date, payout_batch, line_key)
     select ?::bigint, x.gateway, x.mode, x.gateway_transaction_id, x.reference, x.type, x.currency, x.gross_minor,
       x.fee_minor, x.net_minor, x.settlement_date, x.payout_batch, x.line_key
     from rows from (jsonb_to_recordset(?::jsonb) as (gateway text, mode text, gateway_transaction_id text,
       reference text, type text, currency text, gross_minor bigint, fee_minor bigint, net_minor bigint,
       settlement_date date, payout_batch text, line_key text, legacy_line_key text)) with ordinality as x
     where x.legacy_line_key is null
        or not exists (select 1 from settlement_lines s where s.line_key = x.legacy_line_key and s.mode = x.mode)
     order by x.ordinality
     on conflict (line_key) do nothing
     returning id`,
    [importId, JSON.stringify(rows)],
  );
  return inserted.length;
}

/** Every line a gateway settled on a day in a mode, in the order they were stored. */
export async function settlementLinesOfDay(
  em: EntityManager,
  where: { gateway: string; mode: Mode; settlementDate: string },
): Promise<SettlementLineRecord[]> {
  const rows = await em.execute<Row[]>(
    `select ${COLUMNS} from settlement_lines
     where gateway = ? and mode = ? and settlement_date = ?::date order by id`,
    [where.gateway, where.mode, where.settlementDate],
  );
  return rows.map(lineFromRow);
}

/**
 * A day's lines a page at a time, for days too large to hold at once: lines after `afterId`, at
 * most `limit` of them, in id order.
 */
export async function settlementLinesOfDayPage(
  em: EntityManager,
  where: { gateway: string; mode: Mode; settlementDate: string },
  page: { afterId: number; limit: number },
): Promise<SettlementLineRecord[]> {
  const rows = await executeBound(
    em,
    `select ${COLUMNS} from settlement_lines
     where gateway = ? and mode = ? and settlement_date = ?::date and id > ? order by id limit ?`,
    [where.gateway, where.mode, where.settlementDate, page.afterId, page.limit],
  );
  return rows.map(lineFromRow);
}

/** Lines by their ids (what a reconciliation run refers to). */
export async function settlementLinesByIds(
  em: EntityManager,
  ids: readonly number[],
): Promise<SettlementLineRecord[]> {
  if (ids.length === 0) return [];
  const rows = await executeBound(
    em,
    `select ${COLUMNS} from settlement_lines where id in (select jsonb_array_elements_text(?::jsonb)::bigint)
     order by id`,
    [JSON.stringify(ids)],
  );
  return rows.map(lineFromRow);
}

/** The lines an import brought, a page at a time (after `afterId`, in id order). */
export async function settlementLinesOfImport(
  em: EntityManager,
  importId: number,
  page: { afterId: number; limit: number },
): Promise<SettlementLineRecord[]> {
  const rows = await executeBound(
    em,
    `select ${COLUMNS} from settlement_lines where import_id = ? and id > ? order by id limit ?`,
    [importId, page.afterId, page.limit],
  );
  return rows.map(lineFromRow);
}
