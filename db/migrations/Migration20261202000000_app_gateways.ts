import { Migration } from '@mikro-orm/migrations';

/**
 * Gateway settings per app and mode, set by operators: whether the gateway is on, and the app's
 * own merchant credentials, sealed like webhook secrets (AES-256-GCM under the server pepper) with
 * a display copy that holds only non-secret values and masked secrets. No row means the
 * service-wide settings decide.
 */
export class Migration20261202000000_app_gateways extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table app_gateways (
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        gateway text not null check (gateway ~ '^[a-z0-9_-]{1,40}$'),
        enabled boolean not null,
        sealed_credentials text,
        credentials_hint jsonb not null default '{}'::jsonb,
        updated_at timestamptz not null default now(),
        updated_by bigint references operators (id),
        primary key (app_id, mode, gateway)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists app_gateways;');
  }
}
