import type { Router } from '@koa/router';
import { json } from './control.js';
import type { PanelDownload } from './fault-controls.js';
import type { SimulatorLink } from './mount.js';
import { addDays, dhakaDate, parseReportDate } from './settlement.js';

/** Where each simulator serves its settlement report, under its base path. */
export const SETTLEMENT_REPORT_PATH = '/__simulator/settlement-report';

/**
 * The index page's link to the report holding today's payments. A report lists what was captured
 * the day before its settlement date, so today's payments are in tomorrow's report: the link asks
 * for that one by name (`date=tomorrow`), instead of today's, which holds only yesterday's.
 */
export const TODAYS_PAYMENTS_REPORT_LINK: SimulatorLink = {
  label: "settlement report of today's payments (tomorrow's settlement date)",
  path: `${SETTLEMENT_REPORT_PATH}?date=tomorrow`,
};

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
 * today's (Asia/Dhaka): what is paid out today, for yesterday's payments. `date=tomorrow` is the
 * report of today's payments.
 */
export function registerSettlementReport(
  router: Router,
  now: () => number,
  write: (date: string) => SettlementReportFile | Promise<SettlementReportFile>,
): void {
  router.get(SETTLEMENT_REPORT_PATH, async (ctx) => {
    const asked = ctx.query.date;
    const today = dhakaDate(now());
    const date =
      asked === undefined ? today : asked === 'tomorrow' ? addDays(today, 1) : parseReportDate(asked);
    if (date === null) {
      return json(ctx, 400, { error: 'date must be a calendar date written YYYY-MM-DD, or tomorrow' });
    }
    const file = await write(date);
    ctx.status = 200;
    ctx.type = file.contentType;
    ctx.set('content-disposition', `attachment; filename="${file.fileName}"`);
    ctx.set('cache-control', 'no-store');
    ctx.body = file.body;
  });
}
