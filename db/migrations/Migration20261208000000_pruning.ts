import { Migration } from '@mikro-orm/migrations';

/**
 * The sweeper prunes rate-limit counters, failed sign-ins and idempotency keys by age, oldest
 * first, a batch at a time: each needs an index on its age column to find its batch cheaply.
 */
export class Migration20261208000000_pruning extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create index if not exists rate_limits_expire_idx on rate_limits (expire);
      create index if not exists login_failures_occurred_at_idx on login_failures (occurred_at);
      create index if not exists idempotency_keys_created_at_idx on idempotency_keys (created_at);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists rate_limits_expire_idx;
      drop index if exists login_failures_occurred_at_idx;
      drop index if exists idempotency_keys_created_at_idx;
    `);
  }
}
