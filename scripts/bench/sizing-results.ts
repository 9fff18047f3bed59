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

/**
 * The generated table in a Markdown page sits between `<!-- sizing-table: <results file> -->` and
 * `<!-- /sizing-table -->`, so the page names the run its figures come from.
 */
const BLOCK = /<!-- sizing-table: (\S+) -->\n(?:[\s\S]*?\n)?<!-- \/sizing-table -->/;

/** The results file a page's table was generated from, or null when it has no table block. */
export function sizingBlockSource(page: string): string | null {
  return BLOCK.exec(page)?.[1] ?? null;
}

/** The page with its table block replaced by `markdown`, generated from `resultsFile`. */
export function withSizingBlock(page: string, resultsFile: string, markdown: string): string {
  if (!BLOCK.test(page))
    throw new Error('the page has no <!-- sizing-table: … --> … <!-- /sizing-table --> block');
  return page.replace(
    BLOCK,
    () => `<!-- sizing-table: ${resultsFile} -->\n${markdown}\n<!-- /sizing-table -->`,
  );
}
