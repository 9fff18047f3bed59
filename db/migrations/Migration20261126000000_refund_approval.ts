import { Migration } from '@mikro-orm/migrations';

/**
 * Refund approval: a policy per app and mode (no row means NEVER), and on each refund who asked
 * for it, until when it may wait for an approver, and who decided it, when and why.
 */
export class Migration20261126000000_refund_approval extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table refund_approval_policies (
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        rule text not null check (rule in ('NEVER', 'ALWAYS', 'ABOVE_AMOUNT')),
        threshold_minor bigint check (threshold_minor >= 0),
        currency text,
        updated_at timestamptz not null default now(),
        primary key (app_id, mode),
        check ((rule = 'ABOVE_AMOUNT') = (threshold_minor is not null and currency is not null))
      );
      alter table refunds
        add column requested_by_operator_id bigint references operators (id),
        add column approval_expires_at timestamptz,
        add column decided_by_operator_id bigint references operators (id),
        add column decided_by text,
        add column decision_comment text,
        add column decided_at timestamptz;
      create index refunds_pending_approval_idx on refunds (created_at, id) where status = 'PENDING_APPROVAL';
      create index refunds_status_idx on refunds (status, created_at desc, id desc);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists refunds_status_idx;
      drop index if exists refunds_pending_approval_idx;
      alter table refunds
        drop column requested_by_operator_id, drop column approval_expires_at,
        drop column decided_by_operator_id, drop column decided_by,
        drop column decision_comment, drop column decided_at;
      drop table if exists refund_approval_policies;
    `);
  }
}
