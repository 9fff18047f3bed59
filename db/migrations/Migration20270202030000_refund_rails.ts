import { Migration } from '@mikro-orm/migrations';

/**
 * Refunds that reach the customer by a payout rail: the route the refund was taken for (null on
 * refunds from before: the gateway's, or finance's for a gateway without a refund API), the
 * destination the app or operator gave (a payout beneficiary), and one payout per refund (`refund_payouts`, keyed by the refund: a
 * retried step or a crashed worker finds the payout already made, never makes a second), approved
 * by the refund's own decision.
 */
export class Migration20270202030000_refund_rails extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table refunds
        add column destination jsonb,
        add column route text check (route in ('GATEWAY', 'PAYOUT', 'FINANCE'));

      create table refund_payouts (
        refund_id bigint primary key references refunds (id),
        payout_id bigint not null unique references payouts (id),
        rail text not null,
        approved_by text not null,
        approved_at timestamptz not null,
        created_at timestamptz not null default now()
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table refund_payouts; alter table refunds drop column destination, drop column route;');
  }
}
