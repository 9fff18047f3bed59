import { Migration } from '@mikro-orm/migrations';

/**
 * A second operator on reconciliation adjustments. An adjustment or an accepted fee difference
 * beyond the rounding tolerance (or decided by whoever uploaded the report its line came from) is
 * recorded as a PROPOSED decision, with what it would post; it is applied only once another
 * FINANCE or ADMIN operator's approval is recorded beside it (one per decision). One proposal
 * waits per exception at a time.
 */
export class Migration20270105000000_recon_second_operator extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table recon_decisions drop constraint if exists recon_decisions_status_check;
      alter table recon_decisions add constraint recon_decisions_status_check
        check (status in ('PROPOSED', 'RECORDED', 'APPLIED', 'REFUSED'));
      alter table recon_decisions add column posting_minor bigint;
      create unique index recon_decisions_one_proposal on recon_decisions (exception_id) where status = 'PROPOSED';

      create table recon_decision_approvals (
        decision_id bigint primary key references recon_decisions (id),
        operator_id bigint not null references operators (id),
        operator_role text not null,
        operator_email text not null,
        operator_ip text,
        stepped_up boolean not null,
        note text not null default '',
        created_at timestamptz not null default now()
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists recon_decision_approvals;
      drop index if exists recon_decisions_one_proposal;
      alter table recon_decisions drop column posting_minor;
      update recon_decisions set status = 'REFUSED', refusal_code = 'FORBIDDEN' where status = 'PROPOSED';
      alter table recon_decisions drop constraint if exists recon_decisions_status_check;
      alter table recon_decisions add constraint recon_decisions_status_check
        check (status in ('RECORDED', 'APPLIED', 'REFUSED'));
    `);
  }
}
