import { Migration } from '@mikro-orm/migrations';

/**
 * The wallet or card scheme that paid (bKash, VISA from a named bank), as the gateway reported it
 * when it confirmed the payment: apps and finance read and filter by it.
 */
export class Migration20261201100000_payment_method extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table payments add column payment_method text;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table payments drop column payment_method;`);
  }
}
