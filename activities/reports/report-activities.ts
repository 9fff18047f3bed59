import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, systemActor } from '../../db/operators/audit.js';
import { linkSent, markReportLinkSent, prepareReportLink } from '../../db/reports/report-links.js';
import {
  findReportRunById,
  recordDelivery,
  reportRunContent,
  type ReportRun,
} from '../../db/reports/report-runs.js';
import { findReportSchedule, type ReportSchedule } from '../../db/reports/report-schedules.js';
import { nextRunAt, periodOfRun } from '../../domain/reports/report-schedules.js';
import {
  REPORT_TYPE_SUMMARIES,
  linkValidUntil,
  newReportLinkToken,
  reportFileName,
} from '../../domain/reports/report-types.js';
import { companyZone } from '../../domain/shared/company-time.js';
import { reportDeliveryEmail } from '../../platform/email/report-delivery.js';
import { createMailTransport, type MailSettings } from '../../platform/email/transport.js';
import type { Orm } from '../../platform/orm/orm.js';
import { produceReportRun } from './produce-report.js';
import { reportFile } from './report-files.js';
import { deliverBySftp } from './sftp-delivery.js';

export interface ReportActivityDeps {
  orm: Orm;
  mail: MailSettings;
  publicUrl: string;
  /** COMPANY_TIME_ZONE: the zone schedules run in and periods are days of. */
  companyTimeZone?: string | undefined;
  /** The key the service signs in to SFTP servers with (REPORT_SFTP_PRIVATE_KEY_FILE's content); null: no SFTP. */
  reportSftpPrivateKey?: string | null;
}

/** What a schedule's workflow does next: wait for this instant, wait for a change, or stop. */
export type NextReportRun = { outcome: 'NEXT'; at: string } | { outcome: 'PAUSED' } | { outcome: 'DELETED' };

export type ReportDeliveryResult = { outcome: 'DELIVERED' | 'FAILED' | 'NOTHING'; detail: string };

/** The path of a download link; the token is its only secret. */
export const reportLinkPath = (token: string) => `/reports/download/${token}`;
export const tokenDigest = (token: string) => createHash('sha256').update(token).digest('hex');

const scheduleActor = (schedule: Pick<ReportSchedule, 'id' | 'name'>) =>
  systemActor(`report schedule #${schedule.id} (${schedule.name})`);

export function createReportActivities(deps: ReportActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const zone = () => companyZone(deps.companyTimeZone);
  const transport = createMailTransport(deps.mail);

  async function deliverByEmail(schedule: ReportSchedule, run: ReportRun): Promise<ReportDeliveryResult> {
    const runId = run.id;
    if (!transport)
      return { outcome: 'FAILED', detail: 'NO_TRANSPORT: SMTP_URL is not set, so no email was sent' };
    const refused: string[] = [];
    for (const [index, recipient] of schedule.recipients.entries()) {
      if (await linkSent(em(), runId, recipient)) continue;
      const token = newReportLinkToken();
      const validUntil = linkValidUntil(new Date());
      await prepareReportLink(em(), {
        tokenSha256: tokenDigest(token),
        runId,
        recipient,
        expiresAt: validUntil,
      });
      const sent = await transport.send(
        reportDeliveryEmail({
          key: `${run.reference}-${index}`,
          to: recipient,
          scheduleName: schedule.name,
          what: REPORT_TYPE_SUMMARIES[run.type],
          period: { from: run.from, to: run.to },
          rowCount: run.rowCount,
          fileName: reportFileName(run, run.format),
          url: new URL(reportLinkPath(token), deps.publicUrl).toString(),
          validUntil,
          mode: run.mode,
        }),
      );
      if (sent.outcome === 'SENT') await markReportLinkSent(em(), runId, recipient);
      else if (sent.outcome === 'REJECTED') refused.push(`${recipient}: ${sent.error}`);
      // The server may take it later: the activity's retry tries this recipient again.
      else throw new Error(`the mail server did not take the report for ${recipient} yet: ${sent.error}`);
    }
    return refused.length
      ? { outcome: 'FAILED', detail: `refused: ${refused.join('; ')}` }
      : { outcome: 'DELIVERED', detail: `emailed a link to ${schedule.recipients.join(', ')}` };
  }

  return {
    /** Reads the schedule again and answers when it next runs after `after` (or that it is paused or gone). */
    async nextReportRun(input: { scheduleId: number; after: string }): Promise<NextReportRun> {
      const schedule = await findReportSchedule(em(), input.scheduleId);
      if (!schedule || schedule.deletedAt) return { outcome: 'DELETED' };
      if (schedule.pausedAt) return { outcome: 'PAUSED' };
      return { outcome: 'NEXT', at: nextRunAt(schedule, new Date(input.after), zone()).toISOString() };
    },

    /**
     * Makes the schedule's run for the period before `at` (once: a retry or a second ask finds
     * the first run). Answers its id, or null when the schedule was deleted or paused meanwhile.
     */
    async runScheduledReport(input: { scheduleId: number; at: string }): Promise<{ runId: number | null }> {
      const schedule = await findReportSchedule(em(), input.scheduleId);
      if (!schedule || schedule.deletedAt) return { runId: null };
      const period = periodOfRun(schedule.cadence, new Date(input.at), zone());
      const { run } = await produceReportRun(
        em(),
        zone(),
        {
          type: schedule.type,
          format: schedule.format,
          mode: schedule.mode,
          appId: schedule.appId,
          filters: schedule.filters,
          ...period,
          scheduleId: schedule.id,
          idempotencyKey: null,
          deliveryStatus: 'PENDING',
        },
        scheduleActor(schedule),
        new Date(),
      );
      return { runId: run.id };
    },

    /**
     * Delivers a run as its schedule says now (email links, or the file on the SFTP server), and
     * records how it went on the run and in the audit log. A delivered run is not delivered again;
     * an email already sent to a recipient is not sent again.
     */
    async deliverReportRun(input: { runId: number }): Promise<ReportDeliveryResult> {
      const run = await findReportRunById(em(), input.runId);
      if (!run || run.scheduleId === null) return { outcome: 'NOTHING', detail: 'no such scheduled run' };
      if (run.deliveryStatus === 'DELIVERED')
        return { outcome: 'DELIVERED', detail: run.deliveryDetail ?? '' };
      const schedule = (await findReportSchedule(em(), run.scheduleId))!;
      let result: ReportDeliveryResult;
      if (schedule.delivery === 'EMAIL') {
        result = await deliverByEmail(schedule, run);
      } else {
        const content = await reportRunContent(em(), run.id);
        if (!content) return { outcome: 'NOTHING', detail: 'the run is no longer kept' };
        const file = reportFile(run, content, run.format);
        result = await deliverBySftp(schedule.sftp!, deps.reportSftpPrivateKey ?? null, {
          fileName: file.fileName,
          body: file.body,
        });
      }
      await em().transactional(async (tx) => {
        await recordDelivery(tx as EntityManager, run.id, {
          status: result.outcome === 'DELIVERED' ? 'DELIVERED' : 'FAILED',
          detail: result.detail,
        });
        await appendAudit(tx as EntityManager, scheduleActor(schedule), {
          action: result.outcome === 'DELIVERED' ? 'report.delivered' : 'report.delivery_failed',
          targetType: 'report_run',
          targetId: run.reference,
          after: { delivery: schedule.delivery, detail: result.detail },
        });
      });
      return result;
    },

    /** A delivery that kept failing until its time ran out: the run says so, for finance to see. */
    async recordReportDeliveryFailure(input: { runId: number; detail: string }): Promise<void> {
      await recordDelivery(em(), input.runId, { status: 'FAILED', detail: input.detail.slice(0, 500) });
    },
  };
}
