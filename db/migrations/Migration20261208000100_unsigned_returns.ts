import { Migration } from '@mikro-orm/migrations';

/**
 * A callback row counts how often it arrived and how often it was handed to a workflow: unsigned
 * browser returns are kept once per payment and claimed outcome, so repeats are counted on the
 * row instead of stored, and each hand-over (one gateway confirmation at most) is on record.
 */
export class Migration20261208000100_unsigned_returns extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table gateway_callbacks
        add column times_received integer not null default 1,
        add column hand_overs integer not null default 0;
      update gateway_callbacks set hand_overs = 1 where handed_over_at is not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('alter table gateway_callbacks drop column times_received, drop column hand_overs;');
  }
}
