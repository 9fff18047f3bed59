import { Migration } from '@mikro-orm/migrations';

/**
 * Whether a refund's gateway refused it because the payment is past its refund window (bKash),
 * as the activity that asked recorded it: the only ground a refund of a gateway with a refund API
 * goes out by a payout to its fallback destination. A run's input saying so is never enough.
 */
export class Migration20270203010000_refund_window_answers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table refund_gateway_answers
        add column refund_window_closed boolean not null default false,
        add constraint refund_gateway_answers_window_check
          check (not refund_window_closed or outcome = 'FAILED');
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table refund_gateway_answers
        drop constraint refund_gateway_answers_window_check,
        drop column refund_window_closed;
    `);
  }
}
