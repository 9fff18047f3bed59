import { Migration } from '@mikro-orm/migrations';

/** Operators and their sessions, the audit trail, app branding and the credential lifecycle. */
export class Migration20261122100000_operators extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table apps
        add column logo_url text,
        add column brand_color text check (brand_color ~ '^#[0-9a-fA-F]{6}$'),
        add column updated_at timestamptz not null default now();

      alter table credentials
        add column revoked_at timestamptz,
        add column first_used_at timestamptz,
        add column replaced_by_id bigint references credentials (id);

      create table operators (
        id bigserial primary key,
        email text not null,
        password_hash text not null,
        role text not null check (role in ('ADMIN', 'FINANCE', 'DEVELOPER', 'SUPPORT', 'VIEWER')),
        status text not null default 'ACTIVE' check (status in ('ACTIVE', 'DISABLED')),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        last_login_at timestamptz
      );
      create unique index operators_email_idx on operators (lower(email));

      create table operator_sessions (
        id text primary key,
        operator_id bigint not null references operators (id),
        csrf_token text not null,
        created_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        expires_at timestamptz not null,
        step_up_at timestamptz,
        revoked_at timestamptz,
        ip text,
        user_agent text
      );
      create index operator_sessions_operator_idx on operator_sessions (operator_id);

      create table login_failures (
        id bigserial primary key,
        email text not null,
        ip text,
        occurred_at timestamptz not null default now()
      );
      create index login_failures_email_idx on login_failures (lower(email), occurred_at desc);

      create table audit_log (
        id bigserial primary key,
        occurred_at timestamptz not null default now(),
        actor_type text not null check (actor_type in ('OPERATOR', 'APP', 'SYSTEM')),
        actor_id text,
        actor_label text not null,
        action text not null,
        target_type text,
        target_id text,
        ip text,
        before jsonb,
        after jsonb
      );
      create index audit_log_time_idx on audit_log (occurred_at desc, id desc);
      create index audit_log_target_idx on audit_log (target_type, target_id, occurred_at desc);

      -- The audit trail is never edited: not by the application, not by a stray UPDATE.
      create function audit_forbid_change() returns trigger language plpgsql as $$
      begin
        raise exception 'the audit log is append-only' using errcode = '23514';
      end $$;
      create trigger audit_log_append_only before update or delete on audit_log
        for each row execute function audit_forbid_change();
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists audit_log, login_failures, operator_sessions, operators cascade;
      drop function if exists audit_forbid_change;
      alter table credentials drop column if exists revoked_at, drop column if exists first_used_at,
        drop column if exists replaced_by_id;
      alter table apps drop column if exists logo_url, drop column if exists brand_color, drop column if exists updated_at;
    `);
  }
}
