import { Migration } from '@mikro-orm/migrations';

/**
 * Acts waiting for a second person close when their window ends (domain/approvals/approval-windows.ts):
 * a proposal nobody decided, or an approved key nobody collected, is left EXPIRED, decided by no
 * one. The decided-once rule on people_changes and control_changes already lets a PENDING row be
 * closed once, and an expired row then stands like any decided one.
 */
const TABLES = [
  ['control_changes', `'PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED'`],
  ['attention_requests', `'PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED'`],
  ['payout_rail_switch_changes', `'PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED'`],
  ['people_changes', `'PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'`],
  ['key_requests', `'WAITING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'COLLECTED'`],
] as const;

export class Migration20270313000000_approval_windows extends Migration {
  override async up(): Promise<void> {
    for (const [table, statuses] of TABLES) {
      this.addSql(`
        alter table ${table} drop constraint if exists ${table}_status_check;
        alter table ${table} add constraint ${table}_status_check check (status in (${statuses}, 'EXPIRED'));
      `);
    }
  }

  override async down(): Promise<void> {
    for (const [table, statuses] of TABLES) {
      this.addSql(`
        alter table ${table} drop constraint if exists ${table}_status_check;
        alter table ${table} add constraint ${table}_status_check check (status in (${statuses})) not valid;
      `);
    }
  }
}
