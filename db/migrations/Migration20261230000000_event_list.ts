import { Migration } from '@mikro-orm/migrations';

/**
 * Apps list their own events newest first by (created_at, id) and continue by cursor from any of
 * them (GET /api/v1/events): events_app_list_idx serves that order for one app and mode at any
 * depth. It starts with the columns of events_app_idx, so it serves every read that one served,
 * which goes. The sweeper prunes events past their retention oldest first, a batch at a time:
 * events_created_at_idx finds that batch without reading the whole table.
 */
export class Migration20261230000000_event_list extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create index if not exists events_app_list_idx on events (app_id, mode, created_at desc, id desc);
      drop index if exists events_app_idx;
      create index if not exists events_created_at_idx on events (created_at);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists events_created_at_idx;
      create index if not exists events_app_idx on events (app_id, mode, created_at desc);
      drop index if exists events_app_list_idx;
    `);
  }
}
