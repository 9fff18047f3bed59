import { Migration } from '@mikro-orm/migrations';

/**
 * A webhook attempt whose host name did not resolve (DNS_NOT_FOUND) and one whose name resolved only
 * to addresses deliveries may not reach (BLOCKED_ADDRESS) are now one kind, NO_REACHABLE_ADDRESS:
 * told apart, they said to anyone with an app's keys whether an internal host name resolves. The
 * attempts recorded before are rewritten to it, words included, so none read back through the
 * attempts API still tells the two apart. Down leaves them merged: which was which is not kept.
 */
export class Migration20270203020100_webhook_no_reachable_address extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      update webhook_attempts
         set failure_reason = 'NO_REACHABLE_ADDRESS',
             error = 'The endpoint''s host gave no address deliveries may reach (NO_REACHABLE_ADDRESS)'
       where failure_reason in ('DNS_NOT_FOUND', 'BLOCKED_ADDRESS');
    `);
  }

  override async down(): Promise<void> {
    // Nothing to undo that could be undone: the two kinds were merged on purpose.
  }
}
