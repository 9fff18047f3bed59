import { Migration } from '@mikro-orm/migrations';

/**
 * An app's order id on its payments: at most one payment per order that is open or succeeded, so
 * an order is never paid twice. A failed, cancelled or expired payment leaves the index and frees
 * its order for the next attempt.
 */
export class Migration20261201000000_payment_orders extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table payments add column order_id text;
      create unique index payments_live_order_idx on payments (app_id, mode, order_id)
        where order_id is not null
          and status in ('CREATED', 'PENDING', 'SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED');
      create index payments_order_idx on payments (app_id, mode, order_id, id) where order_id is not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists payments_order_idx;
      drop index if exists payments_live_order_idx;
      alter table payments drop column order_id;
    `);
  }
}
