import { Migration } from '@mikro-orm/migrations';

/**
 * Payout batches: a batch per (app, mode, Idempotency-Key) holding up to 5,000 lines, each line
 * becoming one ordinary payout once the batch's cancel window (and its approval) is over. A line's
 * payout is made at most once: `payout_id` is set in the transaction that inserts the payout.
 */
export class Migration20270202040000_payout_batches extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table payout_batches (
        id bigserial primary key,
        reference text not null unique,
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        status text not null check (status in ('WAITING_APPROVAL', 'SCHEDULED', 'CREATING', 'PROCESSING',
          'COMPLETED', 'CANCELLED')),
        source text not null check (source in ('API', 'UPLOAD')),
        uploaded_by bigint references operators (id),
        file_name text,
        currency text not null,
        line_count integer not null check (line_count between 1 and 5000),
        total_minor bigint not null check (total_minor > 0),
        idempotency_key text,
        approvals_required integer not null default 0 check (approvals_required between 0 and 2),
        approval_expires_at timestamptz,
        send_after timestamptz,
        cancelled_by text,
        summary jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        completed_at timestamptz,
        constraint payout_batches_idempotency_unique unique (app_id, mode, idempotency_key)
      );
      create index payout_batches_list_idx on payout_batches (app_id, mode, id desc);
      create index payout_batches_open_idx on payout_batches (mode, id)
        where status in ('WAITING_APPROVAL', 'SCHEDULED', 'CREATING', 'PROCESSING');

      create table payout_batch_lines (
        batch_id bigint not null references payout_batches (id),
        line_number integer not null check (line_number >= 1),
        line_reference text not null,
        rail text not null,
        amount_minor bigint not null check (amount_minor > 0),
        currency text not null,
        beneficiary jsonb not null,
        narrative text,
        metadata jsonb not null default '{}',
        payout_id bigint unique references payouts (id),
        primary key (batch_id, line_number),
        constraint payout_batch_lines_reference_unique unique (batch_id, line_reference)
      );

      create table payout_batch_decisions (
        id bigserial primary key,
        batch_id bigint not null references payout_batches (id),
        operator_id bigint not null references operators (id),
        operator_email text not null,
        verdict text not null check (verdict in ('APPROVE', 'REJECT')),
        comment text,
        created_at timestamptz not null default now(),
        constraint payout_batch_decisions_once unique (batch_id, operator_id, verdict)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql(
      'drop table payout_batch_decisions; drop table payout_batch_lines; drop table payout_batches;',
    );
  }
}
