import { Migration } from '@mikro-orm/migrations';

/**
 * Disputes of captured payments: one row per dispute a gateway raised (a Stripe dispute, a
 * chargeback line on a settlement report), known by the gateway's own id so a repeated notice
 * finds it, with the status it has reached.
 */
export class Migration20261221000000_disputes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table disputes (
      id bigserial primary key,
      reference text not null unique check (reference ~ '^dsp_[0-9a-z]{20}$'),
      payment_id bigint not null references payments (id),
      app_id bigint not null references apps (id),
      gateway text not null,
      mode text not null check (mode in ('TEST', 'LIVE')),
      gateway_dispute_id text not null,
      amount_minor bigint not null check (amount_minor > 0),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      reason text,
      status text not null check (status in ('OPEN', 'WON', 'LOST')),
      opened_at timestamptz not null default now(),
      closed_at timestamptz,
      updated_at timestamptz not null default now(),
      constraint disputes_gateway_dispute_unique unique (gateway, gateway_dispute_id),
      constraint disputes_closed_check check ((status = 'OPEN') = (closed_at is null))
    );`);
    this.addSql(`create index disputes_payment_idx on disputes (payment_id, id);`);
    // A dispute names its payment by the gateway's transaction id (Stripe's PaymentIntent), found
    // through payments_gateway_transaction_idx (Migration20261220010000_reconciliation_lookups).
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists disputes;');
  }
}
