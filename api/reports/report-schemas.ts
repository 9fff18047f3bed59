import { z } from 'zod';
import {
  APP_REPORT_TYPES,
  REPORT_FORMATS,
  REPORT_RUN_REFERENCE_PATTERN,
} from '../../domain/reports/report-types.js';
import { queryDay, queryInt } from '../query-values.js';

/** The longest period one run covers: a year, so a run is bounded work. */
export const MAX_REPORT_DAYS = 366;

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

/** A period of days in the company's zone, both ends included, at most a year. */
export function withPeriodRules<T extends z.ZodType<{ from: string; to: string }>>(schema: T) {
  return schema
    .refine((b) => b.from <= b.to, { message: 'must not be before from', path: ['to'] })
    .refine((b) => b.from > b.to || daysBetween(b.from, b.to) <= MAX_REPORT_DAYS, {
      message: `a run covers at most ${MAX_REPORT_DAYS} days`,
      path: ['to'],
    });
}

const day = (what: string) =>
  queryDay().describe(`${what} (YYYY-MM-DD, a day in the company's time zone, COMPANY_TIME_ZONE), included`);

export const createReportRunBody = withPeriodRules(
  z.strictObject({
    type: z.enum(APP_REPORT_TYPES).describe('What the report holds'),
    from: day('The first day'),
    to: day('The last day'),
    format: z
      .enum(REPORT_FORMATS)
      .default('csv')
      .describe("The file's format; the rows are the same in both"),
  }),
);
export type CreateReportRunBody = z.infer<typeof createReportRunBody>;

export const reportRunIdParam = z
  .string()
  .regex(REPORT_RUN_REFERENCE_PATTERN, 'Expected a report run id (rpt_…)');

export const listReportRunsQuery = z.strictObject({
  type: z.enum(APP_REPORT_TYPES).optional().describe('Only runs of this type'),
  size: queryInt({ min: 1, max: 100 }).default(20).describe('How many runs, newest first'),
  after: reportRunIdParam.optional().describe("The previous page's last run id: the runs before it"),
});

export const reportFileQuery = z.strictObject({
  format: z.enum(REPORT_FORMATS).optional().describe("The file's format; the run's own when absent"),
});

export const reportRowsQuery = z.strictObject({
  offset: queryInt({ min: 0, max: 10_000_000 }).default(0).describe('Rows to skip'),
  limit: queryInt({ min: 1, max: 1000 }).default(100).describe('Rows to answer, at most 1000'),
});
