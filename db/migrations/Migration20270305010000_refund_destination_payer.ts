import { Migration } from '@mikro-orm/migrations';

/**
 * The wallet or account that paid, as the payment's gateway confirmed it (a payout beneficiary's
 * shape; null when the gateway does not say, as for cash and manual payments), so a refund goes
 * back to the payer by default; and, on each refund, whether it goes anywhere else: such a refund
 * waits for an approver whatever its amount, and approvers see it. Refunds taken before the column
 * existed were judged without it and keep false.
 */
export class Migration20270305010000_refund_destination_payer extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table payments add column payer_account jsonb;');
    this.addSql('alter table refunds add column destination_not_payer boolean not null default false;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table refunds drop column destination_not_payer;');
    this.addSql('alter table payments drop column payer_account;');
  }
}
