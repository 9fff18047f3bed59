import { Migration } from '@mikro-orm/migrations';

/**
 * Refunds of a payment, full or partial. The sum of a payment's refunds that hold money
 * (pending approval, processing, succeeded) never exceeds its capture: admission locks the
 * payment's row, so concurrent requests are decided one at a time.
 */
export class Migration20261125000000_refunds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table refunds (
        id bigserial primary key,
        reference text not null unique,
        payment_id bigint not null references payments (id),
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        status text not null check (status in
          ('PENDING_APPROVAL', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'REJECTED', 'EXPIRED')),
        amount_minor bigint not null check (amount_minor > 0),
        currency text not null,
        reason text,
        metadata jsonb not null default '{}',
        idempotency_key text,
        gateway_refund_id text,
        failure_reason text,
        workflow_started boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        settled_at timestamptz,
        unique (app_id, mode, idempotency_key)
      );
      create index refunds_payment_idx on refunds (payment_id, id);
      create index refunds_app_idx on refunds (app_id, mode, created_at desc, id desc);
      create index refunds_awaiting_workflow_idx on refunds (created_at, id) where not workflow_started;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists refunds;');
  }
}
