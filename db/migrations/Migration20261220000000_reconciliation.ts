import { Migration } from '@mikro-orm/migrations';

/**
 * What matching decided about each gateway's settlement, per gateway, mode and settlement date
 * (settlement lines themselves are append-only facts kept by the import):
 * - recon_runs: one per (gateway, mode, settlement_date); OPEN until its exceptions are empty and
 *   its grace period is over, then CLOSED. `totals` holds, per currency, what the gateway says it
 *   paid (gross, fees, refunds, chargebacks, net) and what the ledger expected.
 * - recon_matches: a line matched to a payment or refund (or accepted by an operator), with the
 *   journal entries that posted it. One per line: a line is settled at most once.
 * - recon_exceptions: what did not match, each with a `rex_…` reference; resolved by an operator's
 *   recorded decision (recon_decisions) or automatically when a re-match no longer finds it.
 *   One per (run, kind, subject): re-matching the same day finds the same exception again.
 * - recon_decisions: an operator's action on an exception, recorded by the API before the run's
 *   workflow is told its id (the workflow trusts nothing else in the message).
 */
export class Migration20261220000000_reconciliation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table recon_runs (
        id bigserial primary key,
        gateway text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        settlement_date date not null,
        status text not null default 'OPEN' check (status in ('OPEN', 'CLOSED')),
        workflow_id text not null,
        line_count integer not null default 0,
        matched_count integer not null default 0,
        exception_count integer not null default 0,
        open_exception_count integer not null default 0,
        totals jsonb not null default '{}',
        last_matched_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (gateway, mode, settlement_date)
      );
      create index recon_runs_list_idx on recon_runs (mode, settlement_date desc, gateway);

      create table recon_matches (
        id bigserial primary key,
        run_id bigint not null references recon_runs (id),
        line_id bigint not null unique references settlement_lines (id),
        payment_id bigint references payments (id),
        refund_id bigint references refunds (id),
        fee_difference_minor bigint not null default 0,
        settlement_entry_id bigint references journal_entries (id),
        fee_adjustment_entry_id bigint references journal_entries (id),
        adjustment_entry_id bigint references journal_entries (id),
        resolved_exception_id bigint,
        created_at timestamptz not null default now(),
        check (payment_id is null or refund_id is null)
      );
      create index recon_matches_run_idx on recon_matches (run_id, id);
      create index recon_matches_payment_idx on recon_matches (payment_id) where payment_id is not null;
      create index recon_matches_refund_idx on recon_matches (refund_id) where refund_id is not null;

      create table recon_exceptions (
        id bigserial primary key,
        reference text not null unique,
        run_id bigint not null references recon_runs (id),
        kind text not null check (kind in ('UNSETTLED_PAYMENT', 'UNKNOWN_LINE', 'AMOUNT_MISMATCH',
          'FEE_MISMATCH', 'DUPLICATE_LINE', 'CHARGEBACK', 'PAYOUT_MISSING')),
        subject text not null,
        line_id bigint references settlement_lines (id),
        payment_id bigint references payments (id),
        refund_id bigint references refunds (id),
        payout_batch text,
        currency text not null,
        expected_minor bigint,
        actual_minor bigint,
        detail text not null default '',
        status text not null default 'OPEN' check (status in ('OPEN', 'RESOLVED')),
        action text check (action in ('POST_ADJUSTMENT', 'ACCEPT_FEE_DIFFERENCE', 'REFUND', 'ESCALATE',
          'MARK_RESOLVED', 'AUTO')),
        note text,
        escalated_at timestamptz,
        resolved_by bigint references operators (id),
        resolved_at timestamptz,
        journal_entry_id bigint references journal_entries (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (run_id, kind, subject),
        check ((status = 'RESOLVED') = (resolved_at is not null))
      );
      create index recon_exceptions_open_idx on recon_exceptions (run_id, status, id);
      create index recon_exceptions_line_idx on recon_exceptions (line_id) where line_id is not null;

      create table recon_decisions (
        id bigserial primary key,
        exception_id bigint not null references recon_exceptions (id),
        action text not null check (action in ('POST_ADJUSTMENT', 'ACCEPT_FEE_DIFFERENCE', 'REFUND',
          'ESCALATE', 'MARK_RESOLVED')),
        note text not null,
        refund_reference text,
        operator_id bigint not null references operators (id),
        operator_role text not null,
        operator_email text not null,
        operator_ip text,
        stepped_up boolean not null default false,
        status text not null default 'RECORDED' check (status in ('RECORDED', 'APPLIED', 'REFUSED')),
        refusal_code text,
        created_at timestamptz not null default now(),
        settled_at timestamptz
      );
      create index recon_decisions_exception_idx on recon_decisions (exception_id, id);

    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists recon_decisions, recon_exceptions, recon_matches, recon_runs;');
  }
}
