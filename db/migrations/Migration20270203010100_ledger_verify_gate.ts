import { Migration } from '@mikro-orm/migrations';

/**
 * The full-ledger verification's throttle, held for the whole deployment: one row, when the last
 * verification started (taken by an insert-on-conflict, so two doors racing never both run) and
 * what the last one found. The admin API, the dashboard and the scheduled (or forged) workflow all
 * pass through it, whichever API process or worker they run on.
 */
export class Migration20270203010100_ledger_verify_gate extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table ledger_verify_gate (
        id smallint primary key check (id = 1),
        last_started_at timestamptz not null,
        last_verification jsonb
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table ledger_verify_gate;');
  }
}
