import { verifyLedger } from '../../../db/ledger/ledger-verify.js';
import { setPayoutRules } from '../../../db/payouts/payout-rules.js';
import { lastAuditId, switchEveryRailOn } from '../../helpers/payout-rail-switches.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';
import { payoutBatchCalls, walletLine } from '../../helpers/payout-batches.js';

/**
 * A payout rail's kill switch per mode, on a real PostgreSQL and Temporal with the bKash
 * disbursement simulator: switched off, new payouts and batch lines on it are refused with
 * RAIL_SWITCHED_OFF and a payout already taken is held in the rail's queue without the rail being
 * asked anything; switched back on, the queue wakes and the payout is paid once. Back on in LIVE
 * waits for a second, independent ADMIN. Every change is audited. Money out has its own
 * permission, payouts.approve, with the refunds' step-up for large approvals.
 */
describe('payout rail switches', () => {
  let stack: Stack;
  let creds: Credentials;
  type Session = Awaited<ReturnType<Stack['adminLogin']>>;
  let finance: Session;
  let adminA: Session;
  let adminB: Session;
  let walletSeq = 0;
  /** Audit entries before this suite's are other suites' on the shared database. */
  let auditBefore = 0;

  const nextWallet = () => `0172${String(1_000_000 + walletSeq++).slice(-7)}`;
  const bkashPayout = (amountMinor: number) => ({
    amountMinor,
    beneficiary: { type: 'BKASH_WALLET', walletNumber: nextWallet(), name: 'Rahima Khatun' },
    narrative: 'Cashback',
  });
  const createPayout = (body: Record<string, unknown>) =>
    stack.api('POST', '/api/v1/payouts', { creds, body });
  const readPayout = async (reference: string) =>
    (await stack.api('GET', `/api/v1/payouts/${reference}`, { creds })).body.data;
  const settles = (reference: string, status: string, timeoutMs = 20_000) =>
    eventually(
      async () => {
        const payout = await readPayout(reference);
        return payout.status === status ? payout : null;
      },
      timeoutMs,
      `payout ${reference} ${status}`,
    );
  const transfersFor = async (reference: string) =>
    (
      await stack.gatewaySimulators.control<{
        transfers: Array<{ merchantInvoiceNumber: string; requests: number }>;
      }>('bkash-disbursement', 'GET', '/__simulator/transfers')
    ).transfers.filter((transfer) => transfer.merchantInvoiceNumber === reference);
  const switchRail = (session: Session, rail: string, mode: string, on: boolean) =>
    session.call('PUT', `/api/v1/admin/payouts/rails/${rail}/${mode}/switch`, { body: { on } });
  const switchOf = async (rail: string, mode: string) =>
    (await finance.call('GET', '/api/v1/admin/payouts/rail-switches')).body.data.items.find(
      (entry: { rail: string; mode: string }) => entry.rail === rail && entry.mode === mode,
    );
  const audit = (action: string) =>
    stack
      .em()
      .execute<
        Array<{ action: string; actor_label: string; target_id: string; after: Record<string, unknown> }>
      >(
        `select action, actor_label, target_id, after from audit_log where action = ? and id > ? order by id`,
        [action, auditBefore],
      );

  beforeAll(async () => {
    stack = await startStack({
      configOverrides: {
        // Long enough to switch the rail off between taking a payout and sending it.
        PAYOUT_CANCEL_WINDOW_SECONDS: '3',
        // A held payout leaves the queue when the rail is switched on, not on its own re-check.
        PAYOUT_QUEUE_RECHECK_SECONDS: '600',
        // Approving money out above this needs a fresh step-up, as approving a refund does.
        REFUND_APPROVAL_STEP_UP_ABOVE_MINOR: '50000',
      },
    });
    await switchEveryRailOn(stack.em());
    auditBefore = await lastAuditId(stack.em());
    creds = (await stack.registerApp()).test;
    const login = async (role: 'FINANCE' | 'ADMIN') => {
      const operator = await stack.createOperator(role);
      return stack.adminLogin(operator.email, operator.password);
    };
    finance = await login('FINANCE');
    adminA = await login('ADMIN');
    adminB = await login('ADMIN');
  });
  afterAll(async () => {
    if (stack) await switchEveryRailOn(stack.em());
    await stack?.close();
  });

  it('switched off: new payouts and batch lines on the rail are refused, other rails are not', async () => {
    const off = await switchRail(finance, 'bkash', 'TEST', false);
    expect(off.status).toBe(200);
    expect(off.body.data).toEqual({ rail: 'bkash', mode: 'TEST', on: false, woken: 0 });
    expect(await switchOf('bkash', 'TEST')).toMatchObject({
      on: false,
      configured: true,
      pendingChange: null,
    });
    expect(await switchOf('bkash', 'LIVE')).toMatchObject({ on: true });

    const refused = await createPayout(bkashPayout(10_000));
    expect(refused.status).toBe(422);
    expect(refused.body.meta.errorCode).toBe('RAIL_SWITCHED_OFF');
    expect(refused.body.meta.details).toEqual({ rail: 'bkash', mode: 'TEST' });

    const batch = await stack.api('POST', '/api/v1/payout-batches', {
      creds,
      body: {
        lines: [
          { lineReference: 'n-1', ...bkashPayout(10_000) },
          {
            lineReference: 'n-2',
            amountMinor: 10_000,
            beneficiary: { type: 'NAGAD_WALLET', walletNumber: '01711000009' },
          },
        ],
      },
    });
    expect(batch.status).toBe(422);
    expect(batch.body.meta.errorCode).toBe('PAYOUT_BATCH_LINES_INVALID');
    expect(batch.body.meta.details.lines).toEqual([
      expect.objectContaining({ line: 1, lineReference: 'n-1', errorCode: 'RAIL_SWITCHED_OFF' }),
    ]);

    const nagad = await createPayout({
      amountMinor: 10_000,
      beneficiary: { type: 'NAGAD_WALLET', walletNumber: '01711000010' },
    });
    expect(nagad.status).toBe(201);

    const [entry] = await audit('payout_rail.switched_off');
    expect(entry).toMatchObject({ target_id: 'bkash:TEST', after: expect.objectContaining({ on: false }) });
    expect(entry!.actor_label).toMatch(/^finance-/);
    await switchRail(finance, 'bkash', 'TEST', true);
  });

  it('a payout and a batch line taken before the switch are held in the queue, unasked, and paid once when the rail is back on', async () => {
    const created = await createPayout(bkashPayout(20_000));
    expect(created.status).toBe(201);
    const reference = created.body.data.reference as string;
    expect(created.body.data.status).toBe('SCHEDULED');
    const batch = await payoutBatchCalls(stack).createBatch(creds, [walletLine(61)], `held-${reference}`);
    expect(batch.body.data.status).toBe('SCHEDULED');
    expect((await switchRail(finance, 'bkash', 'TEST', false)).status).toBe(200);

    // Its workflow reads the switch right before sending: the payout waits in the rail's queue.
    const held = await settles(reference, 'QUEUED');
    expect(held.beneficiaryCheck ?? null).toBeNull();
    expect(await transfersFor(reference)).toHaveLength(0);
    // The batch's line too, in the workflow carrying its chunk.
    const line = await eventually(
      async () => {
        const [made] = await payoutBatchCalls(stack).payoutsOfBatch(batch.body.data.reference);
        return made && (await readPayout(made.reference)).status === 'QUEUED' && made.reference;
      },
      20_000,
      'the batch line QUEUED',
    );
    const rails = await finance.call('GET', '/api/v1/admin/payouts/rails');
    expect(rails.body.data.items.find((item: { rail: string }) => item.rail === 'bkash')?.queued ?? 2).toBe(
      2,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await readPayout(reference)).status).toBe('QUEUED');

    // Back on in TEST applies at once and wakes the queue: the payout's workflow and the chunk's.
    const on = await switchRail(finance, 'bkash', 'TEST', true);
    expect(on.status).toBe(200);
    expect(on.body.data).toEqual({ rail: 'bkash', mode: 'TEST', on: true, woken: 2 });
    const paid = await settles(reference, 'SUCCEEDED');
    expect(paid.beneficiaryCheck).toMatchObject({ status: 'VERIFIED' });
    const transfers = await transfersFor(reference);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]!.requests).toBe(1);
    expect((await settles(line, 'SUCCEEDED')).beneficiaryCheck).toMatchObject({ status: 'VERIFIED' });
    expect((await transfersFor(line)).map((transfer) => transfer.requests)).toEqual([1]);
    expect(await audit('payout_rail.switched_on')).toContainEqual(
      expect.objectContaining({ target_id: 'bkash:TEST' }),
    );

    const findings = await verifyLedger(stack.em());
    expect(findings.filter((finding) => finding.breaches.length > 0)).toEqual([]);
  }, 60_000);

  it('back on in LIVE is a proposal a second, independent ADMIN approves', async () => {
    expect((await switchRail(finance, 'nagad', 'LIVE', false)).status).toBe(200);
    const proposed = await switchRail(finance, 'nagad', 'LIVE', true);
    expect(proposed.status).toBe(202);
    expect(proposed.body.data).toMatchObject({
      rail: 'nagad',
      mode: 'LIVE',
      proposedOn: true,
      status: 'PENDING',
    });
    const id = proposed.body.data.id as number;
    expect(await switchOf('nagad', 'LIVE')).toMatchObject({ on: false, pendingChange: { id } });

    // FINANCE proposes but does not decide; an ADMIN's own proposal is not theirs to approve.
    const byFinance = await finance.call('POST', `/api/v1/admin/payouts/rail-switch-changes/${id}/approve`, {
      body: {},
    });
    expect(byFinance.status).toBe(403);
    expect(byFinance.body.meta.errorCode).toBe('FORBIDDEN');
    const again = await switchRail(adminA, 'nagad', 'LIVE', true);
    expect(again.status).toBe(202);
    expect(again.body.data.id).not.toBe(id);
    const own = await adminA.call(
      'POST',
      `/api/v1/admin/payouts/rail-switch-changes/${again.body.data.id}/approve`,
      {
        body: {},
      },
    );
    expect(own.status).toBe(403);
    expect(own.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    const superseded = await adminB.call('POST', `/api/v1/admin/payouts/rail-switch-changes/${id}/approve`, {
      body: {},
    });
    expect(superseded.status).toBe(409);
    expect(superseded.body.meta.errorCode).toBe('CONTROL_CHANGE_NOT_PENDING');

    const approved = await adminB.call(
      'POST',
      `/api/v1/admin/payouts/rail-switch-changes/${again.body.data.id}/approve`,
      { body: { comment: 'Nagad confirmed the fix' } },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'APPROVED', comment: 'Nagad confirmed the fix' });
    expect(await switchOf('nagad', 'LIVE')).toMatchObject({ on: true, pendingChange: null });
    expect((await audit('rail_switch_change.proposed')).length).toBe(2);
    expect(await audit('rail_switch_change.superseded')).toHaveLength(1);
    expect(await audit('rail_switch_change.approved')).toEqual([
      expect.objectContaining({ after: expect.objectContaining({ rail: 'nagad', mode: 'LIVE', on: true }) }),
    ]);
  });

  it('approving a payout above the step-up amount needs a fresh step-up; rejecting, or a smaller one, does not', async () => {
    const app = await stack.registerApp();
    await setPayoutRules(stack.em(), app.app.id, 'TEST', {
      enabled: true,
      floor: 1,
      bands: [{ currency: null, fromMinor: 0, toMinor: null, approvers: 1 }],
    });
    const waiting = async (amountMinor: number) => {
      const created = await stack.api('POST', '/api/v1/payouts', {
        creds: app.test,
        body: bkashPayout(amountMinor),
      });
      expect(created.body.data.status).toBe('WAITING_APPROVAL');
      return created.body.data.reference as string;
    };
    const large = await waiting(60_000);
    const rejected = await waiting(70_000);
    const small = await waiting(40_000);
    const operator = await stack.createOperator('FINANCE');
    const session = await stack.adminLogin(operator.email, operator.password);
    await stack
      .em()
      .execute(`update operator_sessions set step_up_at = now() - interval '1 hour' where operator_id = ?`, [
        operator.id,
      ]);
    const decide = (reference: string, verb: string) =>
      session.call('POST', `/api/v1/admin/payouts/${reference}/${verb}`, { body: {} });

    const refused = await decide(large, 'approve');
    expect(refused.status).toBe(403);
    expect(refused.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
    expect((await decide(rejected, 'reject')).body.data.status).toBe('CANCELLED');
    expect((await decide(small, 'approve')).body.data.status).toBe('SCHEDULED');
    expect((await session.stepUp()).status).toBe(200);
    expect((await decide(large, 'approve')).body.data.status).toBe('SCHEDULED');
  });

  it('only roles with payouts.approve switch a rail', async () => {
    const support = await stack.createOperator('SUPPORT');
    const session = await stack.adminLogin(support.email, support.password);
    const refused = await switchRail(session, 'bank', 'TEST', false);
    expect(refused.status).toBe(403);
    expect(refused.body.meta.errorCode).toBe('FORBIDDEN');
    expect(await switchOf('bank', 'TEST')).toMatchObject({ on: true });
  });
});
