import { Migration } from '@mikro-orm/migrations';

/**
 * A gateway charges for each dispute (Stripe's dispute fee, on the dispute's balance
 * transaction): the dispute keeps the fee it booked (`fee_minor`, 0 until the gateway reports
 * one), and the ledger gains the DISPUTE_FEE entry that books it to the gateway's fees.
 */
export class Migration20261226000000_dispute_fees extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table disputes add column fee_minor bigint not null default 0 check (fee_minor >= 0);

      alter table journal_entries
        drop constraint journal_entries_source_check,
        drop constraint journal_entries_kind_check,
        add constraint journal_entries_kind_check check (kind in
          ('CAPTURE', 'FEE', 'UNAPPLIED_CAPTURE', 'UNAPPLIED_APPLIED', 'REFUND', 'UNAPPLIED_REFUND',
           'SETTLEMENT', 'FEE_ADJUSTMENT', 'DISPUTE', 'DISPUTE_REVERSAL', 'DISPUTE_FEE', 'ADJUSTMENT')),
        add constraint journal_entries_source_check check (source_type = case
          when kind in ('CAPTURE', 'FEE', 'UNAPPLIED_CAPTURE', 'UNAPPLIED_APPLIED') then 'payment'
          when kind in ('REFUND', 'UNAPPLIED_REFUND') then 'refund'
          when kind in ('SETTLEMENT', 'FEE_ADJUSTMENT') then 'settlement_line'
          when kind in ('DISPUTE', 'DISPUTE_REVERSAL', 'DISPUTE_FEE') then 'dispute'
          when kind = 'ADJUSTMENT' then 'recon_exception' end);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table journal_entries
        drop constraint journal_entries_source_check,
        drop constraint journal_entries_kind_check,
        add constraint journal_entries_kind_check check (kind in
          ('CAPTURE', 'FEE', 'UNAPPLIED_CAPTURE', 'UNAPPLIED_APPLIED', 'REFUND', 'UNAPPLIED_REFUND',
           'SETTLEMENT', 'FEE_ADJUSTMENT', 'DISPUTE', 'DISPUTE_REVERSAL', 'ADJUSTMENT')),
        add constraint journal_entries_source_check check (source_type = case
          when kind in ('CAPTURE', 'FEE', 'UNAPPLIED_CAPTURE', 'UNAPPLIED_APPLIED') then 'payment'
          when kind in ('REFUND', 'UNAPPLIED_REFUND') then 'refund'
          when kind in ('SETTLEMENT', 'FEE_ADJUSTMENT') then 'settlement_line'
          when kind in ('DISPUTE', 'DISPUTE_REVERSAL') then 'dispute'
          when kind = 'ADJUSTMENT' then 'recon_exception' end);
      alter table disputes drop column fee_minor;
    `);
  }
}
