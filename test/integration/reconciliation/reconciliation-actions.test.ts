import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { verifyLedger } from '../../../db/ledger/ledger-verify.js';
import { capturesSettlingOn } from '../../../domain/reconciliation/reconciliation.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { candidateOf, importLines, runOf } from '../../helpers/reconciliation.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';
import { uniqueSettlementDay } from '../../helpers/settlement-days.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';

/**
 * Finance's actions that move money on a settlement day's exceptions, end to end: the API, the
 * day's workflow, PostgreSQL and the gateway simulator. Captures are moved back in time here so a
 * past day finds them unsettled: that happens in a database of this suite's own.
 */

const GATEWAY = 'sslcommerz';
const day = () => uniqueSettlementDay(2016);

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

interface ExceptionRow {
  reference: string;
  kind: string;
  status: string;
  action: string | null;
  detail: string;
}

const exceptionsOf = (em: EntityManager, date: string) =>
  em.execute<ExceptionRow[]>(
    `select e.reference, e.kind, e.status, e.action, e.detail from recon_exceptions e
       join recon_runs r on r.id = e.run_id
      where r.gateway = ? and r.mode = 'TEST' and r.settlement_date = ?::date order by e.id`,
    [GATEWAY, date],
  );

/** Starts a day's reconciliation and waits until it has matched with this many exceptions open. */
async function reconcile(stack: Stack, date: string, open: number): Promise<ExceptionRow[]> {
  await stack.deps.orchestrator.startReconciliations({ gateway: GATEWAY, mode: 'TEST', dates: [date] });
  await eventually(
    async () => (await runOf(stack.em(), date))?.open_exception_count === open,
    30_000,
    `${date} matched with ${open} open`,
  );
  return exceptionsOf(stack.em(), date);
}

const resolve = (session: Session, reference: string, body: object, headers?: Record<string, string>) =>
  session.call('POST', `/api/v1/admin/reconciliation/exceptions/${reference}/resolve`, {
    body,
    ...(headers && { headers }),
  });

/** What a set of journal entries moved through the gateway's clearing account, in total. */
async function clearingMoved(em: EntityManager, sources: string[]): Promise<number> {
  const [row] = await em.execute<Array<{ total: string | null }>>(
    `select sum(po.amount_minor) as total from journal_entries e
       join postings po on po.entry_id = e.id
       join ledger_accounts a on a.id = po.account_id and a.type = 'GATEWAY_CLEARING'
      where e.source_id in (select jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(sources)],
  );
  return Number(row!.total ?? 0);
}

describe('finance acting on reconciliation exceptions', () => {
  let stack: Stack;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    stack = await startStack({ databaseUrl: scratch.url });
  }, 90_000);
  afterAll(async () => {
    await stack?.close();
    await scratch?.drop();
  });

  it('an adjustment for a payment no line settled settles it: a line that comes later is a duplicate, not a second settlement', async () => {
    const app = await stack.registerApp();
    const paid = await candidateOf(stack, (await stack.paidPayment(app.test)).reference);
    const unsettledDay = day();
    // Captured on the eve of a long-past day whose report never named it. Ledger rows are
    // append-only: this suite's own database lets the test move one back in time.
    await stack.em().transactional(async (tx) => {
      await tx.execute(`set local session_replication_role = replica`);
      await tx.execute(
        `update journal_entries set created_at = ? where source_type = 'payment' and source_id = ?
            and kind in ('CAPTURE', 'UNAPPLIED_CAPTURE')`,
        [new Date(capturesSettlingOn(unsettledDay).from.getTime() + 3_600_000), paid.reference],
      );
    });
    const [unsettled] = await reconcile(stack, unsettledDay, 1);
    expect(unsettled).toMatchObject({ kind: 'UNSETTLED_PAYMENT', status: 'OPEN' });

    const finance = await stack.createOperator('FINANCE');
    const session = await stack.adminLogin(finance.email, finance.password);
    const adjusted = await resolve(session, unsettled!.reference, {
      action: 'POST_ADJUSTMENT',
      note: 'the gateway confirmed it paid this out with another batch',
    });
    expect(adjusted.status).toBe(200);
    expect(adjusted.body.data).toMatchObject({ status: 'RESOLVED', action: 'POST_ADJUSTMENT' });
    expect(await clearingMoved(stack.em(), [paid.reference, unsettled!.reference])).toBe(0);

    // The gateway's report for a later day settles it after all, once as booked and once with
    // another amount: each is a duplicate that says why, and neither is posted.
    const lateDay = day();
    const lines = await importLines(stack.em(), lateDay, [
      {
        gatewayTransactionId: paid.gatewayTransactionId!,
        reference: null,
        payoutBatch: 'BATCH-1',
        grossMinor: paid.amountMinor,
        feeMinor: paid.feeBookedMinor,
      },
      {
        gatewayTransactionId: 'ELSEWHERE',
        payoutBatch: 'BATCH-2',
        reference: paid.reference,
        grossMinor: paid.amountMinor + 700,
        feeMinor: paid.feeBookedMinor,
      },
    ]);
    const late = await reconcile(stack, lateDay, 2);
    expect(late.map((e) => [e.kind, e.status])).toEqual([
      ['DUPLICATE_LINE', 'OPEN'],
      ['DUPLICATE_LINE', 'OPEN'],
    ]);
    for (const e of late) expect(e.detail).toMatch(/already settled by an adjustment/);
    expect((await runOf(stack.em(), lateDay))!.matched_count).toBe(0);
    const keys = lines.map((l) => l.lineKey);
    expect(await clearingMoved(stack.em(), keys)).toBe(0);

    // Finance settles the lines against its adjustments: the payment's clearing stays empty, the
    // day closes, and the ledger's rules hold.
    for (const e of late) {
      expect(
        (await resolve(session, e.reference, { action: 'POST_ADJUSTMENT', note: 'the gateway paid it late' }))
          .body.data,
      ).toMatchObject({ status: 'RESOLVED' });
    }
    expect(
      await clearingMoved(stack.em(), [
        paid.reference,
        unsettled!.reference,
        ...keys,
        ...late.map((e) => e.reference),
      ]),
    ).toBe(0);
    expect(
      await stack.client.workflow.getHandle(workflowIds.reconciliation(GATEWAY, 'TEST', lateDay)).result(),
    ).toEqual({ status: 'CLOSED' });
    const breaches = (await verifyLedger(stack.em())).filter((check) => check.breaches.length > 0);
    expect(breaches).toEqual([]);
  }, 180_000);

  it('REFUND on a duplicate line asks for a real refund another operator approves, and resolves with it once it succeeds', async () => {
    const app = await stack.registerApp();
    // TEST refunds go straight to the gateway by the app's policy: finance's never do.
    const paid = await candidateOf(
      stack,
      (await stack.paidPayment(app.test, { amountMinor: 12_000 })).reference,
    );
    const date = day();
    const charged = { gatewayTransactionId: paid.gatewayTransactionId!, reference: null };
    const lines = await importLines(stack.em(), date, [
      { ...charged, payoutBatch: 'BATCH-1', grossMinor: paid.amountMinor, feeMinor: paid.feeBookedMinor },
      // The customer charged a second time for the same payment.
      { ...charged, payoutBatch: 'BATCH-2', grossMinor: paid.amountMinor, feeMinor: paid.feeBookedMinor },
    ]);
    const [duplicate] = await reconcile(stack, date, 1);
    expect(duplicate).toMatchObject({ kind: 'DUPLICATE_LINE', status: 'OPEN' });

    const requester = await stack.createOperator('FINANCE');
    const asking = await stack.adminLogin(requester.email, requester.password);
    const approver = await stack.createOperator('FINANCE');
    const approving = await stack.adminLogin(approver.email, approver.password);
    const refundsOfPayment = async () =>
      stack
        .em()
        .execute<Array<{ reference: string; status: string; amount_minor: string }>>(
          `select reference, status, amount_minor from refunds where payment_id = ? order by id`,
          [paid.id],
        );

    // More than the payment still holds is refused, and so is an amount with another action.
    const tooMuch = await resolve(asking, duplicate!.reference, {
      action: 'REFUND',
      note: 'charged twice',
      amountMinor: paid.amountMinor + 1,
    });
    expect([tooMuch.status, tooMuch.body.meta.errorCode]).toEqual([422, 'REFUND_EXCEEDS_REFUNDABLE']);
    const stray = await resolve(asking, duplicate!.reference, {
      action: 'MARK_RESOLVED',
      note: 'no',
      amountMinor: 100,
    });
    expect([stray.status, stray.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);
    expect(await refundsOfPayment()).toEqual([]);

    const key = { 'Idempotency-Key': `recon-refund-${randomBytes(6).toString('hex')}` };
    const body = { action: 'REFUND', note: 'the customer was charged twice' };
    const asked = await resolve(asking, duplicate!.reference, body, key);
    expect(asked.status).toBe(200);
    expect(asked.body.data).toMatchObject({
      reference: duplicate!.reference,
      status: 'OPEN',
      openExceptions: 1,
      // What the duplicate line charged.
      refund: {
        status: 'PENDING_APPROVAL',
        amountMinor: paid.amountMinor,
        currency: 'BDT',
        requestedByOperatorId: requester.id,
      },
    });
    const refundReference = asked.body.data.refund.reference as string;

    // The same request again answers the same; any other action waits for the refund.
    const repeated = await resolve(asking, duplicate!.reference, body, key);
    expect([repeated.status, repeated.body.data.refund?.reference]).toEqual([200, refundReference]);
    const reused = await resolve(asking, duplicate!.reference, { ...body, note: 'another' }, key);
    expect([reused.status, reused.body.meta.errorCode]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    for (const next of [body, { action: 'POST_ADJUSTMENT', note: 'booked instead' }]) {
      const waiting = await resolve(approving, duplicate!.reference, next);
      expect([waiting.status, waiting.body.meta.errorCode]).toEqual([409, 'RECON_REFUND_PENDING']);
    }
    expect(await refundsOfPayment()).toEqual([
      { reference: refundReference, status: 'PENDING_APPROVAL', amount_minor: String(paid.amountMinor) },
    ]);
    expect((await exceptionsOf(stack.em(), date))[0]).toMatchObject({ status: 'OPEN' });

    // The operator who asked cannot approve it; another finance operator does, through the
    // refund approval door, and the gateway carries it out.
    const self = await asking.call('POST', `/api/v1/admin/refunds/${refundReference}/approve`, { body: {} });
    expect([self.status, self.body.meta.errorCode]).toEqual([403, 'SELF_APPROVAL_FORBIDDEN']);
    const approved = await approving.call('POST', `/api/v1/admin/refunds/${refundReference}/approve`, {
      body: { comment: 'duplicate charge confirmed with the gateway' },
    });
    expect(approved.status).toBe(200);
    await eventually(
      async () => (await exceptionsOf(stack.em(), date))[0]?.status === 'RESOLVED',
      30_000,
      'the exception resolved by its refund',
    );
    expect(await refundsOfPayment()).toEqual([
      { reference: refundReference, status: 'SUCCEEDED', amount_minor: String(paid.amountMinor) },
    ]);
    const [resolved] = await stack
      .em()
      .execute<
        Array<{ action: string; resolved_by: string; refund: string; journal_entry_id: string | null }>
      >(
        `select e.action, e.resolved_by, r.reference as refund, e.journal_entry_id from recon_exceptions e
         join refunds r on r.id = e.resolving_refund_id where e.reference = ?`,
        [duplicate!.reference],
      );
    expect(resolved).toMatchObject({
      action: 'REFUND',
      resolved_by: String(requester.id),
      refund: refundReference,
    });
    expect(resolved!.journal_entry_id).not.toBeNull();
    // The duplicate line is settled once (its money, and the refund, leave clearing as reported).
    const kinds = await stack.em().execute<Array<{ kind: string; n: string }>>(
      `select kind, count(*) as n from journal_entries
        where source_id in (select jsonb_array_elements_text(?::jsonb)) group by kind order by kind`,
      [JSON.stringify([...lines.map((l) => l.lineKey), duplicate!.reference, refundReference])],
    );
    expect(Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]))).toEqual({
      ADJUSTMENT: 1,
      REFUND: 1,
      SETTLEMENT: 2,
    });
    const audit = await stack
      .em()
      .execute<Array<{ action: string; actor_id: string | null }>>(
        `select action, actor_id from audit_log where target_id in (?, ?) order by id`,
        [duplicate!.reference, refundReference],
      );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'refund.requested',
        'reconciliation.exception_refund_requested',
        'reconciliation.exception_resolved',
      ]),
    );
    expect(audit.find((a) => a.action === 'refund.requested')!.actor_id).toBe(String(requester.id));

    // The day hears of it and closes; finance's list shows the refund with the exception.
    expect(
      await stack.client.workflow.getHandle(workflowIds.reconciliation(GATEWAY, 'TEST', date)).result(),
    ).toEqual({ status: 'CLOSED' });
    const [run] = await stack
      .em()
      .execute<Array<{ id: string }>>(
        `select id from recon_runs where gateway = ? and mode = 'TEST' and settlement_date = ?::date`,
        [GATEWAY, date],
      );
    const listed = await approving.call('GET', `/api/v1/admin/reconciliation/runs/${run!.id}/exceptions`);
    expect(listed.body.data.items[0]).toMatchObject({
      reference: duplicate!.reference,
      status: 'RESOLVED',
      action: 'REFUND',
      resolvingRefundReference: refundReference,
      resolvingRefundStatus: 'SUCCEEDED',
    });
    const breaches = (await verifyLedger(stack.em())).filter((check) => check.breaches.length > 0);
    expect(breaches).toEqual([]);
  }, 180_000);
});
