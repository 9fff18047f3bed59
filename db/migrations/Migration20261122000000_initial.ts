import { Migration } from '@mikro-orm/migrations';

/** Payment core: apps and credentials, payments, callbacks, outbox events, webhooks, ledger. */
export class Migration20261122000000_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table apps (
        id bigserial primary key,
        name text not null,
        display_name text not null,
        receipts_enabled boolean not null default true,
        status text not null default 'ACTIVE' check (status in ('ACTIVE', 'SUSPENDED')),
        created_at timestamptz not null default now()
      );

      create table credentials (
        id bigserial primary key,
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        api_key text not null unique,
        secret_hash text not null,
        status text not null default 'ACTIVE' check (status in ('ACTIVE', 'REVOKED')),
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        expires_at timestamptz
      );
      create index credentials_app_idx on credentials (app_id, mode);

      create table webhook_endpoints (
        id bigserial primary key,
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        url text not null,
        secret_sealed text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (app_id, mode)
      );

      create table payments (
        id bigserial primary key,
        reference text not null unique,
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        status text not null check (status in
          ('CREATED', 'PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED', 'PARTIALLY_REFUNDED', 'REFUNDED')),
        amount_minor bigint not null check (amount_minor > 0),
        currency text not null check (currency ~ '^[A-Z]{3}$'),
        customer_reference text not null,
        customer_email text,
        customer_phone text,
        customer_name text,
        product_name text,
        invoice_id text,
        metadata jsonb not null default '{}',
        return_url text,
        cancel_url text,
        gateway text not null,
        expires_at timestamptz not null,
        gateway_session_key text,
        gateway_page_url text,
        gateway_transaction_id text,
        gateway_validation_id text,
        failure_reason text,
        attention_reason text,
        refunded_minor bigint not null default 0 check (refunded_minor >= 0 and refunded_minor <= amount_minor),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        settled_at timestamptz
      );
      create index payments_list_idx on payments (app_id, mode, created_at desc, id desc);
      create index payments_customer_idx on payments (app_id, mode, customer_reference, created_at desc);
      create index payments_status_idx on payments (app_id, mode, status, created_at desc);
      create index payments_attention_idx on payments (attention_reason) where attention_reason is not null;

      create table payment_status_changes (
        id bigserial primary key,
        payment_id bigint not null references payments (id),
        from_status text,
        to_status text not null,
        reason text,
        created_at timestamptz not null default now()
      );
      create index payment_status_changes_payment_idx on payment_status_changes (payment_id, id);

      create table gateway_callbacks (
        id bigserial primary key,
        payment_id bigint references payments (id),
        reference text not null,
        gateway text not null,
        kind text not null check (kind in ('IPN', 'REDIRECT')),
        gateway_status text not null,
        validation_id text,
        signature_valid boolean not null,
        payload jsonb not null,
        outcome text,
        outcome_reason text,
        received_at timestamptz not null default now(),
        processed_at timestamptz
      );
      create index gateway_callbacks_reference_idx on gateway_callbacks (reference, id);

      create table events (
        id text primary key,
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        type text not null,
        source_type text not null,
        source_id text not null,
        payload jsonb not null,
        delivery_status text not null default 'PENDING'
          check (delivery_status in ('PENDING', 'DELIVERED', 'FAILED', 'NO_ENDPOINT')),
        created_at timestamptz not null default now(),
        unique (source_type, source_id, type)
      );
      create index events_app_idx on events (app_id, mode, created_at desc);

      create table webhook_attempts (
        id bigserial primary key,
        event_id text not null references events (id),
        attempt integer not null,
        url text not null,
        status_code integer,
        error text,
        duration_ms integer not null,
        created_at timestamptz not null default now(),
        unique (event_id, attempt)
      );

      create table ledger_accounts (
        id bigserial primary key,
        code text not null unique,
        currency text not null,
        created_at timestamptz not null default now()
      );

      create table journal_entries (
        id bigserial primary key,
        source_type text not null,
        source_id text not null,
        kind text not null,
        currency text not null,
        created_at timestamptz not null default now(),
        unique (source_type, source_id, kind)
      );

      create table postings (
        id bigserial primary key,
        entry_id bigint not null references journal_entries (id),
        account_id bigint not null references ledger_accounts (id),
        amount_minor bigint not null check (amount_minor <> 0)
      );
      create index postings_entry_idx on postings (entry_id);
      create index postings_account_idx on postings (account_id);

      create table idempotency_keys (
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        key text not null,
        request_hash text not null,
        state text not null check (state in ('IN_PROGRESS', 'COMPLETED')),
        response_status integer,
        response_body jsonb,
        created_at timestamptz not null default now(),
        primary key (app_id, mode, key)
      );
    `);

    // The database itself refuses an unbalanced journal entry: checked at commit, once every
    // posting of the entry is in, so the application cannot forget or bypass it.
    this.addSql(`
      create function ledger_assert_entry_balanced() returns trigger language plpgsql as $$
      declare
        target bigint := coalesce(new.entry_id, old.entry_id);
        total numeric;
        lines integer;
      begin
        select coalesce(sum(amount_minor), 0), count(*) into total, lines from postings where entry_id = target;
        if lines > 0 and (total <> 0 or lines < 2) then
          raise exception 'journal entry % is unbalanced: % over % postings', target, total, lines
            using errcode = '23514';
        end if;
        return null;
      end $$;

      create constraint trigger postings_balanced
        after insert or update or delete on postings
        deferrable initially deferred
        for each row execute function ledger_assert_entry_balanced();

      create function ledger_forbid_change() returns trigger language plpgsql as $$
      begin
        raise exception 'ledger rows are append-only' using errcode = '23514';
      end $$;

      create trigger postings_append_only before update or delete on postings
        for each row execute function ledger_forbid_change();
      create trigger journal_entries_append_only before update or delete on journal_entries
        for each row execute function ledger_forbid_change();
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists idempotency_keys, postings, journal_entries, ledger_accounts, webhook_attempts,
        events, gateway_callbacks, payment_status_changes, payments, webhook_endpoints, credentials, apps cascade;
      drop function if exists ledger_assert_entry_balanced, ledger_forbid_change;
    `);
  }
}
