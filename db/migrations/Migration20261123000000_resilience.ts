import { Migration } from '@mikro-orm/migrations';

/**
 * What recovery after a crash needs: a create's outcome found from its Idempotency-Key, a short
 * lease on in-progress keys, one row per webhook delivery (a repeated one included), duplicate
 * gateway callbacks recognised, and the indexes the sweeper reads.
 */
export class Migration20261123000000_resilience extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table payments add column idempotency_key text;
      create unique index payments_idempotency_key_idx on payments (app_id, mode, idempotency_key)
        where idempotency_key is not null;
      create index payments_awaiting_checkout_idx on payments (created_at) where status = 'CREATED';

      alter table idempotency_keys add column claimed_at timestamptz not null default now();

      alter table webhook_attempts add column delivery_try integer not null default 1;
      alter table webhook_attempts drop constraint webhook_attempts_event_id_attempt_key;
      alter table webhook_attempts add constraint webhook_attempts_event_attempt_try_key
        unique (event_id, attempt, delivery_try);

      create index events_undelivered_idx on events (created_at) where delivery_status = 'PENDING';

      alter table gateway_callbacks add column dedupe_key text, add column handed_over_at timestamptz;
      create unique index gateway_callbacks_dedupe_idx on gateway_callbacks (dedupe_key)
        where dedupe_key is not null;

      create table sweeps (
        name text primary key,
        swept_until timestamptz not null
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table sweeps;
      drop index gateway_callbacks_dedupe_idx;
      alter table gateway_callbacks drop column dedupe_key, drop column handed_over_at;
      drop index events_undelivered_idx;
      alter table webhook_attempts drop constraint webhook_attempts_event_attempt_try_key;
      alter table webhook_attempts drop column delivery_try;
      alter table webhook_attempts add constraint webhook_attempts_event_id_attempt_key unique (event_id, attempt);
      alter table idempotency_keys drop column claimed_at;
      drop index payments_awaiting_checkout_idx;
      drop index payments_idempotency_key_idx;
      alter table payments drop column idempotency_key;
    `);
  }
}
