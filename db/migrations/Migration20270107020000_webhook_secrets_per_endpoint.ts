import { Migration } from '@mikro-orm/migrations';

/**
 * Each webhook endpoint's secrets are sealed under a context naming the endpoint itself, so a
 * sealed secret copied onto another endpoint's row does not open there. Rows sealed before (under
 * their app and mode's shared context) are marked so and re-sealed by the service on their next
 * delivery or rotation (db/webhooks/webhook-endpoints.ts, `upgradeEndpointSealing`): SQL cannot, it holds
 * no sealing key. New rows are sealed per endpoint from the start.
 */
export class Migration20270107020000_webhook_secrets_per_endpoint extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table webhook_endpoints add column secrets_sealed_per_endpoint boolean not null default false;
      alter table webhook_endpoints alter column secrets_sealed_per_endpoint set default true;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('alter table webhook_endpoints drop column secrets_sealed_per_endpoint;');
  }
}
