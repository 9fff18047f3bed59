import { Migration } from '@mikro-orm/migrations';

/**
 * An operator's payout batch file is an upload like a settlement report: stored by the API and
 * read by the worker, which takes the batch (or refuses the file with its bad lines). Such an
 * upload names the app the batch is for; its import is the batch.
 */
export class Migration20270202070000_payout_batch_uploads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table file_uploads
        drop constraint file_uploads_kind_check,
        add constraint file_uploads_kind_check
          check (kind in ('settlement_report', 'bank_statement', 'rail_statement', 'payout_batch')),
        add column app_id bigint references apps (id),
        add constraint file_uploads_app_check check ((kind = 'payout_batch') = (app_id is not null));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      delete from file_uploads where kind = 'payout_batch';
      alter table file_uploads
        drop constraint file_uploads_app_check,
        drop column app_id,
        drop constraint file_uploads_kind_check,
        add constraint file_uploads_kind_check
          check (kind in ('settlement_report', 'bank_statement', 'rail_statement'));
    `);
  }
}
