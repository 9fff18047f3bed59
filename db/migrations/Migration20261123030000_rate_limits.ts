import { Migration } from '@mikro-orm/migrations';

/** Request counters per client and route, shared by every API process (rate-limiter-flexible's table). */
export class Migration20261123030000_rate_limits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table rate_limits (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists rate_limits;');
  }
}
