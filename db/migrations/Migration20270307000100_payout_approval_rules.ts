import { Migration } from '@mikro-orm/migrations';

/**
 * An app's payout rules per mode (domain/payouts/payout-rules.ts), apart from its refund rules:
 * whether payouts are on, the least number of approvers any payout waits for, and the approvers
 * by amount band. An app without a row has the rule book's defaults (LIVE payouts off). Changing
 * them is a control change (control_changes kind PAYOUT_APPROVAL): loosening waits for an ADMIN.
 */
export class Migration20270307000100_payout_approval_rules extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table payout_approval_rules (
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        enabled boolean not null,
        floor_approvers smallint not null check (floor_approvers in (0, 1)),
        bands jsonb not null,
        updated_at timestamptz not null default now(),
        primary key (app_id, mode)
      );
      alter table control_changes drop constraint if exists control_changes_kind_check;
      alter table control_changes add constraint control_changes_kind_check
        check (kind in ('REFUND_APPROVAL', 'RECEIPT_APPROVALS', 'GUARDRAILS', 'PAYOUT_APPROVAL'));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      delete from control_changes where kind = 'PAYOUT_APPROVAL';
      alter table control_changes drop constraint if exists control_changes_kind_check;
      alter table control_changes add constraint control_changes_kind_check
        check (kind in ('REFUND_APPROVAL', 'RECEIPT_APPROVALS', 'GUARDRAILS'));
      drop table if exists payout_approval_rules;
    `);
  }
}
