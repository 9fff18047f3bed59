import { Migration } from '@mikro-orm/migrations';

/**
 * What a refund's gateway answered, one row per answer, written by the activity that asked. A
 * refund is booked final only from such a row (or from a finance operator's recorded
 * confirmation), never from an outcome a workflow carries: a workflow's input proves nothing.
 */
export class Migration20270103000000_refund_gateway_answers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table refund_gateway_answers (
        id bigserial primary key,
        refund_id bigint not null references refunds (id),
        asked text not null check (asked in ('SUBMIT', 'CHECK', 'FINISH')),
        outcome text not null check (outcome in ('PROCESSING', 'SUCCEEDED', 'FAILED')),
        gateway_refund_id text,
        reason text,
        answered_at timestamptz not null default now()
      );
      create index refund_gateway_answers_refund_idx on refund_gateway_answers (refund_id, id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists refund_gateway_answers;');
  }
}
