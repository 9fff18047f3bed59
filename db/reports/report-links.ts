import type { EntityManager } from '@mikro-orm/postgresql';
import { instant, type Row } from '../../platform/orm/row-values.js';

/**
 * The download links delivery emails carry (report_links): only the token's SHA-256 is stored, so
 * a copy of the database opens no file; each link works 7 days and counts its downloads.
 */

export interface ReportLink {
  runId: number;
  recipient: string;
  expiresAt: Date;
  downloads: number;
}

/** Whether the run's email to this recipient went out already (a retried delivery skips it). */
export async function linkSent(em: EntityManager, runId: number, recipient: string): Promise<boolean> {
  const [row] = await em.execute<Row[]>(
    'select 1 from report_links where run_id = ? and recipient = ? and sent_at is not null',
    [runId, recipient],
  );
  return row !== undefined;
}

/**
 * Stores the link about to be emailed to a recipient, replacing one from an attempt that never
 * reported its email sent (that email, if it went, carries a link that no longer opens: the
 * new one is the recipient's link).
 */
export async function prepareReportLink(
  em: EntityManager,
  link: { tokenSha256: string; runId: number; recipient: string; expiresAt: Date },
): Promise<void> {
  await em.execute(
    `insert into report_links (token_sha256, run_id, recipient, expires_at) values (?, ?, ?, ?)
     on conflict (run_id, recipient) do update set token_sha256 = excluded.token_sha256,
       expires_at = excluded.expires_at, created_at = now()
     where report_links.sent_at is null`,
    [link.tokenSha256, link.runId, link.recipient, link.expiresAt],
  );
}

export async function markReportLinkSent(em: EntityManager, runId: number, recipient: string): Promise<void> {
  await em.execute(
    'update report_links set sent_at = coalesce(sent_at, now()) where run_id = ? and recipient = ?',
    [runId, recipient],
  );
}

/** The link a token's digest names, while it works; counts the download. */
export async function useReportLink(em: EntityManager, tokenSha256: string): Promise<ReportLink | null> {
  const [row] = await em.execute<Row[]>(
    `update report_links set downloads = downloads + 1
     where token_sha256 = ? and expires_at > now() and sent_at is not null
     returning run_id, recipient, expires_at, downloads`,
    [tokenSha256],
  );
  return row
    ? {
        runId: Number(row.run_id),
        recipient: String(row.recipient),
        expiresAt: instant(row.expires_at)!,
        downloads: Number(row.downloads),
      }
    : null;
}

/** The links of a run, for its page: who was sent one, until when, and how often it was used. */
export async function linksOfRun(em: EntityManager, runId: number): Promise<ReportLink[]> {
  const rows = await em.execute<Row[]>(
    'select run_id, recipient, expires_at, downloads from report_links where run_id = ? and sent_at is not null order by recipient',
    [runId],
  );
  return rows.map((row) => ({
    runId: Number(row.run_id),
    recipient: String(row.recipient),
    expiresAt: instant(row.expires_at)!,
    downloads: Number(row.downloads),
  }));
}
