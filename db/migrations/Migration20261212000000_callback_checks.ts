import { Migration } from '@mikro-orm/migrations';

/**
 * A stored callback the gateway did not confirm may be checked again when it arrives again: each
 * row counts the checks asked of a workflow (bounded, `MAX_CALLBACK_CHECKS`) and notes a repeat
 * that arrived while a check was still under way, so that check is followed by another.
 */
export class Migration20261212000000_callback_checks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table gateway_callbacks
        add column checks integer not null default 0,
        add column returned_while_checking boolean not null default false;
      update gateway_callbacks set checks = 1 where hand_overs > 0;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('alter table gateway_callbacks drop column checks, drop column returned_while_checking;');
  }
}
