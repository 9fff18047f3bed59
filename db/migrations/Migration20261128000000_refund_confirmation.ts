import { Migration } from '@mikro-orm/migrations';

/**
 * A refund the gateway holds but cannot be asked about (its answer to our request was lost, and
 * the gateway knows the refund only by an id it never gave us) waits for a finance operator to
 * confirm it: since when, and why, so the attention queue can list it.
 */
export class Migration20261128000000_refund_confirmation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table refunds
        add column confirmation_requested_at timestamptz,
        add column confirmation_reason text;
      create index refunds_awaiting_confirmation_idx on refunds (confirmation_requested_at, id)
        where confirmation_requested_at is not null and status = 'PROCESSING';
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists refunds_awaiting_confirmation_idx;
      alter table refunds drop column confirmation_requested_at, drop column confirmation_reason;
    `);
  }
}
