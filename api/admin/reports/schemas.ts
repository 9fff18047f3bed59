import { z } from 'zod';
import { HOST_KEY_SHA256 } from '../../../platform/sftp/host-key.js';
import { CADENCES, CLOCK_PATTERN } from '../../../domain/reports/report-schedules.js';
import { REPORT_FORMATS, REPORT_TYPES } from '../../../domain/reports/report-types.js';
import { MODES } from '../../../domain/shared/mode.js';
import { queryDay, queryInt } from '../../query-values.js';
import { reportRunIdParam, withPeriodRules } from '../../reports/report-schemas.js';

/** What finance sends to run a report now or to schedule one. */

const appId = z
  .number()
  .int()
  .positive()
  .nullable()
  .default(null)
  .describe("One app's money; null: every app");
const savedViewId = z
  .number()
  .int()
  .positive()
  .nullable()
  .default(null)
  .describe("A saved view of the report's list whose filters the report keeps");

export const runReportBody = withPeriodRules(
  z.strictObject({
    type: z.enum(REPORT_TYPES),
    format: z.enum(REPORT_FORMATS).default('csv'),
    mode: z.enum(MODES).default('TEST'),
    appId,
    savedViewId,
    from: queryDay().describe('The first day (YYYY-MM-DD, company time zone), included'),
    to: queryDay().describe('The last day, included'),
  }),
);
export type RunReportBody = z.infer<typeof runReportBody>;

/** An SFTP server a schedule delivers to: the service signs in with its own key; the host key is pinned. */
export const sftpDestinationBody = z.strictObject({
  host: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, 'must be a host name or an address'),
  port: z.number().int().min(1).max(65535).default(22),
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash or underscore'),
  directory: z
    .string()
    .trim()
    .regex(/^\/[^\0]*$/, 'must be an absolute path')
    .max(512)
    .refine((d) => !d.split('/').includes('..'), 'must not climb out with ..'),
  hostKeySha256: z
    .string()
    .trim()
    .regex(HOST_KEY_SHA256, 'must be the host key fingerprint as ssh-keygen -lf prints it (SHA256:…)'),
});

export const createScheduleBody = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    type: z.enum(REPORT_TYPES),
    format: z.enum(REPORT_FORMATS).default('csv'),
    mode: z.enum(MODES).default('TEST'),
    appId,
    savedViewId,
    cadence: z.enum(CADENCES),
    at: z
      .string()
      .regex(CLOCK_PATTERN, 'must be a time, HH:MM (24-hour)')
      .describe("In the company's time zone"),
    weekday: z
      .number()
      .int()
      .min(1)
      .max(7)
      .nullable()
      .default(null)
      .describe('1 (Monday) to 7 (Sunday), for WEEKLY'),
    monthDay: z.number().int().min(1).max(28).nullable().default(null).describe('1 to 28, for MONTHLY'),
    delivery: z.enum(['EMAIL', 'SFTP']),
    recipients: z.array(z.email().max(254)).max(20).default([]),
    sftp: sftpDestinationBody.nullable().default(null),
  })
  .refine((b) => (b.cadence === 'WEEKLY') === (b.weekday !== null), {
    message: 'a WEEKLY schedule names its weekday, and only it',
    path: ['weekday'],
  })
  .refine((b) => (b.cadence === 'MONTHLY') === (b.monthDay !== null), {
    message: 'a MONTHLY schedule names its day of the month, and only it',
    path: ['monthDay'],
  })
  .refine((b) => b.delivery !== 'EMAIL' || b.recipients.length > 0, {
    message: 'an email delivery needs at least one recipient',
    path: ['recipients'],
  })
  .refine((b) => (b.delivery === 'SFTP') === (b.sftp !== null), {
    message: 'an SFTP delivery names its server, and only it',
    path: ['sftp'],
  });
export type CreateScheduleBody = z.infer<typeof createScheduleBody>;

export const scheduleIdParam = z.coerce.number().int().positive();

export const adminReportRunsQuery = z.strictObject({
  type: z.enum(REPORT_TYPES).optional(),
  mode: z.enum(MODES).optional(),
  appId: queryInt({ min: 1 }).optional(),
  scheduleId: queryInt({ min: 1 }).optional(),
  size: queryInt({ min: 1, max: 100 }).default(50),
  after: reportRunIdParam.optional(),
});

export { reportRunIdParam };
