import { Migration } from '@mikro-orm/migrations';

/**
 * Each scheduled run of the ledger's checks (workflows/ledger/ledger-verify.ts) and what it found,
 * per check. The checks read the whole journal; one run per interval for the whole deployment
 * records its result here, and every API process's /metrics reads the latest row instead of
 * running the checks itself.
 */
export class Migration20270201030000_ledger_verify_runs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table ledger_verify_runs (
        id bigserial primary key,
        started_at timestamptz not null,
        finished_at timestamptz not null,
        breaches integer not null check (breaches >= 0),
        checks jsonb not null
      );
      create index ledger_verify_runs_finished_idx on ledger_verify_runs (finished_at desc);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table ledger_verify_runs;');
  }
}
