import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { nextRunAt, periodOfRun } from '../../domain/reports/report-schedules.js';
import { instantInZone } from '../../domain/shared/company-day.js';
import { DEFAULT_COMPANY_TIME_ZONE } from '../../domain/shared/company-time.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { startMailCatcher, type MailCatcher } from '../../scripts/dev/mail-catcher.js';
import { workbookRows } from '../helpers/report-files.js';
import { eventually, startStack, type Stack } from '../helpers/stack.js';
import { startTimeSkippingServer } from '../helpers/time-skipping.js';

const ZONE = DEFAULT_COMPANY_TIME_ZONE;
const HOUR = 3_600_000;

interface RunRow {
  id: string;
  reference: string;
  period_from: string;
  period_to: string;
  row_count: number;
  delivery_status: string;
  delivery_detail: string | null;
}

/**
 * A daily report schedule on the time-skipping server, with the real worker, PostgreSQL and a
 * real SMTP server (the development mail catcher): the run at 00:05 in Dhaka covers yesterday,
 * is emailed as a link that downloads the XLSX for 7 days, is audited; a paused schedule makes
 * nothing, a resumed one runs again, "Run now" of a period already made makes no second file,
 * and a deleted schedule's workflow ends.
 */
describe('report schedules, days skipped', () => {
  let env: TestWorkflowEnvironment;
  let catcher: MailCatcher;
  let stack: Stack;

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    stack = await startStack({
      temporal: env,
      configOverrides: { SMTP_URL: catcher.smtpUrl, EMAIL_FROM: 'reports@oi-payments.test' },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await catcher?.close();
    await env?.teardown();
  });

  const runsOf = (scheduleId: number) =>
    stack.em().execute<RunRow[]>(
      `select id, reference, to_char(period_from, 'YYYY-MM-DD') as period_from, to_char(period_to, 'YYYY-MM-DD') as period_to,
                row_count, delivery_status, delivery_detail
           from report_runs where schedule_id = ? order by id`,
      [scheduleId],
    );
  const mailsTo = (address: string) => catcher.messages().filter((m) => m.recipients.includes(address));
  const skip = async (ms: number) => env.sleep(ms);

  it('runs at its time in the company zone, emails a 7-day link to the file, and obeys pause, resume, run now and delete', async () => {
    const app = await stack.registerApp();
    const start = new Date(await env.currentTimeMs());
    const timing = { cadence: 'DAILY' as const, at: '00:05' };
    const firstAt = nextRunAt(timing, start, ZONE);
    const period = periodOfRun('DAILY', firstAt, ZONE);
    // Two payments made on the day the first run covers (noon in Dhaka), one the day after it.
    const inPeriod = [
      await stack.createPayment(app.test, { amountMinor: 12_345 }),
      await stack.createPayment(app.test, { amountMinor: 5_000 }),
    ];
    const later = await stack.createPayment(app.test, { amountMinor: 7_777 });
    await stack
      .em()
      .execute('update payments set created_at = ? where reference in (?, ?)', [
        instantInZone(period.from, '12:00', ZONE),
        inPeriod[0]!.reference,
        inPeriod[1]!.reference,
      ]);
    await stack
      .em()
      .execute('update payments set created_at = ? where reference = ?', [
        new Date(instantInZone(period.to, '12:00', ZONE).getTime() + 24 * HOUR),
        later.reference,
      ]);

    const finance = await stack.createOperator('FINANCE');
    const session = await stack.adminLogin(finance.email, finance.password);
    const created = await session.call('POST', '/api/v1/admin/report-schedules', {
      body: {
        name: 'Daily payments',
        type: 'payments',
        format: 'xlsx',
        mode: 'TEST',
        appId: app.app.id,
        cadence: 'DAILY',
        at: '00:05',
        delivery: 'EMAIL',
        recipients: ['books@company.test'],
      },
    });
    expect(created.status).toBe(201);
    const scheduleId = created.body.data.id as number;
    expect(new Date(created.body.data.nextRunAt).getTime()).toBe(firstAt.getTime());
    expect(created.body.data.when).toBe('Every day at 00:05');

    // Nothing before its time.
    await skip(firstAt.getTime() - start.getTime() - 10 * 60_000);
    expect(await runsOf(scheduleId)).toHaveLength(0);

    await skip(11 * 60_000);
    const [first] = await eventually(
      async () => {
        const runs = await runsOf(scheduleId);
        return runs[0]?.delivery_status === 'DELIVERED' ? runs : null;
      },
      60_000,
      'the first run delivered',
    );
    expect(first).toMatchObject({ period_from: period.from, period_to: period.to, row_count: 2 });

    // One email, a link that downloads the XLSX without signing in, for 7 days.
    const [mail] = mailsTo('books@company.test');
    expect(mail!.subject).toBe(`Daily payments: ${period.from}`);
    const link = /https?:\/\/\S+\/reports\/download\/[0-9a-z]{32}/.exec(mail!.text ?? '')![0];
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('spreadsheetml');
    const rows = await workbookRows(Buffer.from(await download.arrayBuffer()));
    const header = rows[0] as string[];
    const references = rows.slice(1).map((row) => row[header.indexOf('reference')]);
    expect(references.sort()).toEqual(inPeriod.map((p) => p.reference).sort());
    expect(
      rows
        .slice(1)
        .map((row) => row[header.indexOf('amount_minor')])
        .sort(),
    ).toEqual([12_345, 5_000]);
    expect((await fetch(link.replace(/[0-9a-z]{32}$/, 'a'.repeat(32)))).status).toBe(404);

    // Every run and every delivery is in the audit log.
    const audit = await stack
      .em()
      .execute<Array<{ action: string }>>(
        "select action from audit_log where target_type = 'report_run' and target_id = ? order by id",
        [first!.reference],
      );
    expect(audit.map((a) => a.action)).toEqual(['report.run', 'report.delivered', 'report.downloaded']);

    // "Run now" makes the last whole day before the API's today and delivers it; asked again, it
    // finds that run: no second file, no second email.
    const runNow = async () => {
      const asked = await session.call('POST', `/api/v1/admin/report-schedules/${scheduleId}/run`);
      expect(asked.status).toBe(202);
      // Waited for by its status, not its result: awaiting a result would skip time to the schedule's next run.
      const handle = env.client.workflow.getHandle(asked.body.data.workflowId);
      await eventually(
        async () => (await handle.describe()).status.name === 'COMPLETED',
        60_000,
        'the run-now workflow to end',
      );
      return asked.body.data as { from: string; to: string };
    };
    const ranNow = await runNow();
    expect(await runsOf(scheduleId)).toHaveLength(2);
    expect(mailsTo('books@company.test')).toHaveLength(2);
    expect(await runNow()).toEqual(ranNow);
    const afterRunNow = await runsOf(scheduleId);
    expect(afterRunNow).toHaveLength(2);
    expect(afterRunNow[1]).toMatchObject({ period_from: ranNow.from, delivery_status: 'DELIVERED' });
    expect(mailsTo('books@company.test')).toHaveLength(2);

    // Paused: a day passes with no run.
    expect((await session.call('POST', `/api/v1/admin/report-schedules/${scheduleId}/pause`)).status).toBe(
      200,
    );
    await skip(25 * HOUR);
    expect(await runsOf(scheduleId)).toHaveLength(2);

    // Resumed: the next 00:05 runs the day before it.
    const resumed = await session.call('POST', `/api/v1/admin/report-schedules/${scheduleId}/resume`);
    expect(resumed.status).toBe(200);
    // The days skipped are the workflow's; the API's clock is the machine's, so the next run is reckoned here.
    const resumedAt = nextRunAt(timing, new Date(await env.currentTimeMs()), ZONE);
    await skip(resumedAt.getTime() - (await env.currentTimeMs()) + 60_000);
    const runs = await eventually(
      async () => {
        const all = await runsOf(scheduleId);
        return all.length === 3 && all[2]!.delivery_status === 'DELIVERED' ? all : null;
      },
      60_000,
      'the run after resuming delivered',
    );
    expect(runs[2]!.period_from).toBe(periodOfRun('DAILY', resumedAt, ZONE).from);

    // Deleted: the schedule's workflow ends; its runs stay.
    expect((await session.call('DELETE', `/api/v1/admin/report-schedules/${scheduleId}`)).status).toBe(200);
    await env.client.workflow
      .getHandle(workflowIds.reportSchedule(stack.config.TEMPORAL_TASK_QUEUE, scheduleId))
      .result();
    expect(await runsOf(scheduleId)).toHaveLength(3);
  }, 300_000);
});
