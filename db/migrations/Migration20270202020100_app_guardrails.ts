import { Migration } from '@mikro-orm/migrations';

/**
 * Per-app guardrails on money movement (domain/apps/guardrails.ts), per app and mode: a switch
 * that stops new money movement, gateways switched off, a velocity cap, a refund-to-sales alarm,
 * and amount limits per transaction and per day by kind of movement (PAYMENT, REFUND, PAYOUT)
 * and currency. Changing them is a control change (control_changes kind GUARDRAILS): loosening
 * waits for a second ADMIN. An app without a row has no guardrails beyond the service's own.
 */
export class Migration20270202020100_app_guardrails extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table app_guardrails (
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        money_movement_stopped boolean not null default false,
        stopped_gateways text[] not null default '{}',
        velocity_per_minute integer check (velocity_per_minute > 0),
        refund_ratio_alarm_percent integer check (refund_ratio_alarm_percent > 0),
        updated_at timestamptz not null default now(),
        primary key (app_id, mode)
      );
      create table app_money_limits (
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        kind text not null check (kind in ('PAYMENT', 'REFUND', 'PAYOUT')),
        currency text not null,
        per_transaction_minor bigint check (per_transaction_minor > 0),
        per_day_minor bigint check (per_day_minor > 0),
        primary key (app_id, mode, kind, currency)
      );
      create table refund_ratio_alarms (
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        day date not null,
        currency text not null,
        refunds_minor bigint not null,
        sales_minor bigint not null,
        threshold_percent integer not null,
        raised_at timestamptz not null default now(),
        primary key (app_id, mode, day, currency)
      );
      alter table control_changes drop constraint if exists control_changes_kind_check;
      alter table control_changes add constraint control_changes_kind_check
        check (kind in ('REFUND_APPROVAL', 'RECEIPT_APPROVALS', 'GUARDRAILS'));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      delete from control_changes where kind = 'GUARDRAILS';
      alter table control_changes drop constraint if exists control_changes_kind_check;
      alter table control_changes add constraint control_changes_kind_check
        check (kind in ('REFUND_APPROVAL', 'RECEIPT_APPROVALS'));
      drop table if exists refund_ratio_alarms;
      drop table if exists app_money_limits;
      drop table if exists app_guardrails;
    `);
  }
}
