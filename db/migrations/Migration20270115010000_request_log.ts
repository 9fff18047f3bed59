import { Migration } from '@mikro-orm/migrations';

/**
 * The request log: each app's API requests (method, route and path, status, request id,
 * idempotency key, redacted bodies), written in batches off the request's path and kept for a
 * week. request_log_app_list_idx serves an app's list newest first by (created_at, id) at any
 * depth and its cursor; request_log_request_idx finds a request by its id;
 * request_log_idempotency_idx the tries of one idempotency key; request_log_created_at_idx the
 * sweeper's oldest-first batch of entries past the week.
 */
export class Migration20270115010000_request_log extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table if not exists request_log (
        id bigserial primary key,
        app_id bigint not null references apps(id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        request_id text not null,
        idempotency_key text,
        method text not null,
        route text,
        path text not null,
        query text,
        status smallint not null,
        error_code text,
        duration_ms integer not null,
        request_body jsonb,
        response_body jsonb,
        created_at timestamptz not null default now()
      );
      create index if not exists request_log_app_list_idx
        on request_log (app_id, mode, created_at desc, id desc);
      create index if not exists request_log_request_idx on request_log (app_id, mode, request_id);
      create index if not exists request_log_idempotency_idx
        on request_log (app_id, mode, idempotency_key) where idempotency_key is not null;
      create index if not exists request_log_created_at_idx on request_log (created_at);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists request_log;');
  }
}
