import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import type { Currency } from '../../domain/shared/money.js';
import type { ExpectedPayout, PayoutMatch } from '../../domain/reconciliation/payout-matching.js';
import { text, type Row } from '../../platform/orm/row-values.js';

/**
 * Payouts and the credits that brought them (table payout_receipts). A payout is what a settlement
 * day's lines of one batch and currency add up to; a day's lines naming no batch are one payout,
 * stored with batch ''.
 */

export interface PayoutAccount {
  gateway: string;
  mode: Mode;
}

const batchOf = (stored: unknown): string | null => {
  const value = text(stored);
  return value === null || value === '' ? null : value;
};

/** The payouts the account's settlement lines expect on days in [from, to]. */
export async function expectedPayouts(
  em: EntityManager,
  account: PayoutAccount,
  span: { from: string; to: string },
): Promise<ExpectedPayout[]> {
  const rows = await em.execute<Row[]>(
    `select to_char(settlement_date, 'YYYY-MM-DD') as settlement_date, coalesce(payout_batch, '') as payout_batch,
            currency, sum(net_minor) as amount_minor
       from settlement_lines
      where gateway = ? and mode = ? and settlement_date between ?::date and ?::date
      group by settlement_date, coalesce(payout_batch, ''), currency
      order by settlement_date, 2, currency`,
    [account.gateway, account.mode, span.from, span.to],
  );
  return rows.map((row) => ({
    settlementDate: String(row.settlement_date),
    payoutBatch: batchOf(row.payout_batch),
    currency: row.currency as Currency,
    amountMinor: Number(row.amount_minor),
  }));
}

export interface PayoutReceipt {
  settlementDate: string;
  payoutBatch: string | null;
  currency: Currency;
  lineId: number;
  receivedMinor: number;
  matchedBy: 'REFERENCE' | 'AMOUNT';
  valueDate: string;
  description: string;
  bankReference: string | null;
}

/** The receipts of payouts of days in [from, to], one per credit, with the credit each came by. */
export async function payoutReceipts(
  em: EntityManager,
  account: PayoutAccount,
  span: { from: string; to: string },
): Promise<PayoutReceipt[]> {
  const rows = await em.execute<Row[]>(
    `select to_char(r.settlement_date, 'YYYY-MM-DD') as settlement_date, r.payout_batch, r.currency, r.line_id,
            r.received_minor, r.matched_by, to_char(l.value_date, 'YYYY-MM-DD') as value_date, l.description,
            l.bank_reference
       from payout_receipts r join bank_statement_lines l on l.id = r.line_id
      where r.gateway = ? and r.mode = ? and r.settlement_date between ?::date and ?::date
      order by r.settlement_date, r.payout_batch, r.currency, l.value_date, r.id`,
    [account.gateway, account.mode, span.from, span.to],
  );
  return rows.map((row) => ({
    settlementDate: String(row.settlement_date),
    payoutBatch: batchOf(row.payout_batch),
    currency: row.currency as Currency,
    lineId: Number(row.line_id),
    receivedMinor: Number(row.received_minor),
    matchedBy: row.matched_by as PayoutReceipt['matchedBy'],
    valueDate: String(row.value_date),
    description: String(row.description),
    bankReference: text(row.bank_reference),
  }));
}

/**
 * Records matches; a credit matched meanwhile (another day's run, a retried activity) keeps its
 * first match, so a credit is never counted twice, and a payout keeps at most one credit taken by
 * amount.
 */
export async function insertPayoutReceipts(
  tx: EntityManager,
  account: PayoutAccount,
  receipts: ReadonlyArray<{ payout: ExpectedPayout; match: PayoutMatch; receivedMinor: number }>,
): Promise<void> {
  if (receipts.length === 0) return;
  await tx.execute(
    `insert into payout_receipts (gateway, mode, settlement_date, payout_batch, currency, line_id, expected_minor,
       received_minor, matched_by)
     select ?, ?, x.settlement_date, x.payout_batch, x.currency, x.line_id, x.expected_minor, x.received_minor,
       x.matched_by
       from jsonb_to_recordset(?::jsonb) as x(settlement_date date, payout_batch text, currency text,
         line_id bigint, expected_minor bigint, received_minor bigint, matched_by text)
     order by x.settlement_date, x.payout_batch, x.currency
     on conflict do nothing`,
    [
      account.gateway,
      account.mode,
      JSON.stringify(
        receipts.map((r) => ({
          settlement_date: r.payout.settlementDate,
          payout_batch: r.payout.payoutBatch ?? '',
          currency: r.payout.currency,
          line_id: r.match.creditId,
          expected_minor: r.payout.amountMinor,
          received_minor: r.receivedMinor,
          matched_by: r.match.by,
        })),
      ),
    ],
  );
}

/**
 * Lets go of credits matched by amount to payouts of the day whose amount has changed since (a
 * late line joined the batch): such a credit was only ever taken for its amount, so it is matched
 * afresh. A credit that named its batch stays that batch's, whatever the amounts say.
 */
export async function releaseStaleAmountMatches(
  tx: EntityManager,
  account: PayoutAccount,
  settlementDate: string,
): Promise<void> {
  await tx.execute(
    `delete from payout_receipts r
      where r.gateway = ? and r.mode = ? and r.settlement_date = ?::date and r.matched_by = 'AMOUNT'
        and r.received_minor <> coalesce((select sum(l.net_minor) from settlement_lines l
              where l.gateway = r.gateway and l.mode = r.mode and l.settlement_date = r.settlement_date
                and coalesce(l.payout_batch, '') = r.payout_batch and l.currency = r.currency), 0)`,
    [account.gateway, account.mode, settlementDate],
  );
}
