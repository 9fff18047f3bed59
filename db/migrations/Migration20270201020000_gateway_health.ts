import { Migration } from '@mikro-orm/migrations';

/**
 * Gateway health as app teams see it: our own calls' outcomes in per-minute buckets (one row per
 * gateway, mode and minute, added to by each process every few seconds rather than per call), the
 * current health per gateway and mode as the periodic evaluation decided it, every change of it,
 * and the maintenance windows operators enter.
 */
export class Migration20270201020000_gateway_health extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table gateway_call_minutes (
        gateway text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        minute timestamptz not null,
        ok integer not null default 0 check (ok >= 0),
        rejected integer not null default 0 check (rejected >= 0),
        unavailable integer not null default 0 check (unavailable >= 0),
        protocol_errors integer not null default 0 check (protocol_errors >= 0),
        errors integer not null default 0 check (errors >= 0),
        primary key (gateway, mode, minute)
      );

      create table gateway_health (
        gateway text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        status text not null check (status in ('OPERATIONAL', 'DEGRADED', 'DOWN', 'MAINTENANCE')),
        since timestamptz not null,
        trouble_at timestamptz,
        calls integer not null default 0,
        failures integer not null default 0,
        maintenance_window_id bigint,
        evaluated_at timestamptz not null,
        primary key (gateway, mode)
      );

      create table gateway_maintenance_windows (
        id bigserial primary key,
        gateway text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        note text not null default '',
        created_by text not null,
        created_at timestamptz not null default now(),
        cancelled_at timestamptz,
        cancelled_by text,
        check (ends_at > starts_at)
      );
      create index gateway_maintenance_windows_open_idx
        on gateway_maintenance_windows (ends_at) where cancelled_at is null;

      create table gateway_health_changes (
        id bigserial primary key,
        gateway text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        previous_status text not null,
        status text not null,
        reason text not null,
        calls integer not null,
        failures integer not null,
        maintenance_window_id bigint references gateway_maintenance_windows (id),
        changed_at timestamptz not null
      );
      create index gateway_health_changes_recent_idx on gateway_health_changes (changed_at desc, id desc);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table gateway_health_changes;
      drop table gateway_maintenance_windows;
      drop table gateway_health;
      drop table gateway_call_minutes;
    `);
  }
}
