import { Migration } from '@mikro-orm/migrations';

/**
 * Each event remembers the transaction that wrote it (`xact_id`, the 64-bit xid8), the position
 * the event stream (GET /api/v1/events/stream) reads in. An event's created_at is taken before its
 * transaction commits, so ordering by it lets a late commit slip behind a reader's cursor; a
 * transaction id below the oldest one still running (the snapshot's xmin) can never gain another
 * row, so a reader that takes only events below xmin, in (xact_id, id) order, never passes one.
 * Events written before this migration keep a null position: the stream starts after them.
 */
export class Migration20270115020000_event_stream_positions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table events add column xact_id xid8;
      alter table events alter column xact_id set default pg_current_xact_id();
      create index events_stream_idx on events (app_id, mode, xact_id, id) where xact_id is not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop index events_stream_idx; alter table events drop column xact_id;');
  }
}
