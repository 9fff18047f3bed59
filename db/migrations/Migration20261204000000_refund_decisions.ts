import { Migration } from '@mikro-orm/migrations';

/**
 * Refund decisions (an approver's approve or reject, finance's confirmation) are recorded here by
 * the API from the signed-in operator, or by the CLI after its password check, before the refund's
 * workflow is told. The workflow's message names only the row's id, and its activity reads the row
 * and checks it: who decided is never taken from the message, which anyone reaching the workflow
 * service could forge. At most one APPLIED decision of each stage per refund.
 */
export class Migration20261204000000_refund_decisions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table refund_decisions (
        id bigserial primary key,
        refund_id bigint not null references refunds (id),
        stage text not null check (stage in ('APPROVAL', 'CONFIRMATION')),
        verdict text not null check (
          (stage = 'APPROVAL' and verdict in ('APPROVE', 'REJECT'))
          or (stage = 'CONFIRMATION' and verdict in ('SUCCEEDED', 'FAILED'))),
        gateway_refund_id text,
        comment text,
        operator_id bigint not null references operators (id),
        operator_role text not null,
        operator_email text not null,
        operator_ip text,
        status text not null default 'RECORDED' check (status in ('RECORDED', 'APPLIED', 'REFUSED')),
        refusal_code text,
        created_at timestamptz not null default now(),
        settled_at timestamptz
      );
      create index refund_decisions_refund_idx on refund_decisions (refund_id, id);
      create unique index refund_decisions_one_applied_idx on refund_decisions (refund_id, stage)
        where status = 'APPLIED';
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists refund_decisions;');
  }
}
