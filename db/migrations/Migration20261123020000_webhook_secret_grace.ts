import { Migration } from '@mikro-orm/migrations';

/**
 * A rotated webhook signing secret keeps working for a grace window: deliveries are signed with
 * the new and the previous secret until the previous one expires, so receivers switch at leisure.
 */
export class Migration20261123020000_webhook_secret_grace extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table webhook_endpoints
        add column previous_secret_sealed text,
        add column previous_secret_expires_at timestamptz,
        add constraint webhook_endpoints_previous_secret_expiry
          check ((previous_secret_sealed is null) = (previous_secret_expires_at is null));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table webhook_endpoints
        drop constraint if exists webhook_endpoints_previous_secret_expiry,
        drop column if exists previous_secret_sealed,
        drop column if exists previous_secret_expires_at;
    `);
  }
}
