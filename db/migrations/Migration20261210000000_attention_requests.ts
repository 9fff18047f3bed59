import { Migration } from '@mikro-orm/migrations';

/**
 * Four eyes on parked money: applying a flagged payment's parked funds to its app is a request
 * until a different FINANCE or ADMIN operator approves it. The request keeps what it was made
 * against (the parked amount and currency), so an approval after either changed is refused; at
 * most one request waits per payment.
 */
export class Migration20261210000000_attention_requests extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table attention_requests (
        id bigserial primary key,
        payment_id bigint not null references payments (id),
        kind text not null check (kind in ('APPLY')),
        amount_minor bigint not null check (amount_minor > 0),
        currency text not null,
        note text not null,
        status text not null
          check (status in ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED')),
        proposed_by bigint not null references operators (id),
        proposed_at timestamptz not null default now(),
        decided_by bigint references operators (id),
        decided_at timestamptz,
        comment text,
        check ((status = 'PENDING') = (decided_at is null))
      );
      create unique index attention_requests_one_pending_idx on attention_requests (payment_id)
        where status = 'PENDING';
      create index attention_requests_payment_idx on attention_requests (payment_id, proposed_at desc);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists attention_requests;');
  }
}
