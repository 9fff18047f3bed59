import { Migration } from '@mikro-orm/migrations';

/**
 * A payment's workflow now starts at its first checkout click; the sweeper finds the payments
 * nobody opened by their deadline. It reads them by deadline, so the index follows.
 */
export class Migration20261124000000_payments_past_deadline extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index payments_past_deadline_idx on payments (expires_at, id) where status = 'CREATED';`,
    );
    this.addSql('drop index if exists payments_awaiting_checkout_idx;');
  }

  override async down(): Promise<void> {
    this.addSql(
      `create index payments_awaiting_checkout_idx on payments (created_at) where status = 'CREATED';`,
    );
    this.addSql('drop index if exists payments_past_deadline_idx;');
  }
}
