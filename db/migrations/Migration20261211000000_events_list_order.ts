import { Migration } from '@mikro-orm/migrations';

/**
 * The operators' webhook deliveries list reads one mode newest first by (created_at, id) and
 * continues by cursor from any event: this index serves that order at any depth.
 */
export class Migration20261211000000_events_list_order extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index events_list_idx on events (mode, created_at desc, id desc);');
  }

  override async down(): Promise<void> {
    this.addSql('drop index events_list_idx;');
  }
}
