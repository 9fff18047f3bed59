import { Migration } from '@mikro-orm/migrations';

/**
 * Files finance uploads (settlement reports, bank statements), kept from the moment the API has
 * received them until the worker has read them: the bytes in chunks (dropped once read), who sent
 * them, and the outcome, an import or a refusal with the limit or the problem that refused it.
 * The API only receives and stores; reading happens in the worker.
 */
export class Migration20270104000000_file_uploads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table file_uploads (
        id bigserial primary key,
        kind text not null check (kind in ('settlement_report', 'bank_statement')),
        gateway text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        file_name text not null,
        file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
        byte_count bigint not null check (byte_count >= 0),
        layout text,
        uploaded_by bigint references operators (id),
        actor jsonb not null,
        status text not null default 'RECEIVED' check (status in ('RECEIVED', 'IMPORTED', 'REFUSED')),
        import_id bigint,
        import_created boolean,
        error_code text,
        error_message text,
        error_details jsonb,
        reconciliations_started_at timestamptz,
        created_at timestamptz not null default now(),
        finished_at timestamptz,
        check ((status = 'IMPORTED') = (import_id is not null)),
        check ((status = 'REFUSED') = (error_code is not null))
      );
      create index file_uploads_list_idx on file_uploads (created_at desc, id desc);

      create table file_upload_chunks (
        upload_id bigint not null references file_uploads (id) on delete cascade,
        seq integer not null check (seq >= 0),
        data bytea not null,
        primary key (upload_id, seq)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists file_upload_chunks; drop table if exists file_uploads;');
  }
}
