import { Migration } from '@mikro-orm/migrations';

/**
 * Money out: a payout per (app, mode, Idempotency-Key), keyed at the rail by its reference; the
 * approvers' decisions on payouts that wait for them; each rail's disbursement balance per mode as
 * the rail last reported it.
 */
export class Migration20270202010000_payouts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table payouts (
        id bigserial primary key,
        reference text not null unique,
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        status text not null check (status in ('CREATED', 'WAITING_APPROVAL', 'SCHEDULED', 'QUEUED',
          'SENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'RETURNED')),
        rail text not null,
        amount_minor bigint not null check (amount_minor > 0),
        currency text not null,
        beneficiary_type text not null check (beneficiary_type in ('BKASH_WALLET', 'NAGAD_WALLET', 'BANK_ACCOUNT')),
        beneficiary jsonb not null,
        narrative text,
        metadata jsonb not null default '{}',
        idempotency_key text,
        approvals_required integer not null default 0 check (approvals_required between 0 and 2),
        approval_expires_at timestamptz,
        send_after timestamptz,
        beneficiary_check jsonb,
        rail_transfer_id text,
        fee_minor bigint check (fee_minor >= 0),
        failure_code text,
        failure_reason text,
        cancelled_by text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        settled_at timestamptz,
        constraint payouts_idempotency_unique unique (app_id, mode, idempotency_key)
      );
      create index payouts_list_idx on payouts (app_id, mode, id desc);
      create index payouts_waiting_idx on payouts (mode, id) where status in ('WAITING_APPROVAL', 'QUEUED');

      create table payout_decisions (
        id bigserial primary key,
        payout_id bigint not null references payouts (id),
        operator_id bigint not null references operators (id),
        operator_email text not null,
        verdict text not null check (verdict in ('APPROVE', 'REJECT')),
        comment text,
        created_at timestamptz not null default now(),
        constraint payout_decisions_once unique (payout_id, operator_id, verdict)
      );

      create table payout_rail_balances (
        rail text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        available_minor bigint not null,
        currency text not null,
        as_of timestamptz not null,
        primary key (rail, mode)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table payout_rail_balances; drop table payout_decisions; drop table payouts;');
  }
}
