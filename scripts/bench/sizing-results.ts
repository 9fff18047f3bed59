import { z } from 'zod';
import { DEFAULT_ASSUMPTIONS, perProcessCapacity, sizingMarkdown } from './sizing-table.js';

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

function parseResults(json: unknown): z.infer<typeof resultsFile> {
  const parsed = resultsFile.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `not a bench:sizing results file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** The Markdown `--table` prints for a results file's contents. */
export function tableFromResults(json: unknown): string {
  const { perLifecycle, footprint } = parseResults(json);
  return sizingMarkdown(perLifecycle, footprint);
}

export interface ProcessResources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/**
 * A Kubernetes container's requests and limits for one API process and one worker, from the same
 * figures as the table's "carries" line: the cores a process is planned on (`coresPerProcess`)
 * and its measured peak resident set times the headroom, in MiB (the bench reads `VmHWM` in KiB
 * and divides by 1024). Requests equal limits: the headroom is already in the figure. With the CPU
 * target the table plans processes at, as the autoscalers' utilisation target.
 */
export function chartResourcesFromResults(json: unknown): {
  api: ProcessResources;
  worker: ProcessResources;
  cpuTargetPercent: number;
} {
  const { perLifecycle, footprint } = parseResults(json);
  const capacity = perProcessCapacity(perLifecycle, footprint);
  const of = (memoryMb: number): ProcessResources => {
    const figures = { cpu: String(DEFAULT_ASSUMPTIONS.coresPerProcess), memory: `${memoryMb}Mi` };
    return { requests: { ...figures }, limits: { ...figures } };
  };
  return {
    api: of(capacity.api.memoryMb),
    worker: of(capacity.worker.memoryMb),
    cpuTargetPercent: Math.round(DEFAULT_ASSUMPTIONS.cpuTarget * 100),
  };
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
