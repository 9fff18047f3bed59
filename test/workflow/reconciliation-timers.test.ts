import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  DEFAULT_GRACE_DAYS,
  expectedSettlementDate,
  graceEndsAt,
} from '../../domain/reconciliation/reconciliation.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { searchAttributes } from '../../platform/temporal/search-attributes.js';
import { candidatesOf, importLines } from '../helpers/reconciliation.js';
import { eventually, startStack, type Stack } from '../helpers/stack.js';
import { scratchDatabase } from '../helpers/scratch-database.js';
import { startTimeSkippingServer } from '../helpers/time-skipping.js';

/**
 * A settlement day waits durably on the time-skipping server: through its grace period, then
 * once a day for a late line, without anyone signalling it.
 */
describe('a settlement day over its grace period', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  // A database of its own: every payment captured today by other suites would be due that day too.
  beforeAll(async () => {
    scratch = await scratchDatabase();
    env = await startTimeSkippingServer();
    stack = await startStack({ temporal: env, databaseUrl: scratch.url });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await env?.teardown();
    await scratch?.drop();
  });

  it('raises a captured payment no line settled once its grace is over, and closes when a late line settles it', async () => {
    const app = await stack.registerApp();
    const { reference } = await stack.paidPayment(app.test);
    const [payment] = await candidatesOf(stack, [reference]);
    const date = expectedSettlementDate(new Date(payment!.capturedAt!));
    expect(payment!.expectedSettlementDate).toBe(date);
    await stack.deps.orchestrator.startReconciliations({
      gateway: 'sslcommerz',
      mode: 'TEST',
      dates: [date],
    });
    const open = () =>
      stack.em().execute<Array<{ kind: string; status: string; action: string | null }>>(
        `select e.kind, e.status, e.action from recon_exceptions e join recon_runs r on r.id = e.run_id
            where r.gateway = 'sslcommerz' and r.mode = 'TEST' and r.settlement_date = ?::date`,
        [date],
      );
    await eventually(
      async () =>
        (
          await stack
            .em()
            .execute(
              `select 1 from recon_runs where gateway = 'sslcommerz' and mode = 'TEST' and settlement_date = ?::date`,
              [date],
            )
        ).length > 0,
      30_000,
      'the day matched',
    );
    // Within the grace period nothing is missing yet.
    expect(await open()).toEqual([]);

    // Past the grace period by an hour, measured on the server's clock: how far that is depends on
    // the hour of the day the payment was captured (its settlement date follows Dhaka's calendar).
    await env.sleep(graceEndsAt(date, DEFAULT_GRACE_DAYS) + 3_600_000 - (await env.currentTimeMs()));
    await eventually(async () => (await open()).length === 1, 30_000, 'unsettled payment');
    expect(await open()).toEqual([{ kind: 'UNSETTLED_PAYMENT', status: 'OPEN', action: null }]);

    // A run started directly on Temporal, saying the grace period lasts for years, cannot hold the
    // exception back to clear it: the day is judged by the deployment's grace period.
    const matchedAt = async () =>
      (
        await stack.em().execute<Array<{ at: string }>>(
          `select last_matched_at::text as at from recon_runs
              where gateway = 'sslcommerz' and mode = 'TEST' and settlement_date = ?::date`,
          [date],
        )
      )[0]!.at;
    const before = await matchedAt();
    const forged = await env.client.workflow.start('reconciliationWorkflow', {
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      workflowId: `forged-recon-${date}`,
      args: [{ gateway: 'sslcommerz', mode: 'TEST', settlementDate: date, graceDays: 3650 }],
    });
    await eventually(async () => (await matchedAt()) !== before, 30_000, 'the forged run matched');
    // The row changes inside the forged run's match, before Temporal hears the match finished and
    // the run takes its result: it is terminated only once it has judged the day (open, by the
    // deployment's grace) and waits on its daily timer. Terminated with a task in flight, the test
    // server keeps that task's time-skipping lock for good (temporalio/sdk-java#1138), and the real
    // run's daily timer below would then fire only after a day of the wall clock.
    await eventually(
      async () =>
        (await forged.describe()).typedSearchAttributes.get(searchAttributes.ReconStatus) === 'OPEN',
      30_000,
      'the forged run holds the day open',
    );
    expect(await open()).toEqual([{ kind: 'UNSETTLED_PAYMENT', status: 'OPEN', action: null }]);
    await forged.terminate('test over');

    // The gateway settles it a day late; nobody tells the workflow, its daily re-match finds it.
    await importLines(
      stack.em(),
      date,
      [
        {
          gatewayTransactionId: payment!.gatewayTransactionId!,
          reference: null,
          payoutBatch: 'LATE',
          grossMinor: payment!.amountMinor,
          feeMinor: payment!.feeBookedMinor,
        },
      ],
      { fileName: 'late.csv' },
    );
    const handle = env.client.workflow.getHandle(workflowIds.reconciliation('sslcommerz', 'TEST', date));
    expect(await handle.result()).toEqual({ status: 'CLOSED' });
    expect(await open()).toEqual([{ kind: 'UNSETTLED_PAYMENT', status: 'RESOLVED', action: 'AUTO' }]);
  }, 180_000);
});
