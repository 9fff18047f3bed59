import { Migration } from '@mikro-orm/migrations';

/**
 * An open dispute is asked about again at its gateway when nothing was heard of it for a while
 * (a lost closing notice would otherwise leave it open for good): `checked_at` is when the
 * gateway was last asked, and the open disputes are found by a partial index.
 */
export class Migration20261226000100_dispute_rechecks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table disputes add column checked_at timestamptz;`);
    this.addSql(`create index disputes_open_idx on disputes (id) where status = 'OPEN';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists disputes_open_idx;`);
    this.addSql(`alter table disputes drop column if exists checked_at;`);
  }
}
