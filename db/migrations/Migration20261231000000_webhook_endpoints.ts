import { Migration } from '@mikro-orm/migrations';

/**
 * Several webhook endpoints per app and mode, each with its own id (`we_…`), secret, description,
 * event-type filter (empty: every type) and on/off switch.
 *
 * An event is delivered once per endpoint it was meant for: webhook_deliveries holds one row per
 * (event, endpoint), written with the event, so the endpoints an event goes to are those that
 * took its type when it happened. The event's own delivery_status stays, now the sum of its
 * deliveries. Attempts name their endpoint and keep the start of the receiver's answer.
 *
 * Existing endpoints keep working unchanged: their events' deliveries are filled in from the
 * event's status, and their attempts are tied to them.
 */
export class Migration20261231000000_webhook_endpoints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table webhook_endpoints drop constraint if exists webhook_endpoints_app_id_mode_key;
      alter table webhook_endpoints
        add column public_id text,
        add column description text not null default '',
        add column enabled_events text[] not null default '{}',
        add column disabled_at timestamptz;
      update webhook_endpoints set public_id = 'we_' || substr(md5(random()::text || id::text), 1, 24);
      alter table webhook_endpoints
        alter column public_id set not null,
        add constraint webhook_endpoints_public_id_key unique (public_id);
      create index webhook_endpoints_app_mode_idx on webhook_endpoints (app_id, mode, id);

      create table webhook_deliveries (
        event_id text not null references events (id) on delete cascade,
        endpoint_id bigint not null references webhook_endpoints (id) on delete cascade,
        status text not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'FAILED')),
        updated_at timestamptz not null default now(),
        primary key (event_id, endpoint_id)
      );
      create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, status);

      insert into webhook_deliveries (event_id, endpoint_id, status)
      select e.id, w.id, case e.delivery_status when 'NO_ENDPOINT' then 'FAILED' else e.delivery_status end
        from events e join webhook_endpoints w on w.app_id = e.app_id and w.mode = e.mode
       where e.delivery_status <> 'NO_ENDPOINT';

      alter table webhook_attempts
        add column endpoint_id bigint references webhook_endpoints (id) on delete set null,
        add column response_excerpt text;
      update webhook_attempts a set endpoint_id = w.id
        from events e join webhook_endpoints w on w.app_id = e.app_id and w.mode = e.mode
       where e.id = a.event_id;
      alter table webhook_attempts drop constraint webhook_attempts_event_attempt_try_key;
      alter table webhook_attempts add constraint webhook_attempts_event_endpoint_attempt_try_key
        unique (event_id, endpoint_id, attempt, delivery_try);
      create index webhook_attempts_endpoint_idx on webhook_attempts (endpoint_id, created_at desc, id desc);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists webhook_attempts_endpoint_idx;
      alter table webhook_attempts drop constraint webhook_attempts_event_endpoint_attempt_try_key;
      delete from webhook_attempts a using webhook_attempts b
       where a.event_id = b.event_id and a.attempt = b.attempt and a.delivery_try = b.delivery_try and a.id > b.id;
      alter table webhook_attempts add constraint webhook_attempts_event_attempt_try_key
        unique (event_id, attempt, delivery_try);
      alter table webhook_attempts drop column endpoint_id, drop column response_excerpt;
      drop table webhook_deliveries;
      delete from webhook_endpoints w using webhook_endpoints o
       where o.app_id = w.app_id and o.mode = w.mode and o.id < w.id;
      drop index if exists webhook_endpoints_app_mode_idx;
      alter table webhook_endpoints
        drop column public_id, drop column description, drop column enabled_events, drop column disabled_at;
      alter table webhook_endpoints add constraint webhook_endpoints_app_id_mode_key unique (app_id, mode);
    `);
  }
}
