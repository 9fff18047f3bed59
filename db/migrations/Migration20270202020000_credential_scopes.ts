import { Migration } from '@mikro-orm/migrations';

/**
 * Named API keys with scopes (domain/apps/scopes.ts). An app's own TEST/LIVE pair keeps
 * `scopes` null: full access, today's and any scope added later, so nothing an app runs breaks.
 * A named key an operator issues carries its name and the scopes it was given; it is never the
 * pair a rotation replaces.
 */
export class Migration20270202020000_credential_scopes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table credentials
        add column name text,
        add column scopes text[];
      alter table credentials
        add constraint credentials_named_key_scopes_check
          check ((name is null) = (scopes is null)),
        add constraint credentials_scopes_known_check
          check (scopes is null or (cardinality(scopes) > 0 and scopes <@ array[
            'read', 'reporting', 'payments', 'refunds', 'payouts', 'webhooks']::text[]));
      create unique index credentials_named_key_name_idx on credentials (app_id, mode, lower(name))
        where name is not null and status = 'ACTIVE';
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists credentials_named_key_name_idx;
      alter table credentials drop constraint if exists credentials_scopes_known_check;
      alter table credentials drop constraint if exists credentials_named_key_scopes_check;
      alter table credentials drop column if exists scopes;
      alter table credentials drop column if exists name;
    `);
  }
}
