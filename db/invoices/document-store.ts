import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Stored logos and rendered invoice PDFs (see Migration20261208000200_logo_and_pdf_store). */

const urlHash = (url: string) => createHash('sha256').update(url).digest('hex');

export interface StoredLogo {
  png: Buffer | null;
  problem: string | null;
  fetchedAt: Date;
}

export async function findStoredLogo(em: EntityManager, url: string): Promise<StoredLogo | null> {
  const [row] = await em.execute<Array<{ png: Buffer | null; problem: string | null; fetched_at: Date }>>(
    'select png, problem, fetched_at from app_logos where url_hash = ?',
    [urlHash(url)],
  );
  return row ? { png: row.png, problem: row.problem, fetchedAt: new Date(row.fetched_at) } : null;
}

/** Keeps what fetching `url` gave: the re-encoded image, or nothing (with why, when refused). */
export async function storeLogo(
  em: EntityManager,
  url: string,
  logo: { png: Buffer | null; problem: string | null },
): Promise<void> {
  await em.execute(
    `insert into app_logos (url_hash, png, problem, fetched_at) values (?, ?, ?, now())
     on conflict (url_hash) do update set png = excluded.png, problem = excluded.problem, fetched_at = now()`,
    [urlHash(url), logo.png, logo.problem?.slice(0, 500) ?? null],
  );
}

/** The invoice's PDF if it was rendered from exactly `fingerprint`. */
export async function findInvoicePdf(
  em: EntityManager,
  invoiceId: number,
  fingerprint: string,
): Promise<Buffer | null> {
  const [row] = await em.execute<Array<{ pdf: Buffer }>>(
    'select pdf from invoice_pdfs where invoice_id = ? and fingerprint = ?',
    [invoiceId, fingerprint],
  );
  return row ? row.pdf : null;
}

/** One PDF per invoice: a new rendering replaces the one before. */
export async function storeInvoicePdf(
  em: EntityManager,
  invoiceId: number,
  fingerprint: string,
  pdf: Buffer,
): Promise<void> {
  await em.execute(
    `insert into invoice_pdfs (invoice_id, fingerprint, pdf, rendered_at) values (?, ?, ?, now())
     on conflict (invoice_id) do update set fingerprint = excluded.fingerprint, pdf = excluded.pdf, rendered_at = now()`,
    [invoiceId, fingerprint, pdf],
  );
}
