import { Migration } from '@mikro-orm/migrations';

/**
 * A version per app and mode of its gateway settings, bumped by a trigger in the same transaction
 * as any change to app_gateways (no code path can forget it), and a notice on channel
 * app_gateway_settings at commit. Processes cache settings: the notice makes each forget the app's
 * at once, and a checkout compares the version it cached with the current one, so a change
 * committed before a checkout began is always seen, whatever a notice's delay.
 */
export class Migration20261215000000_app_gateway_versions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table app_gateway_versions (
        app_id bigint not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        version bigint not null,
        primary key (app_id, mode)
      );
      create function app_gateway_settings_bump(changed_app bigint, changed_mode text) returns void
        language plpgsql as $$
      begin
        insert into app_gateway_versions as v (app_id, mode, version)
          values (changed_app, changed_mode, 1)
          on conflict (app_id, mode) do update set version = v.version + 1;
        perform pg_notify('app_gateway_settings',
          json_build_object('appId', changed_app, 'mode', changed_mode)::text);
      end $$;
      create function app_gateways_changed() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'DELETE' then
          perform app_gateway_settings_bump(new.app_id, new.mode);
        end if;
        if tg_op = 'DELETE' then
          perform app_gateway_settings_bump(old.app_id, old.mode);
        elsif tg_op = 'UPDATE' then
          if (old.app_id, old.mode) is distinct from (new.app_id, new.mode) then
            perform app_gateway_settings_bump(old.app_id, old.mode);
          end if;
        end if;
        return null;
      end $$;
      create trigger app_gateways_changed after insert or update or delete on app_gateways
        for each row execute function app_gateways_changed();
      -- TRUNCATE skips row triggers: every app's settings count as changed.
      create function app_gateways_emptied() returns trigger language plpgsql as $$
      begin
        update app_gateway_versions set version = version + 1;
        perform pg_notify('app_gateway_settings', '{}');
        return null;
      end $$;
      create trigger app_gateways_emptied after truncate on app_gateways
        for each statement execute function app_gateways_emptied();
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop trigger if exists app_gateways_emptied on app_gateways;
      drop trigger if exists app_gateways_changed on app_gateways;
      drop function if exists app_gateways_emptied();
      drop function if exists app_gateways_changed();
      drop function if exists app_gateway_settings_bump(bigint, text);
      drop table if exists app_gateway_versions;
    `);
  }
}
