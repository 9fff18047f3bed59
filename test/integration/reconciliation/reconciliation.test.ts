/**
 * Mostly waiting: this suite waits on worker processes it starts and kills mid-import, so it runs
 * in the waiting slot (test/helpers/waiting-slot-runner.js).
 *
 * @test-slot waiting
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { searchAttributes } from '../../../platform/temporal/search-attributes.js';
import { recordHistoryFixture } from '../../helpers/history-fixtures.js';
import { exceptionsOf, importLines, paidPayments, runOf } from '../../helpers/reconciliation.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';
import { uniqueSettlementDay } from '../../helpers/settlement-days.js';
import { spawnWorkerProcess } from '../../helpers/worker-process.js';

const GATEWAY = 'sslcommerz';

/** A settlement date of its own per test (the database and Temporal are shared): in 2024–2025. */
const pastDate = () => uniqueSettlementDay(2024);

async function entryCounts(em: EntityManager, lineKeys: string[]): Promise<Record<string, number>> {
  const rows = await em.execute<Array<{ source_id: string; kind: string; n: string }>>(
    `select source_id, kind, count(*) as n from journal_entries
      where source_type = 'settlement_line' and source_id in (select jsonb_array_elements_text(?::jsonb))
      group by source_id, kind`,
    [JSON.stringify(lineKeys)],
  );
  return Object.fromEntries(rows.map((r) => [`${r.kind} ${lineKeys.indexOf(r.source_id)}`, Number(r.n)]));
}

/** A worker entry point as its own OS process (test/helpers/worker-process.ts). */
function spawnWorker(stack: Stack, entry: string, extraEnv: Record<string, string> = {}): ChildProcess {
  return spawnWorkerProcess(stack, extraEnv, entry);
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGKILL');
  });
}

/*
 * Every test works on settlement days of its own (and payments of a new app), so they run side
 * by side: most of each is waiting on workflows, the crash drill on the heartbeat timeout that
 * tells Temporal its worker died.
 */
describe('reconciling a settlement day', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it.concurrent(
    'posts matched lines once, lists the exceptions, and closes the day once finance resolved them',
    async () => {
      const [exact, feeOff] = await paidPayments(stack, 2);
      const date = pastDate();
      const lines = await importLines(stack.em(), date, [
        // Settles the first payment as booked.
        {
          gatewayTransactionId: exact!.gatewayTransactionId!,
          reference: null,
          type: 'PAYMENT',
          grossMinor: exact!.amountMinor,
          feeMinor: exact!.feeBookedMinor,
        },
        // The second, found by our reference, with a fee far from the one booked.
        {
          gatewayTransactionId: 'NOT-OURS-1',
          reference: feeOff!.reference,
          type: 'PAYMENT',
          grossMinor: feeOff!.amountMinor,
          feeMinor: feeOff!.feeBookedMinor + 500,
        },
        // A line for nothing we know.
        {
          gatewayTransactionId: `UNKNOWN-${randomBytes(4).toString('hex')}`,
          reference: null,
          type: 'PAYMENT',
          grossMinor: 7_000,
          feeMinor: 140,
        },
        // The first payment settled again, in another batch.
        {
          gatewayTransactionId: exact!.gatewayTransactionId!,
          reference: null,
          type: 'PAYMENT',
          grossMinor: exact!.amountMinor,
          feeMinor: exact!.feeBookedMinor,
          payoutBatch: 'BATCH-2',
        },
      ]);
      const keys = lines.map((l) => l.lineKey);

      const [workflowId] = await stack.deps.orchestrator.startReconciliations({
        gateway: GATEWAY,
        mode: 'TEST',
        dates: [date],
      });
      expect(workflowId).toBe(workflowIds.reconciliation(GATEWAY, 'TEST', date));
      const opened = await eventually(
        async () => {
          const run = await runOf(stack.em(), date);
          return run && run.open_exception_count === 3 ? run : null;
        },
        30_000,
        'the day matched',
      );
      expect(opened).toMatchObject({ status: 'OPEN', matched_count: 1, line_count: 4 });
      expect((await exceptionsOf(stack.em(), date)).map((e) => e.kind)).toEqual([
        'DUPLICATE_LINE',
        'FEE_MISMATCH',
        'UNKNOWN_LINE',
      ]);
      const handle = stack.client.workflow.getHandle(workflowId!);
      await eventually(
        async () =>
          (await handle.describe()).typedSearchAttributes.get(searchAttributes.ReconStatus) === 'OPEN',
        10_000,
        'ReconStatus OPEN',
      );

      // The same lines again (a second import of the day): nothing is posted or listed twice.
      await stack.deps.orchestrator.startReconciliations({ gateway: GATEWAY, mode: 'TEST', dates: [date] });
      await eventually(
        async () => {
          const description = await handle.describe();
          return (
            description.typedSearchAttributes.get(searchAttributes.ReconStatus) === 'OPEN' &&
            description.historyLength > 20
          );
        },
        20_000,
        'matched again',
      );
      // One of the two lines for the first payment settles it (which: the lines' canonical order).
      const firstPosted = await entryCounts(stack.em(), keys);
      expect([{ 'SETTLEMENT 0': 1 }, { 'SETTLEMENT 3': 1 }]).toContainEqual(firstPosted);
      expect(await exceptionsOf(stack.em(), date)).toHaveLength(3);

      const exceptions = Object.fromEntries(
        (await exceptionsOf(stack.em(), date)).map((e) => [e.kind, e.reference]),
      );
      const resolve = (session: Awaited<ReturnType<Stack['adminLogin']>>, reference: string, body: object) =>
        session.call('POST', `/api/v1/admin/reconciliation/exceptions/${reference}/resolve`, { body });

      // Only finance acts, and posting money needs a fresh step-up.
      const support = await stack.createOperator('SUPPORT');
      const supportSession = await stack.adminLogin(support.email, support.password);
      expect(
        (await resolve(supportSession, exceptions.UNKNOWN_LINE!, { action: 'MARK_RESOLVED', note: 'x' })).body
          .meta.errorCode,
      ).toBe('FORBIDDEN');
      const finance = await stack.createOperator('FINANCE');
      const session = await stack.adminLogin(finance.email, finance.password);
      // Signing in counts as a fresh password for a few minutes: this session's has passed.
      await stack
        .em()
        .execute(
          `update operator_sessions set step_up_at = now() - interval '1 hour' where operator_id = ?`,
          [finance.id],
        );
      const unstepped = await resolve(session, exceptions.FEE_MISMATCH!, {
        action: 'ACCEPT_FEE_DIFFERENCE',
        note: 'new tariff',
      });
      expect([unstepped.status, unstepped.body.meta.errorCode]).toEqual([403, 'STEP_UP_REQUIRED']);
      expect((await session.stepUp()).status).toBe(200);
      const wrongAction = await resolve(session, exceptions.UNKNOWN_LINE!, {
        action: 'ACCEPT_FEE_DIFFERENCE',
        note: 'no',
      });
      expect([wrongAction.status, wrongAction.body.meta.errorCode]).toEqual([
        422,
        'RECON_ACTION_NOT_ALLOWED',
      ]);

      const accepted = await resolve(session, exceptions.FEE_MISMATCH!, {
        action: 'ACCEPT_FEE_DIFFERENCE',
        note: 'new tariff',
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body.data).toMatchObject({
        status: 'RESOLVED',
        action: 'ACCEPT_FEE_DIFFERENCE',
        openExceptions: 2,
      });
      const again = await resolve(session, exceptions.FEE_MISMATCH!, {
        action: 'MARK_RESOLVED',
        note: 'twice',
      });
      expect([again.status, again.body.meta.errorCode]).toEqual([409, 'RECON_EXCEPTION_NOT_OPEN']);

      const escalated = await resolve(session, exceptions.UNKNOWN_LINE!, {
        action: 'ESCALATE',
        note: 'ask the gateway',
      });
      expect(escalated.body.data).toMatchObject({ status: 'OPEN', action: 'ESCALATE', openExceptions: 2 });
      expect(
        (
          await resolve(session, exceptions.UNKNOWN_LINE!, {
            action: 'POST_ADJUSTMENT',
            note: 'gateway error, booked',
          })
        ).body.data,
      ).toMatchObject({ status: 'RESOLVED', openExceptions: 1 });
      expect(
        (
          await resolve(session, exceptions.DUPLICATE_LINE!, {
            action: 'POST_ADJUSTMENT',
            note: 'paid twice; gateway claws back next batch',
          })
        ).body.data,
      ).toMatchObject({ status: 'RESOLVED', openExceptions: 0 });

      // The day closes by itself once nothing is open.
      expect(await handle.result()).toEqual({ status: 'CLOSED' });
      expect((await runOf(stack.em(), date))!.status).toBe('CLOSED');
      expect((await handle.describe()).typedSearchAttributes.get(searchAttributes.ReconStatus)).toBe(
        'CLOSED',
      );
      expect(await entryCounts(stack.em(), keys)).toEqual({
        'SETTLEMENT 0': 1,
        'SETTLEMENT 1': 1,
        'FEE_ADJUSTMENT 1': 1,
        'SETTLEMENT 2': 1,
        'SETTLEMENT 3': 1,
      });
      // What the operator posted is an adjustment per exception, and the clearing nets to what the gateway still holds.
      const adjustments = await stack.em().execute<Array<{ amount_minor: string }>>(
        `select p.amount_minor from journal_entries e join postings p on p.entry_id = e.id
         join ledger_accounts a on a.id = p.account_id
        where e.kind = 'ADJUSTMENT' and a.type = 'GATEWAY_CLEARING'
          and e.source_id in (select jsonb_array_elements_text(?::jsonb)) order by p.amount_minor`,
        [JSON.stringify([exceptions.UNKNOWN_LINE, exceptions.DUPLICATE_LINE])],
      );
      expect(adjustments.map((a) => Number(a.amount_minor)).sort((a, b) => a - b)).toEqual(
        [lines[2]!.netMinor, lines[3]!.netMinor].sort((a, b) => a - b),
      );
      const audit = await stack
        .em()
        .execute<Array<{ action: string }>>(
          `select action from audit_log where target_type = 'recon_exception' and target_id = ? order by id`,
          [exceptions.UNKNOWN_LINE],
        );
      expect(audit.map((a) => a.action)).toEqual([
        'reconciliation.exception_escalated',
        'reconciliation.exception_resolved',
      ]);
      await recordHistoryFixture(workflowId!, 'reconciliation-closed-after-resolutions');
    },
    180_000,
  );

  it.concurrent(
    'matches the lines of a later import on a day already waiting, without posting the earlier ones again',
    async () => {
      const [late] = await paidPayments(stack, 1);
      const date = pastDate();
      const lines = await importLines(stack.em(), date, [
        {
          gatewayTransactionId: `LATE-${randomBytes(4).toString('hex')}`,
          reference: late!.reference,
          type: 'PAYMENT',
          grossMinor: late!.amountMinor + 1,
          feeMinor: 0,
        },
      ]);
      await stack.deps.orchestrator.startReconciliations({ gateway: GATEWAY, mode: 'TEST', dates: [date] });
      await eventually(
        async () => (await runOf(stack.em(), date))?.open_exception_count === 1,
        30_000,
        'mismatch',
      );
      expect((await exceptionsOf(stack.em(), date)).map((e) => e.kind)).toEqual(['AMOUNT_MISMATCH']);
      // A corrected line for the payment arrives in a later import: the day matches again.
      const corrected = await importLines(stack.em(), date, [
        {
          gatewayTransactionId: late!.gatewayTransactionId!,
          reference: null,
          type: 'PAYMENT',
          grossMinor: late!.amountMinor,
          feeMinor: late!.feeBookedMinor,
        },
      ]);
      await stack.deps.orchestrator.startReconciliations({ gateway: GATEWAY, mode: 'TEST', dates: [date] });
      await eventually(async () => (await runOf(stack.em(), date))?.matched_count === 1, 30_000, 'matched');
      expect(await entryCounts(stack.em(), [lines[0]!.lineKey, corrected[0]!.lineKey])).toEqual({
        'SETTLEMENT 1': 1,
      });
    },
    120_000,
  );

  it.concurrent(
    "turns a chargeback in a settlement report into the payment's dispute once, and finance settles its line",
    async () => {
      const [disputed] = await paidPayments(stack, 1);
      const date = pastDate();
      const [line] = await importLines(stack.em(), date, [
        {
          gatewayTransactionId: disputed!.gatewayTransactionId!,
          reference: null,
          type: 'CHARGEBACK',
          grossMinor: -disputed!.amountMinor,
          feeMinor: 300,
        },
      ]);
      await stack.deps.orchestrator.startReconciliations({ gateway: GATEWAY, mode: 'TEST', dates: [date] });
      await eventually(
        async () => (await runOf(stack.em(), date))?.open_exception_count === 1,
        30_000,
        'chargeback',
      );
      await stack.deps.orchestrator.startReconciliations({ gateway: GATEWAY, mode: 'TEST', dates: [date] });
      const disputes = await eventually(
        async () => {
          const rows = await stack
            .em()
            .execute<Array<{ amount_minor: string; status: string; entries: string }>>(
              `select d.amount_minor, d.status,
                (select count(*) from journal_entries e where e.source_type = 'dispute' and e.source_id = d.reference
                   and e.kind = 'DISPUTE') as entries
           from disputes d where d.payment_id = ?`,
              [disputed!.id],
            );
          return rows.length ? rows : null;
        },
        20_000,
        'dispute',
      );
      expect(disputes).toEqual([
        { amount_minor: String(disputed!.amountMinor), status: 'LOST', entries: '1' },
      ]);

      const [exception] = await exceptionsOf(stack.em(), date);
      expect(exception!.kind).toBe('CHARGEBACK');
      const finance = await stack.createOperator('FINANCE');
      const session = await stack.adminLogin(finance.email, finance.password);
      const settled = await session.call(
        'POST',
        `/api/v1/admin/reconciliation/exceptions/${exception!.reference}/resolve`,
        {
          body: { action: 'POST_ADJUSTMENT', note: 'chargeback fee booked' },
        },
      );
      expect(settled.body.data).toMatchObject({ status: 'RESOLVED', openExceptions: 0 });
      expect(await entryCounts(stack.em(), [line!.lineKey])).toEqual({ 'SETTLEMENT 0': 1 });
      // What the gateway kept besides the amount is the difference posted.
      const [adjustment] = await stack.em().execute<Array<{ amount_minor: string }>>(
        `select p.amount_minor from journal_entries e join postings p on p.entry_id = e.id
         join ledger_accounts a on a.id = p.account_id
        where e.kind = 'ADJUSTMENT' and e.source_id = ? and a.type = 'GATEWAY_CLEARING'`,
        [exception!.reference],
      );
      expect(Number(adjustment!.amount_minor)).toBe(-300);
    },
    120_000,
  );

  it.concurrent(
    'posts nothing twice when a worker killed right after it matched and posted a day is restarted',
    async () => {
      // A stack of its own without a worker: only the workers started here take its task queue.
      const drill = await startStack({ worker: false });
      const workers: ChildProcess[] = [];
      try {
        // The crashing worker starts up while the payments are taken: it serves them as any worker
        // would (it dies only once it has matched a day), beside the drill's own worker, which then
        // leaves the task queue to it.
        const crashing = spawnWorker(drill, 'test/helpers/crashing-worker.ts', { CRASH_AT: 'recon-matched' });
        workers.push(crashing);
        const died = new Promise((resolve) => crashing.once('exit', resolve));
        await drill.startWorker();
        const payments = await paidPayments(drill, 2);
        await drill.stopWorker();
        const date = pastDate();
        const lines = await importLines(
          drill.em(),
          date,
          payments.map((p) => ({
            gatewayTransactionId: p.gatewayTransactionId!,
            reference: null,
            type: 'PAYMENT' as const,
            grossMinor: p.amountMinor,
            feeMinor: p.feeBookedMinor + 3,
          })),
        );
        await drill.deps.orchestrator.startReconciliations({ gateway: GATEWAY, mode: 'TEST', dates: [date] });
        await died;
        // Everything committed before the worker died; Temporal never heard the activity finished.
        const keys = lines.map((l) => l.lineKey);
        const posted = { 'SETTLEMENT 0': 1, 'FEE_ADJUSTMENT 0': 1, 'SETTLEMENT 1': 1, 'FEE_ADJUSTMENT 1': 1 };
        expect(await entryCounts(drill.em(), keys)).toEqual(posted);

        workers.push(spawnWorker(drill, 'worker/main.ts'));
        const handle = drill.client.workflow.getHandle(workflowIds.reconciliation(GATEWAY, 'TEST', date));
        // No exceptions and past its grace: the retried match finds everything done and the day closes.
        expect(await handle.result()).toEqual({ status: 'CLOSED' });
        expect(await entryCounts(drill.em(), keys)).toEqual(posted);
        const [matches] = await drill
          .em()
          .execute<Array<{ n: string }>>(
            `select count(*) as n from recon_matches m join recon_runs r on r.id = m.run_id where r.settlement_date = ?::date and r.gateway = ?`,
            [date, GATEWAY],
          );
        expect(Number(matches!.n)).toBe(2);
      } finally {
        await Promise.all(workers.map(killHard));
        await drill.close();
      }
    },
    180_000,
  );
});
