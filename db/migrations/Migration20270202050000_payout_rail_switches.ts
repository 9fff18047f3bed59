import { Migration } from '@mikro-orm/migrations';

/**
 * A switch per payout rail and mode (payout_rail_switches, no row: on). While a rail is off, new
 * payouts and batch lines on it are refused and accepted ones are held in its queue. Switching a
 * LIVE rail back on loosens a control: it waits in payout_rail_switch_changes for a different
 * ADMIN, one pending proposal per rail and mode, decided as control_changes are.
 */
export class Migration20270202050000_payout_rail_switches extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table payout_rail_switches (
        rail text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        switched_on boolean not null,
        changed_by bigint references operators (id),
        changed_at timestamptz not null default now(),
        primary key (rail, mode)
      );
      create table payout_rail_switch_changes (
        id bigserial primary key,
        rail text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        proposed_on boolean not null,
        status text not null
          check (status in ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED')),
        proposed_by bigint not null references operators (id),
        proposed_at timestamptz not null default now(),
        decided_by bigint references operators (id),
        decided_at timestamptz,
        comment text,
        check ((status = 'PENDING') = (decided_at is null))
      );
      create unique index payout_rail_switch_changes_one_pending_idx
        on payout_rail_switch_changes (rail, mode) where status = 'PENDING';
    `);
  }

  override async down(): Promise<void> {
    this.addSql(
      'drop table if exists payout_rail_switch_changes; drop table if exists payout_rail_switches;',
    );
  }
}
