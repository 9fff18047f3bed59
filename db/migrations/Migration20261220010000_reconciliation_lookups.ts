import { Migration } from '@mikro-orm/migrations';

/**
 * Reconciliation reads payments by the gateway's transaction id, refunds by the gateway's refund
 * id and captures by the day they were posted, a batch of thousands at a time: each by an index.
 */
export class Migration20261220010000_reconciliation_lookups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create index payments_gateway_transaction_idx on payments (gateway, gateway_transaction_id)
        where gateway_transaction_id is not null;
      create index refunds_gateway_refund_idx on refunds (gateway_refund_id) where gateway_refund_id is not null;
      create index journal_entries_captures_idx on journal_entries (created_at)
        where source_type = 'payment' and kind in ('CAPTURE', 'UNAPPLIED_CAPTURE');
      create index recon_exceptions_fee_claims_idx on recon_exceptions (payment_id, refund_id)
        where kind = 'FEE_MISMATCH' and status = 'OPEN';
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists payments_gateway_transaction_idx, refunds_gateway_refund_idx,
        journal_entries_captures_idx, recon_exceptions_fee_claims_idx;
    `);
  }
}
