import { Migration } from '@mikro-orm/migrations';

/**
 * Saved views (domain/reports/saved-views.ts): a list page's filters under a name, shared by every
 * operator who may read the list. `filters` holds the list's query parameters as text, paging left
 * out; `created_by` is the operator's email, who may delete it (as may an ADMIN). Names are unique
 * per list whatever their case, so two views never read the same in the strip.
 */
export class Migration20270314000000_saved_views extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table saved_views (
        id bigserial primary key,
        list text not null,
        name text not null,
        filters jsonb not null default '{}',
        created_by text not null,
        created_at timestamptz not null default now(),
        check (jsonb_typeof(filters) = 'object')
      );
      create unique index saved_views_list_name_idx on saved_views (list, lower(name));
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists saved_views;');
  }
}
