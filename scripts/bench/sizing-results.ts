import { z } from 'zod';
import { sizingMarkdown } from './sizing-table.js';

/** The part of a results file the table is made from, checked so a wrong file says what is wrong. */
const resultsFile = z.object({
  kind: z.literal('sizing'),
  startedAt: z.string(),
  perLifecycle: z.object({
    apiCpuMs: z.number(),
    workerCpuMs: z.number(),
    postgresCpuMs: z.number(),
    temporalCpuMs: z.number(),
    statements: z.number(),
    statementsCounted: z.enum(['statements', 'transactions']),
    rowsWritten: z.number(),
    walBytes: z.number(),
    databaseGrowthBytes: z.number(),
    temporalHistoryBytes: z.number(),
    temporalHistoryEvents: z.number(),
  }),
  footprint: z.object({
    apiPeakRssMb: z.number(),
    workerPeakRssMb: z.number(),
    poolMaxPerProcess: z.number(),
    busyConnectionsAtPeak: z.number(),
    measuredLifecyclesPerS: z.number(),
  }),
});

/** The Markdown `--table` prints for a results file's contents. */
export function tableFromResults(json: unknown): string {
  const parsed = resultsFile.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `not a bench:sizing results file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return sizingMarkdown(parsed.data.perLifecycle, parsed.data.footprint);
}
