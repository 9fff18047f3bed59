import { runCheck, type DependencyCheck } from './dependency-check.js';

/** One part of readiness as reported: a dependency's check, or the process's own state with its figures. */
export type CheckReport = ({ status: 'ok' } | { status: 'failed'; reason: string }) & Record<string, unknown>;

/**
 * A check of the process's own state (the worker's pollers), or one that judges its own failures
 * (Temporal, tolerated for a while by the worker); plain dependencies go through runCheck.
 */
export type StateCheck = () => CheckReport | Promise<CheckReport>;

export interface ReadinessReport {
  /** `draining`: the process received SIGTERM and is finishing what it started. */
  status: 'ready' | 'not_ready' | 'draining';
  checks: Record<string, CheckReport>;
}

export interface Readiness {
  report(): Promise<ReadinessReport>;
  /** From now on not ready, whatever the dependencies say: the process is shutting down. */
  drain(): void;
  readonly draining: boolean;
}

export interface ReadinessOptions {
  /** Dependencies, asked concurrently, each within timeoutMs. */
  dependencies: Record<string, DependencyCheck>;
  /** The process's own state (and checks that judge their own failures), asked at the same time. */
  states?: Record<string, StateCheck>;
  timeoutMs: number;
  /** Hears when readiness changes, with the failed checks: a log line per change, not per probe. */
  onChange?: (report: ReadinessReport) => void;
}

/**
 * Readiness from checks that each say ok or why not. Probes that arrive while a round of checks
 * runs share it: however many probes (the orchestrator's, a load balancer's, a person's curl),
 * each dependency is asked at most once at a time.
 */
export function createReadiness(options: ReadinessOptions): Readiness {
  let draining = false;
  let round: Promise<ReadinessReport> | null = null;
  let last: ReadinessReport['status'] | null = null;

  const check = async (): Promise<ReadinessReport> => {
    // Draining, the dependencies no longer matter; the process's own state (what it still runs) does.
    const dependencies = draining ? [] : Object.entries(options.dependencies);
    const states = Object.entries(options.states ?? {});
    const results = await Promise.all([
      ...dependencies.map(([, dependency]) => runCheck(dependency, options.timeoutMs)),
      ...states.map(([, state]) => state()),
    ]);
    const checks: Record<string, CheckReport> = Object.fromEntries(
      [...dependencies, ...states].map(([name], i) => [name, results[i]!]),
    );
    const ready = results.every((result) => result.status === 'ok');
    return { status: draining ? 'draining' : ready ? 'ready' : 'not_ready', checks };
  };

  return {
    report() {
      round ??= check().finally(() => {
        round = null;
      });
      return round.then((report) => {
        if (report.status !== last) {
          last = report.status;
          options.onChange?.(report);
        }
        return report;
      });
    },
    drain() {
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}

/** The checks that failed, by name, with why: what an operator reads first. */
export function failedChecks(report: ReadinessReport): Record<string, string> {
  return Object.fromEntries(
    Object.entries(report.checks).flatMap(([name, result]) =>
      result.status === 'failed' ? [[name, String(result.reason)]] : [],
    ),
  );
}

/** The one-line message of a not-ready answer, naming each failed check and why. */
export function notReadyMessage(report: ReadinessReport): string {
  if (report.status === 'draining') return 'Draining: shutting down, finishing what is in flight';
  const failed = Object.entries(failedChecks(report)).map(([name, reason]) => `${name} (${reason})`);
  return `Not ready: ${failed.join('; ') || 'a check failed'}`;
}

/** The details of a not-ready answer (NOT_READY): the state, the failed checks' names, every check. */
export function notReadyDetails(report: ReadinessReport): Record<string, unknown> {
  return {
    status: report.status,
    failed: Object.keys(failedChecks(report)),
    checks: report.checks,
  };
}
