import { round, steadyWindow, summarize, type LatencySummary, type WindowMarks } from './load.js';
import { runLifecycle, type Credentials, type LifecycleSample } from './operations.js';
import type { HttpClient } from './http.js';
import type { WebhookReceiver } from './webhook-receiver.js';

export interface LifecyclePhaseResult {
  durationS: number;
  concurrency: number;
  completed: number;
  /** Lifecycles whose webhook arrived inside the window, per second of the window. */
  completedPerS: number;
  failed: number;
  failures: Record<string, number>;
  ipnToWebhook: LatencySummary;
  endToEnd: LatencySummary;
  /** Some completed payments, for counting what a lifecycle costs Temporal. */
  sampleReferences: string[];
}

const SAMPLE_REFERENCES = 40;

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export type LifecycleDeps = {
  api: HttpClient;
  simulator: HttpClient;
  receiver: WebhookReceiver;
  credentials: Credentials;
};

/**
 * `concurrency` customers each pay, one payment after another: `warmupS` with the pipeline
 * filling and the code warming, then a `durationS` window in steady state (see steadyWindow).
 * Lifecycles whose webhook arrives inside the window count as throughput and give the latencies;
 * those still in flight at its end are finished but not counted.
 */
export async function lifecyclePhase(
  deps: LifecycleDeps,
  concurrency: number,
  warmupS: number,
  durationS: number,
  webhookTimeoutMs: number,
  signal: AbortSignal,
  marks: WindowMarks = { before: () => undefined, after: () => undefined },
): Promise<LifecyclePhaseResult> {
  const ipnToWebhook: number[] = [];
  const endToEnd: number[] = [];
  const sampleReferences: string[] = [];
  let inWindow = 0;
  const aborted = untilAborted(signal);
  aborted.catch(() => undefined);
  const run = await steadyWindow(
    concurrency,
    warmupS,
    durationS,
    // An abort must not wait out webhooks that will never come.
    () => Promise.race([runLifecycle(deps, webhookTimeoutMs), aborted]),
    signal,
    marks,
  );
  for (const { value: sample } of run.finished) {
    if (sample.finishedAt < run.windowStart || sample.finishedAt > run.windowEnd) continue;
    inWindow += 1;
    ipnToWebhook.push(sample.ipnToWebhookMs);
    endToEnd.push(sample.totalMs);
    if (sampleReferences.length < SAMPLE_REFERENCES) sampleReferences.push(sample.reference);
  }
  return {
    durationS,
    concurrency,
    completed: run.finished.length,
    completedPerS: round(inWindow / durationS),
    failed: run.failed,
    failures: run.failures,
    ipnToWebhook: summarize(ipnToWebhook),
    endToEnd: summarize(endToEnd),
    sampleReferences,
  };
}

/**
 * Customers arriving at a fixed rate, whatever the service does (open loop), for `durationS`:
 * how long the webhook takes after the IPN when the service is not saturated. `afterEach` runs
 * once a lifecycle's webhook arrived (its `index` in arrival order), as part of that lifecycle:
 * an app's follow-up on some payments, a refund for instance.
 */
export async function lifecycleOpenLoop(
  deps: LifecycleDeps,
  ratePerS: number,
  durationS: number,
  webhookTimeoutMs: number,
  signal: AbortSignal,
  afterEach?: (sample: LifecycleSample, index: number) => Promise<void>,
): Promise<LifecyclePhaseResult & { targetRatePerS: number }> {
  const ipnToWebhook: number[] = [];
  const endToEnd: number[] = [];
  const failures: Record<string, number> = {};
  const sampleReferences: string[] = [];
  let completed = 0;
  let failed = 0;
  const inFlight: Array<Promise<void>> = [];
  const intervalMs = 1000 / ratePerS;
  const total = Math.floor(ratePerS * durationS);
  const start = performance.now();
  for (let i = 0; i < total && !signal.aborted; i += 1) {
    const wait = start + i * intervalMs - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const index = i;
    inFlight.push(
      runLifecycle(deps, webhookTimeoutMs)
        .then(async (sample) => {
          await afterEach?.(sample, index);
          return sample;
        })
        .then(
          (sample) => {
            completed += 1;
            if (sampleReferences.length < SAMPLE_REFERENCES) sampleReferences.push(sample.reference);
            ipnToWebhook.push(sample.ipnToWebhookMs);
            endToEnd.push(sample.totalMs);
          },
          (error: unknown) => {
            failed += 1;
            const reason = error instanceof Error ? error.message.slice(0, 120) : String(error);
            failures[reason] = (failures[reason] ?? 0) + 1;
          },
        ),
    );
  }
  await Promise.all(inFlight);
  const elapsedS = (performance.now() - start) / 1000;
  return {
    durationS: round(elapsedS, 2),
    concurrency: 0,
    targetRatePerS: round(ratePerS),
    completed,
    completedPerS: round(completed / elapsedS),
    failed,
    failures,
    ipnToWebhook: summarize(ipnToWebhook),
    endToEnd: summarize(endToEnd),
    sampleReferences,
  };
}

/** Retries whole lifecycles until one succeeds: proof that the worker polls and the webhook path works. */
export async function firstLifecycle(
  deps: LifecycleDeps,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    signal.throwIfAborted();
    try {
      await runLifecycle(deps, Math.max(1_000, deadline - Date.now()));
      return round((performance.now() - started) / 1000, 2);
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`no payment completed within ${timeoutMs / 1000} s: ${String(last)}`);
}
