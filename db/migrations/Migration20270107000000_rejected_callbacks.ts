import { Migration } from '@mikro-orm/migrations';

/**
 * A callback refused for its signature (or for naming another payment) is kept once per payment,
 * kind and reason: repeats count themselves on that row (`times_received`) and move
 * `last_received_at`, so a flood of forgeries costs one row, not one per request. Rejected rows
 * are pruned by their last arrival through a small partial index.
 */
export class Migration20270107000000_rejected_callbacks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table gateway_callbacks add column last_received_at timestamptz;
      update gateway_callbacks set last_received_at = received_at;
      alter table gateway_callbacks
        alter column last_received_at set not null,
        alter column last_received_at set default now();
      create index gateway_callbacks_rejected_idx on gateway_callbacks (last_received_at)
        where outcome = 'REJECTED';
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists gateway_callbacks_rejected_idx;
      alter table gateway_callbacks drop column last_received_at;
    `);
  }
}
