import { Migration } from '@mikro-orm/migrations';

/**
 * Every operator who has ever held the ADMIN role, kept for good: the command line bootstraps
 * local ADMINs only until the deployment has had two (`commandLineCreationRefusal`), and counting
 * today's ACTIVE ADMINs instead would let one ADMIN disable or demote the other and then create,
 * from the command line, an ADMIN with a password they chose and no tie recorded. A trigger on
 * `operators` notes each ADMIN whichever door made them one (the command line, an approved people
 * change, the identity provider's groups at sign-in, a test's or a script's insert); a row is never
 * changed or removed (as the audit log, the runtime role may only read and append to it).
 *
 * ADMINs from before this migration are noted from the operators table and from the audit log
 * (an ADMIN since disabled, demoted or created and named there).
 */
export class Migration20270203020000_admins_ever extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table admins_ever (
        operator_id bigint primary key,
        noted_at timestamptz not null default now()
      );
      insert into admins_ever (operator_id)
        select id from operators where role = 'ADMIN'
        union
        select a.target_id::bigint from audit_log a
          where a.target_type = 'operator' and a.target_id ~ '^[0-9]{1,18}$'
            and (a.after ->> 'role' = 'ADMIN' or a.before ->> 'role' = 'ADMIN')
        on conflict do nothing;

      create function admins_ever_note() returns trigger language plpgsql as $$
      begin
        if new.role = 'ADMIN' then
          insert into admins_ever (operator_id) values (new.id) on conflict do nothing;
        end if;
        return new;
      end $$;
      create trigger operators_note_admin after insert or update of role on operators
        for each row execute function admins_ever_note();

      create function admins_ever_forbid_change() returns trigger language plpgsql as $$
      begin
        raise exception 'admins_ever is append-only: the bootstrap of the first two ADMINs does not reopen'
          using errcode = '23514';
      end $$;
      create trigger admins_ever_append_only before update or delete on admins_ever
        for each row execute function admins_ever_forbid_change();
      create trigger admins_ever_no_truncate before truncate on admins_ever
        for each statement execute function admins_ever_forbid_change();
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop trigger if exists operators_note_admin on operators;
      drop table if exists admins_ever;
      drop function if exists admins_ever_note, admins_ever_forbid_change;
    `);
  }
}
