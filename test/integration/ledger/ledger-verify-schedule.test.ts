import {
  ensureLedgerVerifySchedule,
  ledgerVerifyScheduleId,
} from '../../../activities/ledger/ledger-verify-schedule.js';
import { LEDGER_CHECKS } from '../../../db/ledger/ledger-verify.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';

/**
 * `ledger:verify`'s checks run once for the deployment on a Temporal schedule, not on every API
 * process's scrape: creating the schedule runs them once at once, each run is a row, and /metrics
 * shows the latest run's findings per check.
 */
describe('the scheduled ledger checks', () => {
  let stack: Stack;
  /** Suites share the database: runs recorded before this suite are not this schedule's. */
  let runsBefore = 0;

  beforeAll(async () => {
    stack = await startStack();
    // Suites share the database: this one starts with no verification in the gate's interval.
    await stack.em().execute('delete from ledger_verify_gate');
    const [last] = await stack
      .em()
      .execute<Array<{ id: string | null }>>('select max(id) as id from ledger_verify_runs');
    runsBefore = Number(last?.id ?? 0);
  }, 120_000);
  afterAll(async () => {
    await stack?.em().execute('delete from ledger_verify_gate');
    await stack?.client.schedule.getHandle(ledgerVerifyScheduleId(stack.config.TEMPORAL_TASK_QUEUE)).delete();
    await stack?.close();
  });

  const runs = () =>
    stack
      .em()
      .getConnection()
      .execute<Array<{ breaches: number; checks: Array<{ name: string; breaches: number }> }>>(
        'select breaches, checks from ledger_verify_runs where id > ? order by id',
        [runsBefore],
      );

  it('runs when the schedule is created, records each check, and /metrics shows the run', async () => {
    await stack.paidPayment((await stack.registerApp()).test);
    const taskQueue = stack.config.TEMPORAL_TASK_QUEUE;
    await ensureLedgerVerifySchedule(stack.client, taskQueue, 3600);
    const [first] = await eventually(async () => ((await runs()).length ? runs() : null), 30_000, 'a run');
    expect(first!.breaches).toBe(0);
    expect(first!.checks).toEqual(LEDGER_CHECKS.map((check) => ({ name: check.name, breaches: 0 })));

    // A worker starting later finds the schedule: no second run until the interval, or a trigger.
    await ensureLedgerVerifySchedule(stack.client, taskQueue, 3600);
    const schedule = stack.client.schedule.getHandle(ledgerVerifyScheduleId(taskQueue));
    // A trigger within the deployment's verification interval passes the gate in PostgreSQL
    // first: the run reads nothing.
    await schedule.trigger();
    const throttled = await eventually(
      async () => {
        const { recentActions } = (await schedule.describe()).info;
        return recentActions.length >= 2 ? recentActions[recentActions.length - 1]! : null;
      },
      30_000,
      'the triggered run started',
    );
    expect(
      await stack.client.workflow
        .getHandle(throttled.action.workflow.workflowId, throttled.action.workflow.firstExecutionRunId)
        .result(),
    ).toMatchObject({ ran: false });
    expect(await runs()).toHaveLength(1);
    // Once the interval is over, a trigger runs the checks again.
    await stack
      .em()
      .execute("update ledger_verify_gate set last_started_at = last_started_at - interval '6 minutes'");
    await schedule.trigger();
    await eventually(async () => ((await runs()).length === 2 ? true : null), 30_000, 'the triggered run');
    // Only the triggers ran it again: the second ensure found the schedule and started nothing.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await runs()).toHaveLength(2);

    const metrics = await eventually(
      async () => {
        const text = await (await fetch(`${stack.apiUrl}/metrics`)).text();
        return /^ledger_verify_last_run_timestamp_seconds [1-9]/m.test(text) ? text : null;
      },
      30_000,
      'the run on /metrics',
    );
    for (const check of LEDGER_CHECKS)
      expect(metrics).toContain(`ledger_verify_breaches{check="${check.name}"} 0`);
  }, 120_000);
});
