import { Migration } from '@mikro-orm/migrations';

/**
 * What reached the bank, and which payout each credit was:
 * - bank_statement_imports: one per distinct statement file (by its hash) of the bank account a
 *   gateway settles to in a mode; `period_from`/`period_to` are the first and last value dates it
 *   holds (the days it speaks for).
 * - bank_statement_lines: its entries, append-only, once each by `line_key` (statements overlap).
 * - payout_receipts: a payout batch of a settlement day (gateway, mode, date, batch, currency)
 *   matched to a credit that brought it. One per credit, so a credit is never counted for two
 *   payouts; a payout sent in several transfers naming its batch has one per transfer, and at most
 *   one credit matched by amount. `payout_batch` is '' for a day's lines that name no batch.
 * - recon_runs.payout_window_days: the payout window the day is reconciled with, fixed when its
 *   workflow starts, so its cash view reads as the day was matched.
 * - recon_exceptions gains UNKNOWN_CREDIT (a credit no payout explains) and PAYOUT_MISMATCH
 *   (credits came for a payout, adding up to another amount).
 */
export class Migration20261227000000_bank_statements extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table bank_statement_imports (
        id bigserial primary key,
        gateway text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        account_name text not null,
        file_name text not null,
        file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
        line_count integer not null default 0,
        stored_line_count integer not null default 0,
        period_from date,
        period_to date,
        imported_by bigint references operators (id),
        created_at timestamptz not null default now(),
        unique (gateway, mode, file_sha256)
      );
      create index bank_statement_imports_list_idx on bank_statement_imports (created_at desc, id desc);
      create index bank_statement_imports_period_idx on bank_statement_imports (gateway, mode, period_from, period_to);

      create table bank_statement_lines (
        id bigserial primary key,
        import_id bigint not null references bank_statement_imports (id),
        gateway text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        value_date date not null,
        amount_minor bigint not null check (amount_minor <> 0),
        currency text not null check (currency ~ '^[A-Z]{3}$'),
        description text not null default '',
        bank_reference text,
        payout_batch text,
        line_key text not null unique,
        created_at timestamptz not null default now()
      );
      create index bank_statement_lines_day_idx on bank_statement_lines (gateway, mode, value_date, id);
      create index bank_statement_lines_import_idx on bank_statement_lines (import_id, id);

      create table payout_receipts (
        id bigserial primary key,
        gateway text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        settlement_date date not null,
        payout_batch text not null,
        currency text not null,
        line_id bigint not null unique references bank_statement_lines (id),
        expected_minor bigint not null,
        received_minor bigint not null,
        matched_by text not null check (matched_by in ('REFERENCE', 'AMOUNT')),
        created_at timestamptz not null default now()
      );
      create index payout_receipts_payout_idx on payout_receipts (gateway, mode, settlement_date, payout_batch, currency);
      create unique index payout_receipts_one_by_amount_idx on payout_receipts
        (gateway, mode, settlement_date, payout_batch, currency) where matched_by = 'AMOUNT';

      alter table recon_runs add column payout_window_days integer check (payout_window_days >= 0);

      alter table recon_exceptions drop constraint recon_exceptions_kind_check;
      alter table recon_exceptions add constraint recon_exceptions_kind_check check (kind in ('UNSETTLED_PAYMENT',
        'UNKNOWN_LINE', 'AMOUNT_MISMATCH', 'FEE_MISMATCH', 'DUPLICATE_LINE', 'CHARGEBACK', 'PAYOUT_MISSING',
        'PAYOUT_MISMATCH', 'UNKNOWN_CREDIT'));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      delete from recon_exceptions where kind in ('UNKNOWN_CREDIT', 'PAYOUT_MISMATCH');
      alter table recon_runs drop column payout_window_days;
      alter table recon_exceptions drop constraint recon_exceptions_kind_check;
      alter table recon_exceptions add constraint recon_exceptions_kind_check check (kind in ('UNSETTLED_PAYMENT',
        'UNKNOWN_LINE', 'AMOUNT_MISMATCH', 'FEE_MISMATCH', 'DUPLICATE_LINE', 'CHARGEBACK', 'PAYOUT_MISSING'));
      drop table payout_receipts, bank_statement_lines, bank_statement_imports;
    `);
  }
}
