import { Migration } from '@mikro-orm/migrations';

/**
 * Re-enabling a disabled account is a change to people a second, independent ADMIN approves
 * (people_changes kind ENABLE_OPERATOR), as creating one is: a disabled account coming back is a
 * new account in all but name.
 */
export class Migration20270311000000_enable_operator_change extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table people_changes drop constraint people_changes_kind_check;
      alter table people_changes add constraint people_changes_kind_check check (kind in
        ('CREATE_OPERATOR', 'GRANT_ROLE', 'RESET_PASSWORD', 'RESET_SECOND_FACTOR', 'ENABLE_OPERATOR'));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table people_changes drop constraint people_changes_kind_check;
      alter table people_changes add constraint people_changes_kind_check check (kind in
        ('CREATE_OPERATOR', 'GRANT_ROLE', 'RESET_PASSWORD', 'RESET_SECOND_FACTOR'));
    `);
  }
}
