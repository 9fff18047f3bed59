import type { Router } from '@koa/router';
import { json } from './control.js';
import type { PanelDownload } from './fault-controls.js';
import { dhakaDate, parseReportDate } from './settlement.js';

/** Where each simulator serves its settlement report, under its base path. */
export const SETTLEMENT_REPORT_PATH = '/__simulator/settlement-report';

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface SettlementReportFile {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

/** The panel's form for the report (`gateway`: its name in words). */
export function settlementReportDownload(gateway: string, format: string): PanelDownload {
  return {
    title: 'Settlement report',
    description: `${gateway}'s settlement report (${format}) for a settlement date: the payments captured and refunds completed the day before (Asia/Dhaka), with the settlement faults bound to them.`,
    path: SETTLEMENT_REPORT_PATH,
  };
}

/**
 * `GET /__simulator/settlement-report?date=YYYY-MM-DD`: the file, as a download. Without a date,
 * today's (Asia/Dhaka): what is paid out today.
 */
export function registerSettlementReport(
  router: Router,
  now: () => number,
  write: (date: string) => SettlementReportFile | Promise<SettlementReportFile>,
): void {
  router.get(SETTLEMENT_REPORT_PATH, async (ctx) => {
    const asked = ctx.query.date;
    const date = asked === undefined ? dhakaDate(now()) : parseReportDate(asked);
    if (date === null) return json(ctx, 400, { error: 'date must be a calendar date written YYYY-MM-DD' });
    const file = await write(date);
    ctx.status = 200;
    ctx.type = file.contentType;
    ctx.set('content-disposition', `attachment; filename="${file.fileName}"`);
    ctx.set('cache-control', 'no-store');
    ctx.body = file.body;
  });
}
