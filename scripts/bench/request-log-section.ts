import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { waitForDrain } from './drain.js';
import type { BenchEnvironment } from './environment.js';
import { HttpClient } from './http.js';
import type { BenchOptions } from './options.js';
import {
  REQUEST_LOG_GROUPS,
  requestLogTargets,
  runRequestLogPhases,
  type RequestLogOperation,
  type RequestLogSummary,
} from './request-log.js';
import type { CpuShare, Sampler } from './sampler.js';

const OPERATIONS: RequestLogOperation[] = ['read', 'create'];

/** request_log_dropped_total as one process's /metrics answers it; null when it cannot be read. */
async function droppedEntries(metricsUrl: string | undefined): Promise<number | null> {
  if (!metricsUrl) return null;
  try {
    const text = await (await fetch(metricsUrl)).text();
    const match = /^request_log_dropped_total (\S+)$/m.exec(text);
    return match ? Number(match[1]) : 0;
  } catch {
    return null;
  }
}

/**
 * `--only request-log` against the running service: the API processes at index 0 (log kept) and 1
 * (REQUEST_LOG_ENABLED=false) driven directly, rows of request_log counted around each run.
 */
export async function requestLogSection(
  options: BenchOptions,
  env: BenchEnvironment,
  client: Client,
  sampler: Sampler,
  log: (message: string) => void,
): Promise<{
  requestLog: RequestLogSummary;
  cpu: Record<string, CpuShare | null>;
  cpuMsPerOperation: Record<string, Record<string, number> | null>;
  targets: ReturnType<typeof requestLogTargets>;
  allTargetsPass: boolean;
}> {
  const [onUrl, offUrl] = env.apiUrls;
  const [onApi, offApi] = env.apis;
  if (!onUrl || !offUrl || !onApi) throw new Error('--only request-log needs its two API processes');
  const on = new HttpClient(onUrl);
  const off = new HttpClient(offUrl);
  const pg = new PgClient({ connectionString: env.databaseUrl });
  await pg.connect();
  log(
    `request log: ${OPERATIONS.join(' and ')} ${options.requestLogTogether ? 'at once ' : 'in turns '}against ${onApi.name} (log on) and ${offApi?.name} (log off), ${options.requestLogRounds} round(s) of ${options.requestLogS} s each way, ${options.concurrency} at a time`,
  );
  try {
    const requestLog = await runRequestLogPhases(
      {
        apis: { on, off },
        credentials: env.credentials,
        countRows: async () =>
          Number((await pg.query<{ n: string }>('select count(*) as n from request_log')).rows[0]!.n),
        dropped: () => droppedEntries(env.metricsUrls[onApi.name]),
        drain: async () => {
          await waitForDrain(client, 'payments', 120_000, env.aborted);
        },
      },
      {
        together: options.requestLogTogether,
        concurrency: options.concurrency,
        seconds: options.requestLogS,
        warmupS: options.warmupS,
        rounds: options.requestLogRounds,
        operations: OPERATIONS,
      },
      {
        log,
        mark: (name) => sampler.mark(name),
        cpuBetween: (from, to) => sampler.cpuBetween(from, to),
        signal: env.aborted,
      },
    );
    const cpu = Object.fromEntries(
      requestLog.runs.map((run) => {
        const name = `requestLog:${run.operation}:${requestLog.together ? 'both' : run.log}:${run.round}`;
        return [name, sampler.cpuBetween(`${name}:start`, `${name}:end`)];
      }),
    );
    const cpuMsPerOperation = Object.fromEntries(
      requestLog.comparisons.flatMap((c) =>
        (['on', 'off'] as const).map((side) => [
          `${c.operation}, log ${side}`,
          {
            [REQUEST_LOG_GROUPS[side]]: c[side].apiCpuMsPerRequest ?? 0,
            'postgres (bench db)': c[side].postgresCpuMsPerRequest ?? 0,
          },
        ]),
      ),
    );
    const targets = requestLogTargets(requestLog);
    return { requestLog, cpu, cpuMsPerOperation, targets, allTargetsPass: targets.every((t) => t.pass) };
  } finally {
    on.close();
    off.close();
    await pg.end();
  }
}
