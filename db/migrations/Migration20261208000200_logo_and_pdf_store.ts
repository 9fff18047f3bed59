import { Migration } from '@mikro-orm/migrations';

/**
 * An app's logo is fetched, checked and re-encoded once per URL and kept here, small; an invoice's
 * PDF is kept with the fingerprint of everything it was rendered from, one per invoice, and
 * rendered again only when that changes.
 */
export class Migration20261208000200_logo_and_pdf_store extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table app_logos (
        url_hash text primary key,
        png bytea,
        problem text,
        fetched_at timestamptz not null default now()
      );
      create table invoice_pdfs (
        invoice_id bigint primary key references invoices (id),
        fingerprint text not null,
        pdf bytea not null,
        rendered_at timestamptz not null default now()
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists invoice_pdfs, app_logos;');
  }
}
