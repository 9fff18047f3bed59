import { Migration } from '@mikro-orm/migrations';

/**
 * The ledger learns settlements, fee corrections, disputes and reconciliation adjustments:
 * - two more accounts in the chart: BANK (where a gateway settles to, per gateway and mode) and
 *   RECON_ADJUSTMENTS (differences finance accepted or posted);
 * - five more kinds of entry, each from the one kind of record it belongs to, which the database
 *   now holds too: a payment's entries come from a payment, a settlement's from a settlement line,
 *   and so on (so no entry can name a source its kind does not have).
 */
export class Migration20261218000000_settlement_ledger extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table ledger_accounts
        drop constraint ledger_accounts_type_check,
        drop constraint ledger_accounts_owner_check,
        add constraint ledger_accounts_type_check check (type in
          ('GATEWAY_CLEARING', 'GATEWAY_FEES', 'APP_PAYABLE', 'APP_REFUNDS', 'UNAPPLIED_FUNDS',
           'BANK', 'RECON_ADJUSTMENTS')),
        add constraint ledger_accounts_owner_check check (
          (type in ('GATEWAY_CLEARING', 'GATEWAY_FEES', 'BANK')) = (gateway is not null)
          and (type in ('APP_PAYABLE', 'APP_REFUNDS')) = (app_id is not null));

      alter table journal_entries
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
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table journal_entries
        drop constraint journal_entries_source_check,
        drop constraint journal_entries_kind_check,
        add constraint journal_entries_kind_check check (kind in
          ('CAPTURE', 'FEE', 'UNAPPLIED_CAPTURE', 'UNAPPLIED_APPLIED', 'REFUND', 'UNAPPLIED_REFUND'));
      alter table ledger_accounts
        drop constraint ledger_accounts_type_check,
        drop constraint ledger_accounts_owner_check,
        add constraint ledger_accounts_type_check check (type in
          ('GATEWAY_CLEARING', 'GATEWAY_FEES', 'APP_PAYABLE', 'APP_REFUNDS', 'UNAPPLIED_FUNDS')),
        add constraint ledger_accounts_owner_check check (
          (type in ('GATEWAY_CLEARING', 'GATEWAY_FEES')) = (gateway is not null)
          and (type in ('APP_PAYABLE', 'APP_REFUNDS')) = (app_id is not null));
    `);
  }
}
