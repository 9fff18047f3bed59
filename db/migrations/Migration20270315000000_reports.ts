import { Migration } from '@mikro-orm/migrations';

/**
 * Reports: schedules finance sets, the runs they and apps ask for (each run's file kept in the
 * row, 90 days), and the links delivery emails carry (7 days, only their digest stored).
 *
 * A scheduled run is unique per schedule and period, so a retried activity or a replayed
 * schedule never makes a second file of the same days; an app's run is unique per idempotency key.
 */
export class Migration20270315000000_reports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table report_schedules (
        id bigserial primary key,
        name text not null check (length(name) between 1 and 120),
        type text not null check (type in ('payments', 'refunds', 'payouts', 'settlement-days', 'journal', 'statement')),
        format text not null check (format in ('csv', 'xlsx')),
        mode text not null check (mode in ('TEST', 'LIVE')),
        app_id bigint references apps (id),
        filters jsonb not null default '{}',
        saved_view_id bigint references saved_views (id) on delete set null,
        cadence text not null check (cadence in ('DAILY', 'WEEKLY', 'MONTHLY')),
        at_time text not null check (at_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        weekday smallint check (weekday between 1 and 7),
        month_day smallint check (month_day between 1 and 28),
        delivery text not null check (delivery in ('EMAIL', 'SFTP')),
        recipients text[] not null default '{}',
        sftp_target jsonb,
        created_by text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        paused_at timestamptz,
        deleted_at timestamptz,
        workflow_started boolean not null default false,
        check ((cadence = 'WEEKLY') = (weekday is not null)),
        check ((cadence = 'MONTHLY') = (month_day is not null)),
        check ((delivery = 'SFTP') = (sftp_target is not null)),
        check (delivery <> 'EMAIL' or cardinality(recipients) > 0)
      );

      create table report_runs (
        id bigserial primary key,
        reference text not null unique,
        type text not null check (type in ('payments', 'refunds', 'payouts', 'settlement-days', 'journal', 'statement')),
        format text not null check (format in ('csv', 'xlsx')),
        mode text not null check (mode in ('TEST', 'LIVE')),
        app_id bigint references apps (id),
        filters jsonb not null default '{}',
        period_from date not null,
        period_to date not null check (period_to >= period_from),
        schedule_id bigint references report_schedules (id),
        requested_by text not null,
        idempotency_key text,
        row_count integer not null check (row_count >= 0),
        columns jsonb not null,
        content bytea not null,
        content_sha256 text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        delivery_status text not null default 'NONE'
          check (delivery_status in ('NONE', 'PENDING', 'DELIVERED', 'FAILED')),
        delivered_at timestamptz,
        delivery_detail text
      );
      create unique index report_runs_schedule_period on report_runs (schedule_id, period_from, period_to)
        where schedule_id is not null;
      create unique index report_runs_app_idempotency on report_runs (app_id, mode, idempotency_key)
        where idempotency_key is not null;
      create index report_runs_created on report_runs (created_at desc, id desc);
      create index report_runs_app on report_runs (app_id, mode, created_at desc) where app_id is not null;

      create table report_links (
        token_sha256 text primary key,
        run_id bigint not null references report_runs (id) on delete cascade,
        recipient text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        sent_at timestamptz,
        downloads integer not null default 0
      );
      create unique index report_links_run_recipient on report_links (run_id, recipient);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(
      'drop table if exists report_links; drop table if exists report_runs; drop table if exists report_schedules;',
    );
  }
}
