import { CpuQuotas } from './cpu-quota.js';
import type { BenchEnvironment } from './environment.js';
import { HttpClient } from './http.js';
import { lifecyclePhase, type LifecycleDeps } from './lifecycles.js';
import { closedLoop, round } from './load.js';
import { createOp } from './operations.js';
import type { BenchOptions } from './options.js';
import type { Sampler } from './sampler.js';

/**
 * `npm run bench -- --only scale-out --workers 4 --cpu-per-worker 0.1 --api-processes 2
 * --cpu-per-api 0.1`: whether more processes give more throughput when each has its own share of
 * the machine. Each API process and each worker runs in its own CPU group capped at its share, so
 * those processes are the bottleneck and Temporal, PostgreSQL and the simulator have room. The
 * creates of one API process are set against those of all of them (the workers uncapped), then
 * the lifecycles of 1, 2, 4 … capped workers (the API processes uncapped).
 */

/** The speed-up a step must reach over one process: 1.8× for 2, 3.2× for 4 (80–90 % efficiency). */
export function scaleOutTarget(processes: number): number {
  if (processes <= 1) return 1;
  return round(processes * (processes === 2 ? 0.9 : 0.8), 2);
}

/** 1, 2, 4 … up to `max`, and `max` itself when it is not a power of two. */
export function scaleOutSteps(max: number): number[] {
  const steps: number[] = [];
  for (let n = 1; n < max; n *= 2) steps.push(n);
  steps.push(max);
  return steps;
}

export interface ScaleOutStep {
  processes: number;
  share: number;
  perS: number;
  speedUp: number | null;
  target: number;
  /** The capped processes' CPU, summed, as % of their summed quota: near 100 when they are the bottleneck. */
  quotaUsedPercent: number | null;
  /** Their CPU milliseconds per create or lifecycle. */
  cpuMsEach: number | null;
  machineBusyPercent: number | null;
  failed: number;
  failures: Record<string, number>;
}

export interface ScaleOutResult {
  api: ScaleOutStep[] | null;
  workers: ScaleOutStep[] | null;
}

type Log = (message: string) => void;

/** At least 10 s: a process at a tenth of a core needs that long to optimise its hot code. */
const warmUpS = (options: BenchOptions) => Math.max(options.warmupS, 10);

function quotaUsed(
  sampler: Sampler,
  phase: string,
  group: string,
  quota: number,
  perS: number,
): Pick<ScaleOutStep, 'quotaUsedPercent' | 'cpuMsEach' | 'machineBusyPercent'> {
  const share = sampler.cpuBetween(`${phase}:start`, `${phase}:end`);
  if (!share) return { quotaUsedPercent: null, cpuMsEach: null, machineBusyPercent: null };
  const used = share.percentOfOneCore[group] ?? 0;
  return {
    quotaUsedPercent: round((used / (quota * 100)) * 100),
    cpuMsEach: perS > 0 ? round((used * 10) / perS, 2) : null,
    machineBusyPercent: share.machineBusyPercent,
  };
}

function withSpeedUps(steps: Array<Omit<ScaleOutStep, 'speedUp'>>): ScaleOutStep[] {
  const one = steps.find((step) => step.processes === 1)?.perS ?? 0;
  return steps.map((step) => ({ ...step, speedUp: one > 0 ? round(step.perS / one, 2) : null }));
}

/**
 * One step: `processes` capped processes of `kind` (the sampler's group) under load for the run,
 * with their CPU read between two marks.
 */
async function measuredStep(
  step: {
    kind: 'api' | 'worker';
    unit: string;
    processes: number;
    share: number;
    sampler: Sampler;
    log: Log;
  },
  run: () => Promise<{ perS: number; failed: number; failures: Record<string, number> }>,
): Promise<Omit<ScaleOutStep, 'speedUp'>> {
  const phase = `${step.kind}${step.processes}`;
  step.sampler.mark(`${phase}:start`);
  const result = await run();
  step.sampler.mark(`${phase}:end`);
  const measured = {
    processes: step.processes,
    share: step.share,
    ...result,
    target: scaleOutTarget(step.processes),
    ...quotaUsed(step.sampler, phase, step.kind, step.share * step.processes, result.perS),
  };
  step.log(
    `scale-out: ${step.processes} ${step.kind}(s) at ${step.share} core each: ${measured.perS} ${step.unit}/s, ` +
      `${measured.quotaUsedPercent ?? '-'}% of their quota, machine ${measured.machineBusyPercent ?? '-'}% busy`,
  );
  return measured;
}

/** Creates through one API process alone, then through all of them behind the balancer. */
async function apiSteps(
  env: BenchEnvironment,
  options: BenchOptions,
  share: number,
  quotas: CpuQuotas,
  sampler: Sampler,
  log: Log,
): Promise<ScaleOutStep[]> {
  for (const api of env.apis) quotas.limit(api.name, api.workPid, share);
  // Every process warms up together and long enough for its code to be optimised at its share:
  // a cold process measured first would make the later ones look better than linear.
  const balanced = new HttpClient(env.apiUrl);
  try {
    await closedLoop(options.concurrency, warmUpS(options), createOp(balanced, env.credentials), env.aborted);
  } finally {
    balanced.close();
  }
  const steps: Array<Omit<ScaleOutStep, 'speedUp'>> = [];
  for (const processes of [...new Set([1, env.apis.length])]) {
    const client = new HttpClient(processes === 1 ? env.apiUrls[0]! : env.apiUrl);
    try {
      const create = createOp(client, env.credentials);
      steps.push(
        await measuredStep({ kind: 'api', unit: 'creates', processes, share, sampler, log }, async () => {
          const run = await closedLoop(options.concurrency, options.durationS, create, env.aborted);
          return { perS: run.throughputPerS, failed: run.failed, failures: run.failures };
        }),
      );
    } finally {
      client.close();
    }
  }
  for (const api of env.apis) quotas.lift(api.name);
  return withSpeedUps(steps);
}

/** Lifecycles on 1, 2, 4 … workers, each capped, starting more workers between steps. */
async function workerSteps(
  env: BenchEnvironment,
  deps: LifecycleDeps,
  options: BenchOptions,
  share: number,
  quotas: CpuQuotas,
  sampler: Sampler,
  log: Log,
): Promise<ScaleOutStep[]> {
  const steps: Array<Omit<ScaleOutStep, 'speedUp'>> = [];
  const timeoutMs = options.webhookTimeoutS * 1000;
  for (const processes of scaleOutSteps(options.workers)) {
    while (env.workers.length < processes) {
      const worker = await env.addWorker();
      sampler.track(worker.name, worker.workPid, 'worker');
    }
    for (const worker of env.workers) quotas.limit(worker.name, worker.workPid, share);
    // Customers in proportion to the workers: a capped worker handed more workflow tasks than its
    // share can run in the task timeout only times them out (see the sizing rule in
    // docs/operations/scale-out.md).
    const customers = options.scaleOutCustomersPerWorker * processes;
    await lifecyclePhase(deps, customers, 0, warmUpS(options), timeoutMs, env.aborted);
    steps.push(
      await measuredStep({ kind: 'worker', unit: 'lifecycles', processes, share, sampler, log }, async () => {
        const run = await lifecyclePhase(deps, customers, 0, options.lifecycleS, timeoutMs, env.aborted);
        return { perS: run.completedPerS, failed: run.failed, failures: run.failures };
      }),
    );
    env.aborted.throwIfAborted();
  }
  return withSpeedUps(steps);
}

export async function runScaleOut(
  env: BenchEnvironment,
  deps: LifecycleDeps,
  options: BenchOptions,
  sampler: Sampler,
  log: Log,
): Promise<ScaleOutResult> {
  const quotas = new CpuQuotas();
  try {
    const api =
      options.cpuPerApi !== null
        ? await apiSteps(env, options, options.cpuPerApi, quotas, sampler, log)
        : null;
    const workers =
      options.cpuPerWorker !== null
        ? await workerSteps(env, deps, options, options.cpuPerWorker, quotas, sampler, log)
        : null;
    return { api, workers };
  } finally {
    quotas.release();
  }
}

/** Why `--only scale-out` cannot run with these options here, or null. */
export function scaleOutRefusal(options: BenchOptions): string | null {
  if (options.cpuPerApi === null && options.cpuPerWorker === null)
    return '--only scale-out needs --cpu-per-worker X and/or --cpu-per-api X';
  if (options.cpuPerApi !== null && options.apiProcesses < 2)
    return '--cpu-per-api compares 1 API process with several: give --api-processes 2 or more';
  if (options.cpuPerWorker !== null && options.workers < 2)
    return '--cpu-per-worker compares 1 worker with several: give --workers 2 or more';
  return CpuQuotas.unavailable();
}

export function scaleOutTargets(result: ScaleOutResult) {
  const checks = (kind: string, unit: string, steps: ScaleOutStep[] | null) =>
    (steps ?? [])
      .filter((step) => step.processes > 1)
      .map((step) => ({
        name: `${step.processes} ${kind} at ${step.share} core each ÷ 1 (${unit})`,
        target: `>= ${step.target}`,
        value: step.speedUp,
        pass: step.speedUp !== null && step.speedUp >= step.target && step.failed === 0,
      }));
  return [
    ...checks('API processes', 'creates/s', result.api),
    ...checks('workers', 'lifecycles/s', result.workers),
  ];
}
