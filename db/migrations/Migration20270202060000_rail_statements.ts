import { Migration } from '@mikro-orm/migrations';

/**
 * Payouts reconciled against each rail's own statement of a day:
 * - rail_statement_imports: one per distinct statement file (by its hash) of a rail (bkash, nagad,
 *   bank) in a mode, speaking for one day (`statement_date`, Bangladesh time).
 * - rail_statement_lines: its lines, append-only, once each by `line_key`: the rail's transaction
 *   id, our payout reference, the amount and the fee the rail charged; `direction` DEBIT for money
 *   sent, CREDIT for money that came back (a bank return).
 * - recon_exceptions gains the rail kinds, and names the payout and the statement line it is about.
 * - file_uploads carries rail statements to the worker as it carries settlement reports.
 * - journal_entries gains RAIL_ADJUSTMENT (the rail's disbursement balance against recon
 *   adjustments) and RAIL_FEE_ADJUSTMENT (the rail's fees against its disbursement balance), both
 *   posted once per exception finance resolves.
 */
export class Migration20270202060000_rail_statements extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table rail_statement_imports (
        id bigserial primary key,
        rail text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        statement_date date not null,
        file_name text not null,
        file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
        line_count integer not null default 0,
        stored_line_count integer not null default 0,
        imported_by bigint references operators (id),
        created_at timestamptz not null default now(),
        unique (rail, mode, file_sha256)
      );
      create index rail_statement_imports_list_idx on rail_statement_imports (created_at desc, id desc);

      create table rail_statement_lines (
        id bigserial primary key,
        import_id bigint not null references rail_statement_imports (id),
        rail text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        value_date date not null,
        direction text not null check (direction in ('DEBIT', 'CREDIT')),
        rail_transaction_id text not null,
        reference text,
        amount_minor bigint not null check (amount_minor > 0),
        fee_minor bigint not null check (fee_minor >= 0),
        currency text not null check (currency ~ '^[A-Z]{3}$'),
        line_key text not null unique,
        created_at timestamptz not null default now()
      );
      create index rail_statement_lines_day_idx on rail_statement_lines (rail, mode, value_date, id);
      create index rail_statement_lines_reference_idx on rail_statement_lines (rail, mode, reference)
        where reference is not null;

      alter table recon_exceptions
        add column payout_id bigint references payouts (id),
        add column rail_line_id bigint references rail_statement_lines (id);
      alter table recon_exceptions drop constraint recon_exceptions_kind_check;
      alter table recon_exceptions add constraint recon_exceptions_kind_check check (kind in ('UNSETTLED_PAYMENT',
        'UNKNOWN_LINE', 'AMOUNT_MISMATCH', 'FEE_MISMATCH', 'DUPLICATE_LINE', 'CHARGEBACK', 'PAYOUT_MISSING',
        'PAYOUT_MISMATCH', 'UNKNOWN_CREDIT', 'RAIL_UNEXPECTED_TRANSFER', 'RAIL_TRANSFER_MISSING',
        'RAIL_AMOUNT_MISMATCH', 'RAIL_FEE_MISMATCH', 'RAIL_DUPLICATE_LINE'));

      alter table file_uploads drop constraint file_uploads_kind_check;
      alter table file_uploads add constraint file_uploads_kind_check
        check (kind in ('settlement_report', 'bank_statement', 'rail_statement'));

      alter table journal_entries
        drop constraint journal_entries_source_check,
        drop constraint journal_entries_kind_check,
        add constraint journal_entries_kind_check check (kind in
          ('CAPTURE', 'FEE', 'UNAPPLIED_CAPTURE', 'UNAPPLIED_APPLIED', 'REFUND', 'UNAPPLIED_REFUND',
           'SETTLEMENT', 'FEE_ADJUSTMENT', 'DISPUTE', 'DISPUTE_REVERSAL', 'DISPUTE_FEE', 'ADJUSTMENT',
           'PAYOUT', 'PAYOUT_SENT', 'PAYOUT_FEE', 'PAYOUT_REVERSAL', 'PAYOUT_RETURN',
           'RAIL_ADJUSTMENT', 'RAIL_FEE_ADJUSTMENT')),
        add constraint journal_entries_source_check check (source_type = case
          when kind in ('CAPTURE', 'FEE', 'UNAPPLIED_CAPTURE', 'UNAPPLIED_APPLIED') then 'payment'
          when kind in ('REFUND', 'UNAPPLIED_REFUND') then 'refund'
          when kind in ('SETTLEMENT', 'FEE_ADJUSTMENT') then 'settlement_line'
          when kind in ('DISPUTE', 'DISPUTE_REVERSAL', 'DISPUTE_FEE') then 'dispute'
          when kind in ('PAYOUT', 'PAYOUT_SENT', 'PAYOUT_FEE', 'PAYOUT_REVERSAL', 'PAYOUT_RETURN') then 'payout'
          when kind in ('ADJUSTMENT', 'RAIL_ADJUSTMENT', 'RAIL_FEE_ADJUSTMENT') then 'recon_exception' end);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      delete from journal_entries where kind in ('RAIL_ADJUSTMENT', 'RAIL_FEE_ADJUSTMENT');
      alter table journal_entries
        drop constraint journal_entries_source_check,
        drop constraint journal_entries_kind_check,
        add constraint journal_entries_kind_check check (kind in
          ('CAPTURE', 'FEE', 'UNAPPLIED_CAPTURE', 'UNAPPLIED_APPLIED', 'REFUND', 'UNAPPLIED_REFUND',
           'SETTLEMENT', 'FEE_ADJUSTMENT', 'DISPUTE', 'DISPUTE_REVERSAL', 'DISPUTE_FEE', 'ADJUSTMENT',
           'PAYOUT', 'PAYOUT_SENT', 'PAYOUT_FEE', 'PAYOUT_REVERSAL', 'PAYOUT_RETURN')),
        add constraint journal_entries_source_check check (source_type = case
          when kind in ('CAPTURE', 'FEE', 'UNAPPLIED_CAPTURE', 'UNAPPLIED_APPLIED') then 'payment'
          when kind in ('REFUND', 'UNAPPLIED_REFUND') then 'refund'
          when kind in ('SETTLEMENT', 'FEE_ADJUSTMENT') then 'settlement_line'
          when kind in ('DISPUTE', 'DISPUTE_REVERSAL', 'DISPUTE_FEE') then 'dispute'
          when kind in ('PAYOUT', 'PAYOUT_SENT', 'PAYOUT_FEE', 'PAYOUT_REVERSAL', 'PAYOUT_RETURN') then 'payout'
          when kind = 'ADJUSTMENT' then 'recon_exception' end);
      delete from file_uploads where kind = 'rail_statement';
      alter table file_uploads drop constraint file_uploads_kind_check;
      alter table file_uploads add constraint file_uploads_kind_check
        check (kind in ('settlement_report', 'bank_statement'));
      delete from recon_decision_approvals where decision_id in (select d.id from recon_decisions d
        join recon_exceptions e on e.id = d.exception_id where e.kind like 'RAIL_%');
      delete from recon_decisions where exception_id in (select id from recon_exceptions where kind like 'RAIL_%');
      delete from recon_exceptions where kind like 'RAIL_%';
      alter table recon_exceptions drop constraint recon_exceptions_kind_check;
      alter table recon_exceptions add constraint recon_exceptions_kind_check check (kind in ('UNSETTLED_PAYMENT',
        'UNKNOWN_LINE', 'AMOUNT_MISMATCH', 'FEE_MISMATCH', 'DUPLICATE_LINE', 'CHARGEBACK', 'PAYOUT_MISSING',
        'PAYOUT_MISMATCH', 'UNKNOWN_CREDIT'));
      alter table recon_exceptions drop column rail_line_id, drop column payout_id;
      drop table rail_statement_lines, rail_statement_imports;
    `);
  }
}
