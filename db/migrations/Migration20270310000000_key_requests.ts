import { Migration } from '@mikro-orm/migrations';

/**
 * Requests for a LIVE key that may move money (domain/apps/key-requests.ts): a named LIVE key with
 * a money scope, or an app's LIVE key pair. No secret exists while one waits: a FINANCE or ADMIN
 * operator independent of the requester approves it, and the requester then collects the key once
 * (its secret is made at collection). `credential_id` is the key collected.
 */
export class Migration20270310000000_key_requests extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table key_requests (
        id bigserial primary key,
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        kind text not null check (kind in ('NAMED_KEY', 'APP_LIVE_PAIR')),
        name text,
        scopes jsonb,
        grace_hours numeric,
        status text not null check (status in ('WAITING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'COLLECTED')),
        requested_by bigint not null references operators (id),
        requested_at timestamptz not null,
        decided_by bigint references operators (id),
        decided_at timestamptz,
        comment text,
        collected_at timestamptz,
        credential_id bigint references credentials (id),
        check ((kind = 'NAMED_KEY') = (name is not null and scopes is not null)),
        check ((status = 'COLLECTED') = (credential_id is not null))
      );
      create index key_requests_waiting_idx on key_requests (status, requested_at);
      create index key_requests_app_idx on key_requests (app_id, requested_at desc);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists key_requests;');
  }
}
