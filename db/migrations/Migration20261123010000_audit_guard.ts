import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail cannot be emptied either: TRUNCATE skips row triggers, so a statement trigger
 * refuses it. (A deployment also runs the service as a role that cannot alter the table; see
 * docker-compose.yml.)
 */
export class Migration20261123010000_audit_guard extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create trigger audit_log_no_truncate before truncate on audit_log
        for each statement execute function audit_forbid_change();
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists audit_log_no_truncate on audit_log;');
  }
}
