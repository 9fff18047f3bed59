import { cpus } from 'node:os';
import { setUpEnvironment, Resources, type BenchEnvironment } from '../bench/environment.js';
import { HttpClient } from '../bench/http.js';
import { firstLifecycle, lifecyclePhase, type LifecycleDeps } from '../bench/lifecycles.js';
import { round } from '../bench/load.js';
import { runLifecycle } from '../bench/operations.js';
import { readOptions } from '../bench/options.js';
import { sleep } from '../bench/processes.js';
import { writeSummary } from '../bench/report.js';
import { memoryKb } from '../bench/sampler.js';
import { metricValue, percentile, trendOf, type Trend } from './trend.js';

/**
 * `npm run soak`: the whole service (as `npm run bench` builds it) under half its measured peak of
 * full payment lifecycles for 30 minutes (`--minutes N`), reading every process's resident memory
 * and the API's and workers' V8 heap each minute, with that minute's p99s. A line fitted through
 * each series says whether it grows beyond noise; the run fails if the API's or a worker's memory
 * does, or if any lifecycle failed. Writes bench-results/soak.json.
 */

const MB = 1024 * 1024;
const log = (message: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}`);

interface SoakOptions {
  minutes: number;
  /** Lifecycles per second; null: half the peak measured first. */
  ratePerS: number | null;
  peakS: number;
}

function soakOptions(argv: string[]): { soak: SoakOptions; rest: string[] } {
  const rest: string[] = [];
  let minutes = Number(process.env.SOAK_MINUTES ?? 30);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    if (flag !== '--minutes') {
      rest.push(argv[i]!);
      continue;
    }
    minutes = Number(inline ?? argv[++i]);
  }
  if (!Number.isInteger(minutes) || minutes < 3)
    throw new Error('--minutes must be a whole number, 3 or more');
  const rate = process.env.SOAK_RATE ? Number(process.env.SOAK_RATE) : null;
  if (rate !== null && !(rate > 0))
    throw new Error('SOAK_RATE must be a positive number of lifecycles per second');
  return { soak: { minutes, ratePerS: rate, peakS: Number(process.env.SOAK_PEAK_S ?? 30) }, rest };
}

interface Minute {
  minute: number;
  completed: number;
  failed: number;
  p99EndToEndMs: number | null;
  p99IpnToWebhookMs: number | null;
  rssMb: Record<string, number | null>;
  heapUsedMb: Record<string, number | null>;
}

/** The V8 heap in use of a process serving /metrics (prom-client's default metrics), in MB. */
async function heapUsedMb(url: string, worker: boolean): Promise<number | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return null;
    const bytes = metricValue(
      await response.text(),
      `${worker ? 'oi_worker_' : ''}nodejs_heap_size_used_bytes`,
    );
    return bytes === null ? null : round(bytes / MB);
  } catch {
    return null;
  }
}

function processesOf(env: BenchEnvironment) {
  return [...env.apis, ...env.workers, env.simulator, env.temporal.child].map((child) => ({
    name: child.name,
    pid: child.workPid,
    metricsUrl: env.metricsUrls[child.name] ?? null,
    worker: env.workers.includes(child),
  }));
}

/** Lifecycles arriving at `ratePerS` for `minutes`, with a reading of every process each minute. */
async function soak(env: BenchEnvironment, deps: LifecycleDeps, ratePerS: number, minutes: number) {
  const started = performance.now();
  const minuteOf = (at: number) => Math.floor((at - started) / 60_000);
  const buckets = Array.from({ length: minutes }, () => ({
    endToEnd: [] as number[],
    ipnToWebhook: [] as number[],
    failed: 0,
  }));
  const failures: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  const readings: Minute[] = [];
  const processes = processesOf(env);

  /**
   * A reading every 10 s; a minute reports the median of its RSS readings and the lowest of its
   * heap readings (the heap just after a collection: what is live, not what awaits collecting).
   */
  const samples: Array<{ rss: Record<string, number | null>; heap: Record<string, number | null> }> = [];
  const readNow = async () => {
    const rss: Record<string, number | null> = {};
    const heap: Record<string, number | null> = {};
    for (const process of processes) {
      const kb = memoryKb(process.pid);
      rss[process.name] = kb ? round(kb.rss / 1024) : null;
      if (process.metricsUrl) heap[process.name] = await heapUsedMb(process.metricsUrl, process.worker);
    }
    samples.push({ rss, heap });
  };
  const readMinute = (minute: number) => {
    const taken = samples.splice(0);
    const of = (
      pick: (sample: (typeof taken)[number]) => number | null,
      combine: (values: number[]) => number,
    ) => {
      const values = taken.map(pick).filter((value): value is number => value !== null);
      return values.length === 0 ? null : round(combine(values));
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const rssMb: Record<string, number | null> = {};
    const heap: Record<string, number | null> = {};
    for (const process of processes) {
      rssMb[process.name] = of((sample) => sample.rss[process.name] ?? null, median);
      if (process.metricsUrl)
        heap[process.name] = of(
          (sample) => sample.heap[process.name] ?? null,
          (values) => Math.min(...values),
        );
    }
    return { minute, rssMb, heapUsedMb: heap };
  };

  const arrivals = (async () => {
    const total = Math.floor(ratePerS * minutes * 60);
    for (let i = 0; i < total && !env.aborted.aborted; i++) {
      const wait = started + (i * 1000) / ratePerS - performance.now();
      if (wait > 1) await sleep(wait);
      const begun = performance.now();
      const lifecycle = runLifecycle(deps, 60_000).then(
        (sample) => {
          const bucket = buckets[Math.min(minutes - 1, minuteOf(begun))]!;
          bucket.endToEnd.push(sample.totalMs);
          bucket.ipnToWebhook.push(sample.ipnToWebhookMs);
        },
        (error: unknown) => {
          buckets[Math.min(minutes - 1, minuteOf(begun))]!.failed += 1;
          const reason = error instanceof Error ? error.message.slice(0, 120) : String(error);
          failures[reason] = (failures[reason] ?? 0) + 1;
        },
      );
      inFlight.add(lifecycle);
      void lifecycle.finally(() => inFlight.delete(lifecycle));
    }
  })();

  const memory: Array<Awaited<ReturnType<typeof readMinute>>> = [];
  for (let minute = 0; minute < minutes && !env.aborted.aborted; minute++) {
    for (let tick = 1; tick <= 6; tick++) {
      await sleep(Math.max(0, started + minute * 60_000 + tick * 10_000 - performance.now()));
      await readNow();
    }
    memory.push(readMinute(minute));
    const bucket = buckets[minute]!;
    log(
      `minute ${minute + 1}/${minutes}: ${bucket.endToEnd.length} done so far, ${inFlight.size} in flight, ` +
        Object.entries(memory[minute]!.rssMb)
          .map(([name, mb]) => `${name} ${mb ?? '-'} MB`)
          .join(', '),
    );
  }
  await arrivals;
  await Promise.all([...inFlight]);
  env.aborted.throwIfAborted();
  for (const [minute, bucket] of buckets.entries()) {
    readings.push({
      minute: minute + 1,
      completed: bucket.endToEnd.length,
      failed: bucket.failed,
      p99EndToEndMs: percentile(bucket.endToEnd, 99),
      p99IpnToWebhookMs: percentile(bucket.ipnToWebhook, 99),
      rssMb: memory[minute]?.rssMb ?? {},
      heapUsedMb: memory[minute]?.heapUsedMb ?? {},
    });
  }
  return { readings, failures, processes: processes.map((p) => p.name) };
}

interface TrendRow {
  process: string;
  series: 'rss' | 'heap' | 'p99';
  trend: Trend | null;
  /** Judged: the service's own processes. Temporal's dev server keeps history in memory by design. */
  judged: boolean;
}

function trends(readings: Minute[], processes: string[]): TrendRow[] {
  const ours = (name: string) => name.startsWith('api') || name.startsWith('worker');
  const rows: TrendRow[] = [];
  for (const name of processes) {
    rows.push({
      process: name,
      series: 'rss',
      trend: trendOf(readings.map((r) => r.rssMb[name] ?? null)),
      judged: ours(name),
    });
    if (readings.some((r) => r.heapUsedMb[name] !== undefined)) {
      rows.push({
        process: name,
        series: 'heap',
        trend: trendOf(readings.map((r) => r.heapUsedMb[name] ?? null)),
        judged: ours(name),
      });
    }
  }
  rows.push({
    process: 'lifecycles',
    series: 'p99',
    // Latency is noisier than memory: growth counts past a quarter of its mean.
    trend: trendOf(
      readings.map((r) => r.p99EndToEndMs),
      0.25,
    ),
    judged: true,
  });
  return rows;
}

function print(readings: Minute[], rows: TrendRow[], processes: string[]): void {
  const header = [
    'min',
    'done',
    'failed',
    'p99 e2e',
    'p99 IPN->hook',
    ...processes.map((p) => `${p} RSS`),
    ...processes.filter((p) => readings.some((r) => r.heapUsedMb[p] !== undefined)).map((p) => `${p} heap`),
  ];
  const lines = readings.map((r) => [
    String(r.minute),
    String(r.completed),
    String(r.failed),
    `${r.p99EndToEndMs ?? '-'} ms`,
    `${r.p99IpnToWebhookMs ?? '-'} ms`,
    ...processes.map((p) => `${r.rssMb[p] ?? '-'}`),
    ...processes.filter((p) => r.heapUsedMb[p] !== undefined).map((p) => `${r.heapUsedMb[p] ?? '-'}`),
  ]);
  console.log(`\nEach minute (memory in MB)\n${[header, ...lines].map((l) => l.join('\t')).join('\n')}`);
  console.log('\nTrends (a line through the minutes after the first fifth)');
  for (const row of rows) {
    const t = row.trend;
    const verdict = !t
      ? 'too few readings'
      : t.grows
        ? row.judged
          ? 'GROWS (FAIL)'
          : 'grows (not judged)'
        : 'flat';
    console.log(
      `  ${row.process} ${row.series}: ${t ? `${t.slopePerMinute}/min, ${t.growth} over the fit against noise ${t.noise} (mean ${t.mean})` : '-'}: ${verdict}`,
    );
  }
}

async function main(): Promise<void> {
  const { soak: soakOpts, rest } = soakOptions(process.argv.slice(2));
  const options = {
    ...readOptions(process.env, rest),
    resultsPath: process.env.BENCH_RESULTS_PATH ?? 'bench-results/soak.json',
    // Payments only: no payout rails' simulators beside them.
    payoutS: 0,
    payoutBatchLines: 0,
  };
  const resources = new Resources();
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => resources.abort.abort(new Error(`interrupted by ${signal}`)));
  try {
    log(`setting up: ${options.apiProcesses} API process(es), ${options.workers} worker(s)`);
    const env = await setUpEnvironment(options, resources);
    const api = new HttpClient(env.apiUrl);
    const simulator = new HttpClient(env.simulatorUrl);
    resources.add('close http clients', () => {
      api.close();
      simulator.close();
    });
    const deps = { api, simulator, receiver: env.receiver, credentials: env.credentials };
    await firstLifecycle(deps, 180_000, env.aborted);
    let rate = soakOpts.ratePerS;
    let peak: number | null = null;
    if (rate === null) {
      log(`measuring the peak: ${options.lifecycleConcurrency} lifecycles in flight for ${soakOpts.peakS} s`);
      peak = (
        await lifecyclePhase(deps, options.lifecycleConcurrency, 0, soakOpts.peakS, 30_000, env.aborted)
      ).completedPerS;
      rate = round(Math.max(0.5, peak / 2), 2);
    }
    log(`soaking at ${rate} lifecycles/s for ${soakOpts.minutes} minutes (peak ${peak ?? 'not measured'})`);
    const result = await soak(env, deps, rate, soakOpts.minutes);
    const rows = trends(result.readings, result.processes);
    print(result.readings, rows, result.processes);
    const failed = result.readings.reduce((sum, r) => sum + r.failed, 0);
    const grows = rows.filter((row) => row.judged && row.trend?.grows);
    const pass = failed === 0 && grows.length === 0;
    const summary: Record<string, unknown> = {
      startedAt: new Date(Date.now() - soakOpts.minutes * 60_000).toISOString(),
      finishedAt: new Date().toISOString(),
      machine: { cores: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
      config: { ...options, databaseAdminUrl: undefined, ...soakOpts },
      peakPerS: peak,
      ratePerS: rate,
      readings: result.readings,
      failures: result.failures,
      trends: rows,
      pass,
    };
    const file = writeSummary(summary, options.resultsPath);
    console.log(
      `\n${pass ? 'PASS' : 'FAIL'}: ${failed} failed lifecycles; ${grows.length === 0 ? 'no judged series grows' : `grows: ${grows.map((g) => `${g.process} ${g.series}`).join(', ')}`}\nSummary written to ${file}`,
    );
    if (!pass) process.exitCode = 1;
  } catch (error) {
    console.error('soak failed:', error);
    process.exitCode = 1;
  } finally {
    log('tearing down');
    await resources.releaseAll();
  }
}

void main();
