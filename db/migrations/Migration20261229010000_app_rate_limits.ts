import { Migration } from '@mikro-orm/migrations';

/**
 * An operator may give an app a request limit of its own (per minute, per credential mode); null
 * keeps the service's default (RATE_LIMIT_APP_PER_MINUTE), 0 leaves the app unlimited.
 */
export class Migration20261229010000_app_rate_limits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table apps add column rate_limit_per_minute integer
        constraint apps_rate_limit_per_minute_range check (rate_limit_per_minute between 0 and 1000000);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table apps drop column if exists rate_limit_per_minute;`);
  }
}
