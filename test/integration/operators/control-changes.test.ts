import type { ApprovalPolicy } from '../../../domain/refunds/refund-approval.js';
import { DEFAULT_APPROVAL_RULES, rulesFromPolicy } from '../../../domain/refunds/refund-approval-rules.js';
import { enableGateways } from '../../helpers/picker.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

async function signedIn(stack: Stack, role: 'FINANCE' | 'ADMIN') {
  const operator = await stack.createOperator(role);
  const session = await stack.adminLogin(operator.email, operator.password);
  return { operator, session };
}

const ABOVE_5000 = { rule: 'ABOVE_AMOUNT', thresholdMinor: 5000, currency: 'BDT' } as const;
const NEVER = { rule: 'NEVER', thresholdMinor: null, currency: null } as const;
const ALWAYS = { rule: 'ALWAYS', thresholdMinor: null, currency: null } as const;
/** A one-line policy as the API answers it: the rules that hold the same refunds. */
const asRules = (policy: ApprovalPolicy) => ({ rules: rulesFromPolicy(policy) });

describe('changing a control takes a second ADMIN to loosen it', () => {
  let stack: Stack;
  let finance: Awaited<ReturnType<typeof signedIn>>;
  let adminA: Awaited<ReturnType<typeof signedIn>>;
  let adminB: Awaited<ReturnType<typeof signedIn>>;
  /** The API's clock runs this far ahead: signing in counts as a fresh password, until it does not. */
  let aheadMs = 0;

  beforeAll(async () => {
    stack = await startStack({ clock: () => new Date(Date.now() + aheadMs) });
    finance = await signedIn(stack, 'FINANCE');
    adminA = await signedIn(stack, 'ADMIN');
    adminB = await signedIn(stack, 'ADMIN');
  });
  afterAll(() => stack.close());

  const policyPath = (appId: number, mode = 'TEST') => `/api/v1/admin/apps/${appId}/refund-approval/${mode}`;
  const setPolicy = (session: Session, appId: number, body: unknown, mode = 'TEST') =>
    session.call('PUT', policyPath(appId, mode), { body });
  const policies = async (session: Session, appId: number) =>
    (await session.call('GET', `/api/v1/admin/apps/${appId}/refund-approval`)).body.data;
  const decide = (session: Session, id: number, verb: string, body: unknown = {}) =>
    session.call('POST', `/api/v1/admin/control-changes/${id}/${verb}`, { body });
  const auditActions = async (targetType: string, targetId: number) =>
    (
      await stack
        .em()
        .execute<Array<{ action: string }>>(
          'select action from audit_log where target_type = ? and target_id = ? order by id',
          [targetType, String(targetId)],
        )
    ).map((row) => row.action);

  it('a FINANCE operator tightens at once but cannot loosen alone; a different ADMIN approves', async () => {
    const { app } = await stack.registerApp();
    const tightened = await setPolicy(finance.session, app.id, ABOVE_5000);
    expect(tightened.status).toBe(200);
    expect(tightened.body.data).toEqual(asRules(ABOVE_5000));

    // NEVER loosens: a proposal, answered 202, and the policy stands meanwhile.
    const proposed = await setPolicy(finance.session, app.id, { rule: 'NEVER' });
    expect(proposed.status).toBe(202);
    expect(proposed.body.data).toMatchObject({
      appId: app.id,
      mode: 'TEST',
      kind: 'REFUND_APPROVAL',
      status: 'PENDING',
      stale: false,
      currentValue: asRules(ABOVE_5000),
      proposedValue: asRules(NEVER),
      proposedByOperatorId: finance.operator.id,
    });
    const id = proposed.body.data.id as number;
    expect((await policies(finance.session, app.id)).TEST).toEqual(asRules(ABOVE_5000));
    // The same proposal sent again is the one waiting, not a second one.
    expect((await setPolicy(finance.session, app.id, { rule: 'NEVER' })).body.data.id).toBe(id);

    // FINANCE may not decide control changes, not even someone else's.
    const byFinance = await decide(finance.session, id, 'approve');
    expect(byFinance.status).toBe(403);
    expect(byFinance.body.meta.errorCode).toBe('FORBIDDEN');

    const queue = await adminA.session.call(
      'GET',
      `/api/v1/admin/control-changes?status=PENDING&appId=${app.id}`,
    );
    expect(queue.body.data.items.map((c: { id: number }) => c.id)).toEqual([id]);
    const appPage = await fetch(`${stack.apiUrl}/admin/apps/${app.id}`, {
      headers: { cookie: adminA.session.cookie },
    });
    expect(await appPage.text()).toContain('data-testid="app-controls-pending"');

    // Approving needs a fresh password, as proposing does.
    aheadMs += 6 * 60_000;
    expect((await decide(adminA.session, id, 'approve')).body.meta.errorCode).toBe('STEP_UP_REQUIRED');
    expect((await setPolicy(finance.session, app.id, { rule: 'ALWAYS' })).body.meta.errorCode).toBe(
      'STEP_UP_REQUIRED',
    );
    expect((await adminA.session.stepUp()).status).toBe(200);
    const approved = await decide(adminA.session, id, 'approve', { comment: 'the app refunds small orders' });
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({
      status: 'APPROVED',
      decidedByOperatorId: adminA.operator.id,
      comment: 'the app refunds small orders',
    });
    expect((await policies(finance.session, app.id)).TEST).toEqual(asRules(NEVER));
    // Decided once: a second approval is refused.
    expect((await adminB.session.stepUp()).status).toBe(200);
    expect((await decide(adminB.session, id, 'approve')).body.meta.errorCode).toBe(
      'CONTROL_CHANGE_NOT_PENDING',
    );
    expect(await auditActions('control_change', id)).toEqual([
      'control_change.proposed',
      'control_change.approved',
    ]);
    expect(await auditActions('app', app.id)).toContain('refund_policy.updated');
  });

  it('an ADMIN cannot approve their own proposal, and only the proposer withdraws it', async () => {
    const { app } = await stack.registerApp();
    expect((await adminA.session.stepUp()).status).toBe(200);
    expect((await setPolicy(adminA.session, app.id, { rule: 'ALWAYS' })).status).toBe(200);
    const proposed = await setPolicy(adminA.session, app.id, ABOVE_5000);
    expect(proposed.status).toBe(202);
    const id = proposed.body.data.id as number;
    const own = await decide(adminA.session, id, 'approve');
    expect(own.status).toBe(403);
    expect(own.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    expect((await decide(adminA.session, id, 'reject')).body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    const notTheirs = await decide(adminB.session, id, 'withdraw');
    expect(notTheirs.status).toBe(403);

    // A new loosening proposal supersedes the one waiting.
    const newer = await setPolicy(adminA.session, app.id, { rule: 'NEVER' });
    expect(newer.status).toBe(202);
    expect((await adminB.session.call('GET', `/api/v1/admin/control-changes/${id}`)).body.data.status).toBe(
      'SUPERSEDED',
    );
    const withdrawn = await decide(adminA.session, newer.body.data.id, 'withdraw');
    expect(withdrawn.body.data.status).toBe('WITHDRAWN');
    expect((await policies(adminA.session, app.id)).TEST).toEqual(asRules(ALWAYS));
  });

  it('a proposal made against a setting that has since changed is refused as stale', async () => {
    const { app } = await stack.registerApp();
    expect((await finance.session.stepUp()).status).toBe(200);
    await setPolicy(finance.session, app.id, ABOVE_5000);
    const proposed = await setPolicy(finance.session, app.id, { rule: 'NEVER' });
    expect(proposed.status).toBe(202);
    // Tightening meanwhile applies at once, and leaves the proposal behind it.
    const lower = { rule: 'ABOVE_AMOUNT', thresholdMinor: 1000, currency: 'BDT' } as const;
    expect((await setPolicy(finance.session, app.id, lower)).status).toBe(200);
    expect((await adminB.session.stepUp()).status).toBe(200);
    const stale = await decide(adminB.session, proposed.body.data.id, 'approve');
    expect(stale.status).toBe(409);
    expect(stale.body.meta.errorCode).toBe('CONTROL_CHANGE_STALE');
    expect((await policies(finance.session, app.id)).TEST).toEqual(asRules(lower));
    expect((await decide(adminB.session, proposed.body.data.id, 'reject')).body.data.status).toBe('REJECTED');
  });

  it("a new app's LIVE controls hold large refunds and take two receipt operators; TEST keeps one", async () => {
    const registered = await stack.registerApp();
    const appId = registered.app.id;
    const controls = (await finance.session.call('GET', `/api/v1/admin/apps/${appId}/controls`)).body.data;
    expect(controls).toMatchObject({
      TEST: { refundApproval: asRules(NEVER), receiptApprovals: 1, pendingChanges: [] },
      LIVE: {
        refundApproval: { rules: DEFAULT_APPROVAL_RULES.LIVE },
        receiptApprovals: 2,
      },
    });
    // One operator in LIVE loosens the control: FINANCE only proposes it.
    expect((await finance.session.stepUp()).status).toBe(200);
    const one = await finance.session.call('PUT', `/api/v1/admin/apps/${appId}/receipt-approvals/LIVE`, {
      body: { approvals: 1 },
    });
    expect(one.status).toBe(202);
    expect(await decide(finance.session, one.body.data.id, 'withdraw')).toMatchObject({ status: 200 });

    // A LIVE bank transfer of 20,000.00 BDT: recorded by one operator, it waits for a second.
    await enableGateways(
      stack,
      appId,
      [{ name: 'manual', credentials: { instructions: 'Pay to Acme Ltd, account 0123456789' } }],
      'LIVE',
    );
    const payment = await stack.createPayment(registered.live, {
      amountMinor: 2_000_000,
      currency: 'BDT',
      gateway: 'manual',
    });
    await stack.openCheckout(payment.reference);
    await eventually(
      async () => (await stack.readPayment(registered.live, payment.reference)).status === 'PENDING',
      20_000,
      'PENDING',
    );
    const recorded = await finance.session.call(
      'POST',
      `/api/v1/admin/payments/${payment.reference}/receipts`,
      {
        body: {
          amountMinor: 2_000_000,
          receivedOn: new Date().toISOString().slice(0, 10),
          method: 'BANK_TRANSFER',
          bankReference: 'CITY-LIVE-1',
        },
      },
    );
    expect(recorded.status).toBe(201);
    expect(recorded.body.data.receipt.status).toBe('AWAITING_APPROVAL');
    expect((await adminB.session.stepUp()).status).toBe(200);
    const confirmed = await adminB.session.call(
      'POST',
      `/api/v1/admin/receipts/${recorded.body.data.receipt.id}/approve`,
      {
        body: {},
      },
    );
    expect(confirmed.body.data.receipt.status).toBe('CONFIRMED');
    await eventually(
      async () => (await stack.readPayment(registered.live, payment.reference)).status === 'SUCCEEDED',
      20_000,
      'SUCCEEDED',
    );

    // Refunding 15,000.00 BDT of it: above the LIVE default threshold, so it waits for an approver.
    const refund = await stack.api('POST', `/api/v1/payments/${payment.reference}/refunds`, {
      creds: registered.live,
      body: { amountMinor: 1_500_000, reason: 'returned', manualConfirmation: true },
    });
    expect(refund.status).toBe(201);
    expect(refund.body.data.status).toBe('PENDING_APPROVAL');
  });
});
