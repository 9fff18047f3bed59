import { Migration } from '@mikro-orm/migrations';

/**
 * A gateway's dispute notice about a transaction no payment of ours names (yet): kept, signed by
 * one of our accounts, until a payment takes that transaction (it is then recorded as that
 * payment's dispute) — and shown to finance while it waits. One row per gateway dispute, however
 * many notices of it arrive.
 */
export class Migration20261226000200_parked_dispute_notices extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table parked_dispute_notices (
      id bigserial primary key,
      gateway text not null,
      mode text not null check (mode in ('TEST', 'LIVE')),
      account_key text not null,
      gateway_dispute_id text not null,
      gateway_transaction_id text not null,
      event_id text,
      event_type text not null,
      amount_minor bigint,
      currency text,
      reason text,
      gateway_status text,
      notice_count integer not null default 1,
      received_at timestamptz not null default now(),
      last_received_at timestamptz not null default now(),
      checked_at timestamptz,
      applied_at timestamptz,
      dispute_id bigint references disputes (id),
      constraint parked_dispute_notices_unique unique (gateway, gateway_dispute_id),
      constraint parked_dispute_notices_applied_check check ((applied_at is null) = (dispute_id is null))
    );`);
    this.addSql(
      `create index parked_dispute_notices_waiting_idx on parked_dispute_notices (id) where applied_at is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists parked_dispute_notices;');
  }
}
