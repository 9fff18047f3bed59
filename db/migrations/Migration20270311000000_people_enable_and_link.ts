import { Migration } from '@mikro-orm/migrations';

/**
 * Two more changes to people a second, independent ADMIN approves (people_changes kinds):
 * re-enabling a disabled account (ENABLE_OPERATOR: a disabled account coming back is a new
 * account in all but name), and linking a local account to a person of the identity provider
 * (LINK_IDENTITY: sign-in never adopts a local account by itself). `operators.break_glass` marks
 * the ADMINs the command line bootstrapped, which sign in without the provider and are never
 * linked to it; the local ADMINs no people change created are those.
 */
export class Migration20270311000000_people_enable_and_link extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table people_changes drop constraint people_changes_kind_check;
      alter table people_changes add constraint people_changes_kind_check check (kind in
        ('CREATE_OPERATOR', 'GRANT_ROLE', 'RESET_PASSWORD', 'RESET_SECOND_FACTOR', 'ENABLE_OPERATOR', 'LINK_IDENTITY'));
      alter table operators add column break_glass boolean not null default false;
      update operators o set break_glass = true
       where o.role = 'ADMIN' and o.oidc_subject is null
         and not exists (select 1 from people_changes c
                          where c.kind = 'CREATE_OPERATOR' and c.target_operator_id = o.id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table operators drop column break_glass;
      alter table people_changes drop constraint people_changes_kind_check;
      alter table people_changes add constraint people_changes_kind_check check (kind in
        ('CREATE_OPERATOR', 'GRANT_ROLE', 'RESET_PASSWORD', 'RESET_SECOND_FACTOR'));
    `);
  }
}
