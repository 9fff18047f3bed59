import { Migration } from '@mikro-orm/migrations';

/**
 * The ledger learns money out. Four accounts: APP_PAYOUTS (what an app paid out), PAYOUT_PAYABLE
 * (owed to beneficiaries of payouts on their way), RAIL_DISBURSEMENT (the rail's disbursement
 * balance the money leaves from, per rail and mode) and RAIL_FEES; four kinds of entry, each from
 * a payout: PAYOUT (committed to the beneficiary as the rail is asked), PAYOUT_SENT (the rail paid),
 * PAYOUT_FEE (what the rail charged) and PAYOUT_REVERSAL (committed, then not paid: failed or
 * cancelled after a short balance), and PAYOUT_RETURN (paid, then sent back).
 */
export class Migration20270202010100_payout_ledger extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table ledger_accounts
        drop constraint ledger_accounts_type_check,
        drop constraint ledger_accounts_owner_check,
        add constraint ledger_accounts_type_check check (type in
          ('GATEWAY_CLEARING', 'GATEWAY_FEES', 'APP_PAYABLE', 'APP_REFUNDS', 'UNAPPLIED_FUNDS',
           'BANK', 'RECON_ADJUSTMENTS', 'APP_PAYOUTS', 'PAYOUT_PAYABLE', 'RAIL_DISBURSEMENT', 'RAIL_FEES')),
        add constraint ledger_accounts_owner_check check (
          (type in ('GATEWAY_CLEARING', 'GATEWAY_FEES', 'BANK', 'RAIL_DISBURSEMENT', 'RAIL_FEES')) = (gateway is not null)
          and (type in ('APP_PAYABLE', 'APP_REFUNDS', 'APP_PAYOUTS', 'PAYOUT_PAYABLE')) = (app_id is not null));

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
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
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

      alter table ledger_accounts
        drop constraint ledger_accounts_type_check,
        drop constraint ledger_accounts_owner_check,
        add constraint ledger_accounts_type_check check (type in
          ('GATEWAY_CLEARING', 'GATEWAY_FEES', 'APP_PAYABLE', 'APP_REFUNDS', 'UNAPPLIED_FUNDS',
           'BANK', 'RECON_ADJUSTMENTS')),
        add constraint ledger_accounts_owner_check check (
          (type in ('GATEWAY_CLEARING', 'GATEWAY_FEES', 'BANK')) = (gateway is not null)
          and (type in ('APP_PAYABLE', 'APP_REFUNDS')) = (app_id is not null));
    `);
  }
}
