import { randomToken } from '../shared/ids.js';

/**
 * What a report can be, in what file, and who may ask for which. A report is a file of rows read
 * from the books when it runs (current to the minute), kept 90 days to download again.
 */

export const REPORT_TYPES = [
  'payments',
  'refunds',
  'payouts',
  'settlement-days',
  'journal',
  'statement',
] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

/** What each report holds, for the dashboard, the OpenAPI document and the SDKs' help. */
export const REPORT_TYPE_SUMMARIES: Readonly<Record<ReportType, string>> = {
  payments: 'Payments created in the period, one row each, oldest first',
  refunds: 'Refunds asked for in the period, one row each, oldest first',
  payouts: 'Payouts created in the period, one row each, oldest first',
  'settlement-days': "Each gateway's settlement days in the period: lines, matched, exceptions and totals",
  journal: 'The journal of the period: one row per posting, oldest entry first',
  statement:
    "An app's statement for the period: each payment, refund and payout with the fee kept and the net, then totals",
};

/** The reports an app's own key may run: its own money, never the books of others. */
export const APP_REPORT_TYPES = [
  'payments',
  'refunds',
  'payouts',
  'statement',
] as const satisfies readonly ReportType[];
export type AppReportType = (typeof APP_REPORT_TYPES)[number];

export const REPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** How long a run's file can be downloaded again by those who may read it. */
export const REPORT_RETENTION_DAYS = 90;
/** How long the link in a delivery email works, without signing in. */
export const REPORT_LINK_DAYS = 7;

const DAY_MS = 86_400_000;
export const retainedUntil = (createdAt: Date) =>
  new Date(createdAt.getTime() + REPORT_RETENTION_DAYS * DAY_MS);
export const linkValidUntil = (sentAt: Date) => new Date(sentAt.getTime() + REPORT_LINK_DAYS * DAY_MS);

/** `rpt_` + 20 chars: a run's id in the API, the dashboard and the audit log. */
export function newReportRunReference(): string {
  return `rpt_${randomToken(20)}`;
}
export const REPORT_RUN_REFERENCE_PATTERN = /^rpt_[0-9a-hjkmnp-tv-z]{20}$/;

/** The secret of a delivery email's download link: 32 characters (160 bits), unguessable. */
export function newReportLinkToken(): string {
  return randomToken(32);
}
export const REPORT_LINK_TOKEN_PATTERN = /^[0-9a-hjkmnp-tv-z]{32}$/;

/** The file's name: `payments-LIVE-2026-11-01-to-2026-11-30.csv`, safe on any file system. */
export function reportFileName(
  run: { type: ReportType; mode: string; from: string; to: string; appId?: number | null },
  format: ReportFormat,
): string {
  const parts = [run.type, ...(run.appId ? [`app-${run.appId}`] : []), run.mode, `${run.from}-to-${run.to}`];
  return `${parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_')).join('-')}.${format}`;
}
