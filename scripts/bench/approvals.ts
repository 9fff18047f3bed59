import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { createSweeperActivities } from '../../activities/payments/sweeper-activities.js';
import { createOperator } from '../../db/operators/operators.js';
import { approvalWorkflowId } from '../../domain/approvals/approval-windows.js';
import { createOrm } from '../../platform/orm/orm.js';
import { closedLoop, round, type RunResult } from './load.js';
import { baselineOp } from './operations.js';
import { sleep } from './processes.js';

/**
 * The approvals section (`--only approvals`): what the acts waiting for a second person cost the
 * sweeper and Temporal, beside bare workflow starts of the same run. The sweeper (run every
 * minute) asks for one approvals workflow per open act; the section times a sweep with none, the
 * sweep that starts `acts` workflows for acts already past their window and how long until every
 * one is EXPIRED, the sweep that starts `acts` workflows for fresh acts, and the next sweep,
 * which finds them all running (the steady cost of a minute), and counts one open act's history.
 */

export interface ApprovalSummary {
  acts: number;
  /** Bare workflow starts in a closed loop, the same run. */
  baseline: RunResult;
  /** A sweep with no open act: the rest of the sweeper's work. */
  emptySweepMs: number;
  lapsed: {
    /** The sweep that starts a workflow for each lapsed act. */
    sweepMs: number;
    /** From that sweep's start until every act is EXPIRED. */
    closedS: number | null;
    closedPerS: number | null;
  };
  open: {
    /** The sweep that starts a workflow for each fresh act. */
    firstSweepMs: number;
    startsPerS: number;
    /** The next sweep, every act's workflow already running: the cost each minute while they wait. */
    againSweepMs: number;
    /** Events in one open act's history after its first read (it reads again each hour). */
    historyEvents: number | null;
  };
}

export interface ApprovalPhaseDeps {
  client: Client;
  databaseUrl: string;
  taskQueue: string;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return round(performance.now() - started);
}

/** `count` pending people changes (password resets) proposed `ageDays` ago by `operatorId`. */
async function propose(
  db: EntityManager,
  operatorId: number,
  count: number,
  ageDays: number,
  tag: string,
): Promise<void> {
  await db.execute(
    `insert into people_changes (kind, target_key, details, status, proposed_by, proposed_at)
     select 'RESET_PASSWORD', 'bench-' || ? || '-' || n, jsonb_build_object('kind', 'RESET_PASSWORD', 'email', 'bench-' || n || '@ops.example'),
            'PENDING', ?, now() - make_interval(days => ?)
       from generate_series(1, ?) as n`,
    [tag, operatorId, ageDays, count],
  );
}

async function waitForExpired(
  db: EntityManager,
  tag: string,
  count: number,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    signal.throwIfAborted();
    const [row] = await db.execute<Array<{ n: string }>>(
      `select count(*) as n from people_changes where target_key like ? and status = 'EXPIRED'`,
      [`bench-${tag}-%`],
    );
    if (Number(row?.n ?? 0) >= count) return true;
    await sleep(200);
  }
  return false;
}

export async function runApprovalPhase(
  deps: ApprovalPhaseDeps,
  options: { acts: number; durationS: number; concurrency: number },
  hooks: { log: (message: string) => void; signal: AbortSignal },
): Promise<ApprovalSummary> {
  const orm = await createOrm({ databaseUrl: deps.databaseUrl, poolMax: 20 });
  try {
    const em = () => orm.em.fork() as EntityManager;
    const sweeper = createSweeperActivities({
      orm,
      temporal: { client: deps.client, taskQueue: deps.taskQueue },
    });
    const proposer = await createOperator(em(), {
      email: `bench-approvals-${randomUUID().slice(0, 8)}@ops.example`,
      password: randomUUID(),
      role: 'ADMIN',
    });

    hooks.log(`approvals: baseline, bare workflow starts for ${options.durationS} s`);
    const baseline = await closedLoop(
      options.concurrency,
      options.durationS,
      baselineOp(deps.client, `bench-noop-approvals-${Date.now()}`),
      hooks.signal,
    );
    const empty: number[] = [];
    for (let i = 0; i < 3; i += 1) empty.push(await timed(() => sweeper.sweepStranded()));

    hooks.log(`approvals: ${options.acts} acts past their window`);
    await propose(em(), proposer.id, options.acts, 8, 'lapsed');
    const lapsedStarted = performance.now();
    const lapsedSweepMs = await timed(() => sweeper.sweepStranded());
    const allClosed = await waitForExpired(em(), 'lapsed', options.acts, hooks.signal, 600_000);
    const closedS = allClosed ? round((performance.now() - lapsedStarted) / 1000) : null;

    hooks.log(`approvals: ${options.acts} fresh acts`);
    await propose(em(), proposer.id, options.acts, 0, 'open');
    const firstSweepMs = await timed(() => sweeper.sweepStranded());
    const againSweepMs = await timed(() => sweeper.sweepStranded());
    const [one] = await em().execute<Array<{ id: string }>>(
      `select id from people_changes where target_key = 'bench-open-1'`,
    );
    let historyEvents: number | null = null;
    if (one) {
      const handle = deps.client.workflow.getHandle(
        approvalWorkflowId(deps.taskQueue, { kind: 'people-change', id: Number(one.id) }),
      );
      // Its first read is done once the workflow sleeps on its timer.
      await sleep(2_000);
      historyEvents = (await handle.fetchHistory()).events?.length ?? null;
    }
    return {
      acts: options.acts,
      baseline,
      emptySweepMs: median(empty),
      lapsed: {
        sweepMs: lapsedSweepMs,
        closedS,
        closedPerS: closedS ? round(options.acts / closedS) : null,
      },
      open: {
        firstSweepMs,
        startsPerS: round(options.acts / (firstSweepMs / 1000)),
        againSweepMs,
        historyEvents,
      },
    };
  } finally {
    await orm.close();
  }
}

/** The section as printed lines: each row beside the same run's baseline. */
export function approvalLines(summary: ApprovalSummary): string[] {
  const { baseline, lapsed, open } = summary;
  return [
    `approvals (${summary.acts} acts):`,
    `  baseline: bare workflow starts ${baseline.throughputPerS}/s`,
    `  sweep with no open act: ${summary.emptySweepMs} ms`,
    `  lapsed acts: sweep ${lapsed.sweepMs} ms; all EXPIRED after ${lapsed.closedS ?? 'timeout'} s (${lapsed.closedPerS ?? '-'}/s)`,
    `  fresh acts: first sweep ${open.firstSweepMs} ms (${open.startsPerS} workflow starts/s); next sweep ${open.againSweepMs} ms`,
    `  one open act's history after its first read: ${open.historyEvents ?? '-'} events`,
  ];
}
