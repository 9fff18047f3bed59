import { Migration } from '@mikro-orm/migrations';

/**
 * A payment no line settled, whose exception finance resolved by posting an adjustment, is settled
 * by that adjustment: matching reads these resolutions as claims, a batch of payments at a time,
 * by this index.
 */
export class Migration20261224000000_recon_adjustment_claims extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create index recon_exceptions_adjusted_claims_idx on recon_exceptions (payment_id)
        where kind = 'UNSETTLED_PAYMENT' and status = 'RESOLVED' and action = 'POST_ADJUSTMENT';
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists recon_exceptions_adjusted_claims_idx;`);
  }
}
