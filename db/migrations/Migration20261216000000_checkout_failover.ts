import { Migration } from '@mikro-orm/migrations';

/**
 * Failover at checkout. A payment whose customer chose its gateway on the hosted checkout may be
 * rebound to another after that gateway could not open a session; one the app bound at create
 * may not. Every session opening is recorded (gateway, when, tries, why it failed), and each
 * gateway and mode keeps a small circuit breaker shared by every API and worker process.
 */
export class Migration20261216000000_checkout_failover extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table payments add column gateway_chosen_at_checkout boolean not null default false;`);
    this.addSql(`create table checkout_attempts (
      id bigserial primary key,
      payment_id bigint not null references payments (id) on delete cascade,
      gateway varchar(32) not null,
      opening_key varchar(200) not null,
      outcome varchar(16) not null check (outcome in ('OPENING', 'OPENED', 'FAILED')),
      failure_reason varchar(255) null,
      tries integer not null default 1,
      started_at timestamptz not null,
      finished_at timestamptz null,
      constraint checkout_attempts_opening_key_unique unique (opening_key)
    );`);
    this.addSql(`create index checkout_attempts_payment_idx on checkout_attempts (payment_id, id);`);
    this.addSql(`create table gateway_breakers (
      gateway varchar(32) not null,
      mode varchar(8) not null,
      consecutive_failures integer not null default 0,
      first_failure_at timestamptz null,
      last_failure_reason varchar(255) null,
      degraded_since timestamptz null,
      degraded_until timestamptz null,
      updated_at timestamptz not null,
      primary key (gateway, mode)
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table gateway_breakers;`);
    this.addSql(`drop table checkout_attempts;`);
    this.addSql(`alter table payments drop column gateway_chosen_at_checkout;`);
  }
}
