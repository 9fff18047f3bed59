import { Migration } from '@mikro-orm/migrations';

/**
 * Four eyes on the controls. How many operators confirm an app's manual receipts becomes a
 * control of its own (it was a field of the manual gateway's settings), beside the refund approval
 * policy; a proposal to loosen either waits in control_changes for a different ADMIN, one pending
 * proposal per app, mode and control. Stored receipt settings carry over, except one operator in
 * LIVE: the gateway form filled it in by default, so it is no evidence of a choice, and the LIVE
 * default (two operators) applies instead.
 */
export class Migration20261205000000_control_changes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table receipt_approval_policies (
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        approvals smallint not null check (approvals in (1, 2)),
        updated_at timestamptz not null default now(),
        primary key (app_id, mode)
      );
      insert into receipt_approval_policies (app_id, mode, approvals)
        select app_id, mode, (credentials_hint ->> 'approvals')::smallint
          from app_gateways
         where gateway = 'manual'
           and sealed_credentials is not null
           and credentials_hint ->> 'approvals' in ('1', '2')
           and not (mode = 'LIVE' and credentials_hint ->> 'approvals' = '1');
      create table control_changes (
        id bigserial primary key,
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        kind text not null check (kind in ('REFUND_APPROVAL', 'RECEIPT_APPROVALS')),
        current_value jsonb not null,
        proposed_value jsonb not null,
        status text not null
          check (status in ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED')),
        proposed_by bigint not null references operators (id),
        proposed_at timestamptz not null default now(),
        decided_by bigint references operators (id),
        decided_at timestamptz,
        comment text,
        check ((status = 'PENDING') = (decided_at is null))
      );
      create unique index control_changes_one_pending_idx on control_changes (app_id, mode, kind)
        where status = 'PENDING';
      create index control_changes_app_idx on control_changes (app_id, proposed_at desc);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists control_changes;
      drop table if exists receipt_approval_policies;
    `);
  }
}
