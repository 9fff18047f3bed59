import { deploymentLiveTodayMinor } from '../../../db/payouts/payout-rules.js';
import { defaultPayoutRules } from '../../../domain/payouts/payout-rules.js';
import { companyZone } from '../../../domain/shared/company-time.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * Money out stays with money roles: an app's payouts follow its own payout rules, apart from its
 * refund rules. LIVE payouts are off until finance turns them on and an ADMIN other than the
 * proposer approves it; every LIVE payout waits for at least one approver until finance loosens
 * that; and a payout that takes the deployment's LIVE day over its ceiling waits for an approver.
 *
 * The LIVE disbursement account points nowhere reachable and the cancel window is long: nothing
 * in this suite is ever sent, the admissions are what is proved.
 */

/** 20,000.00 BDT: one payout under the rail's most reaches it. */
const CEILING_MINOR = 2_000_000;

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

describe('payout rules', () => {
  let stack: Stack;
  let finance: Session;
  let adminA: Session;
  let adminB: Session;
  let adminAId: number;
  let walletSeq = 0;

  beforeAll(async () => {
    stack = await startStack({
      configOverrides: {
        PAYOUT_CANCEL_WINDOW_SECONDS: String(7 * 24 * 3600),
        PAYOUT_DAILY_CEILING_MINOR: String(CEILING_MINOR),
      },
      payoutRailEnvironment: {
        BKASH_DISBURSEMENT_LIVE_USERNAME: 'live-user',
        BKASH_DISBURSEMENT_LIVE_PASSWORD: 'live-password',
        BKASH_DISBURSEMENT_LIVE_APP_KEY: 'live-app-key',
        BKASH_DISBURSEMENT_LIVE_APP_SECRET: 'live-app-secret',
        BKASH_DISBURSEMENT_LIVE_URL: 'http://127.0.0.1:9',
      },
    });
    const signIn = async (role: 'FINANCE' | 'ADMIN') => {
      const operator = await stack.createOperator(role);
      return { id: operator.id, session: await stack.adminLogin(operator.email, operator.password) };
    };
    finance = (await signIn('FINANCE')).session;
    const a = await signIn('ADMIN');
    adminA = a.session;
    adminAId = a.id;
    adminB = (await signIn('ADMIN')).session;
  });
  afterAll(() => stack.close());

  const pay = (creds: Credentials, amountMinor: number) =>
    stack.api('POST', '/api/v1/payouts', {
      creds,
      body: {
        amountMinor,
        beneficiary: {
          type: 'BKASH_WALLET',
          walletNumber: `0171${String(1_000_000 + walletSeq++).slice(-7)}`,
        },
      },
    });
  const batch = (creds: Credentials, amounts: number[]) =>
    stack.api('POST', '/api/v1/payout-batches', {
      creds,
      body: {
        lines: amounts.map((amountMinor, i) => ({
          lineReference: `line-${walletSeq}-${i}`,
          amountMinor,
          beneficiary: {
            type: 'BKASH_WALLET',
            walletNumber: `0171${String(1_000_000 + walletSeq++).slice(-7)}`,
          },
        })),
      },
    });
  const setPayoutRules = (session: Session, appId: number, mode: string, body: unknown) =>
    session.call('PUT', `/api/v1/admin/apps/${appId}/payout-approval/${mode}`, { body });
  const approveChange = (session: Session, id: number) =>
    session.call('POST', `/api/v1/admin/control-changes/${id}/approve`, { body: {} });
  const storedPayouts = async (appId: number) =>
    (
      await stack
        .em()
        .execute<Array<{ n: string }>>(
          "select count(*) as n from payouts where app_id = ? and mode = 'LIVE'",
          [appId],
        )
    )[0]!.n;
  const storedBatches = async (appId: number) =>
    (
      await stack
        .em()
        .execute<Array<{ n: string }>>(
          "select count(*) as n from payout_batches where app_id = ? and mode = 'LIVE'",
          [appId],
        )
    )[0]!.n;

  /** LIVE payout rules loosened by FINANCE and approved by an ADMIN: the change, applied. */
  async function loosenLive(appId: number, rules: Record<string, unknown>) {
    const proposed = await setPayoutRules(finance, appId, 'LIVE', {
      ...defaultPayoutRules('LIVE'),
      ...rules,
    });
    expect(proposed.status).toBe(202);
    const approved = await approveChange(adminB, proposed.body.data.id as number);
    expect(approved.status).toBe(200);
    expect(approved.body.data.status).toBe('APPROVED');
  }

  it('a LIVE payout of an app whose payouts finance has not turned on is refused', async () => {
    const app = await stack.registerApp();
    const refused = await pay(app.live, 10_000);
    expect(refused.status).toBe(403);
    expect(refused.body.meta.errorCode).toBe('PAYOUTS_NOT_ENABLED');
    const refusedBatch = await batch(app.live, [10_000, 20_000]);
    expect(refusedBatch.status).toBe(403);
    expect(refusedBatch.body.meta.errorCode).toBe('PAYOUTS_NOT_ENABLED');
    // Nothing stored, no event queued.
    expect(await storedPayouts(app.app.id)).toBe('0');
    expect(await storedBatches(app.app.id)).toBe('0');
    // TEST payouts are on.
    expect((await pay(app.test, 10_000)).status).toBe(201);
    const rules = await finance.call('GET', `/api/v1/admin/apps/${app.app.id}/payout-approval`);
    expect(rules.body.data).toEqual({ TEST: defaultPayoutRules('TEST'), LIVE: defaultPayoutRules('LIVE') });
  });

  it('turning LIVE payouts on waits for an ADMIN other than the proposer', async () => {
    const app = await stack.registerApp();
    const proposed = await setPayoutRules(adminA, app.app.id, 'LIVE', {
      ...defaultPayoutRules('LIVE'),
      enabled: true,
    });
    expect(proposed.status).toBe(202);
    expect(proposed.body.data).toMatchObject({
      kind: 'PAYOUT_APPROVAL',
      status: 'PENDING',
      proposedByOperatorId: adminAId,
      currentValue: { payoutRules: { enabled: false } },
      proposedValue: { payoutRules: { enabled: true } },
    });
    const id = proposed.body.data.id as number;
    // Still off while it waits.
    expect((await pay(app.live, 10_000)).body.meta.errorCode).toBe('PAYOUTS_NOT_ENABLED');
    const bySelf = await approveChange(adminA, id);
    expect(bySelf.status).toBe(403);
    expect(bySelf.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    const byFinance = await approveChange(finance, id);
    expect(byFinance.status).toBe(403);
    expect(byFinance.body.meta.errorCode).toBe('FORBIDDEN');
    expect((await pay(app.live, 10_000)).body.meta.errorCode).toBe('PAYOUTS_NOT_ENABLED');

    expect((await approveChange(adminB, id)).body.data.status).toBe('APPROVED');
    const taken = await pay(app.live, 10_000);
    expect(taken.status).toBe(201);
    expect(taken.body.data).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 1 });

    // Off applies at once, without anyone's approval.
    const off = await setPayoutRules(finance, app.app.id, 'LIVE', defaultPayoutRules('LIVE'));
    expect(off.status).toBe(200);
    expect((await pay(app.live, 10_000)).body.meta.errorCode).toBe('PAYOUTS_NOT_ENABLED');
  });

  it('a LIVE payout under every band still waits for one approver', async () => {
    const app = await stack.registerApp();
    // Finance's bands ask no approver for any amount, and payouts are on: the floor of one holds.
    await loosenLive(app.app.id, {
      enabled: true,
      bands: [{ currency: null, fromMinor: 0, toMinor: null, approvers: 0 }],
    });
    const small = await pay(app.live, 10_000);
    expect(small.body.data).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 1 });
    const smallBatch = await batch(app.live, [5_000, 5_000]);
    expect(smallBatch.status).toBe(201);
    expect(smallBatch.body.data).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 1 });

    // Lowering the floor to none is itself a loosening an ADMIN approves; then a small payout goes.
    await loosenLive(app.app.id, {
      enabled: true,
      floor: 0,
      bands: [{ currency: null, fromMinor: 0, toMinor: null, approvers: 0 }],
    });
    expect((await pay(app.live, 10_000)).body.data).toMatchObject({
      status: 'SCHEDULED',
      approvalsRequired: 0,
    });
  });

  it("payout rules are not the refund rules: loosening an app's refund rules changes no payout's approvers", async () => {
    const app = await stack.registerApp();
    await loosenLive(app.app.id, { enabled: true });
    // Refunds of any amount need no approver in LIVE (a loosening, approved).
    const never = await finance.call('PUT', `/api/v1/admin/apps/${app.app.id}/refund-approval/LIVE`, {
      body: { rule: 'NEVER' },
    });
    expect(never.status).toBe(202);
    expect((await approveChange(adminB, never.body.data.id as number)).body.data.status).toBe('APPROVED');
    expect((await pay(app.live, 10_000)).body.data).toMatchObject({
      status: 'WAITING_APPROVAL',
      approvalsRequired: 1,
    });
    // And refund rules that hold every TEST refund hold no TEST payout.
    const always = await finance.call('PUT', `/api/v1/admin/apps/${app.app.id}/refund-approval/TEST`, {
      body: { rule: 'ALWAYS' },
    });
    expect(always.status).toBe(200);
    expect((await pay(app.test, 10_000)).body.data).toMatchObject({
      status: 'SCHEDULED',
      approvalsRequired: 0,
    });
  });

  it("the app's Controls page shows its payout rules, and its form turns LIVE payouts on only as a proposal", async () => {
    const app = await stack.registerApp();
    const page = await stack.api('GET', `/admin/apps/${app.app.id}/controls`, {
      headers: { cookie: finance.cookie },
    });
    const text = page.body as unknown as string;
    expect(text).toContain('data-testid="payout-rules-LIVE"');
    expect(text).toContain('Payouts off');
    expect(text).toContain('data-testid="payout-rules-form-LIVE"');
    const fields = new URLSearchParams({
      _csrf: finance.csrfToken,
      enabled: 'on',
      floor: '1',
      rows: '2',
      from_0: '0',
      to_0: '100000',
      currency_0: 'BDT',
      approvers_0: '1',
      from_1: '100000.01',
      to_1: '',
      currency_1: 'BDT',
      approvers_1: '2',
    });
    const posted = await stack.api('POST', `/admin/apps/${app.app.id}/controls/LIVE/payout-approval`, {
      rawBody: fields.toString(),
      headers: { cookie: finance.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.status).toBe(302);
    const queue = await adminB.call(
      'GET',
      `/api/v1/admin/control-changes?status=PENDING&appId=${app.app.id}`,
    );
    expect(queue.body.data.items).toEqual([
      expect.objectContaining({
        kind: 'PAYOUT_APPROVAL',
        proposedValue: { payoutRules: { ...defaultPayoutRules('LIVE'), enabled: true } },
      }),
    ]);
    expect((await pay(app.live, 10_000)).body.meta.errorCode).toBe('PAYOUTS_NOT_ENABLED');
  });

  // Last: it takes the deployment's LIVE day over the ceiling for whatever follows.
  it("a payout that takes the deployment's day over the ceiling waits for an approver", async () => {
    const app = await stack.registerApp();
    await loosenLive(app.app.id, {
      enabled: true,
      floor: 0,
      bands: [{ currency: null, fromMinor: 0, toMinor: null, approvers: 0 }],
    });
    const zone = companyZone(undefined);
    const before = await deploymentLiveTodayMinor(stack.em(), 'BDT', zone);
    // Just up to the ceiling goes straight through.
    const under = await pay(app.live, CEILING_MINOR - before - 2_000);
    expect(under.body.data).toMatchObject({ status: 'SCHEDULED', approvalsRequired: 0 });
    expect(await deploymentLiveTodayMinor(stack.em(), 'BDT', zone)).toBe(CEILING_MINOR - 2_000);
    // Two racing for the last 2,000: one may fit, never both.
    const racing = await Promise.all([pay(app.live, 1_500), pay(app.live, 1_500)]);
    expect(racing.map((r) => r.body.data.status).sort()).toEqual(['SCHEDULED', 'WAITING_APPROVAL']);
    const over = await pay(app.live, 10_000);
    expect(over.body.data).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 1 });
    // A batch is judged at its total in the same day.
    const overBatch = await batch(app.live, [1_000, 1_000]);
    expect(overBatch.body.data).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 1 });
  });
});
