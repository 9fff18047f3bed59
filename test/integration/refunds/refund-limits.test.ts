import { recordTie } from '../../../db/operators/operator-ties.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { zoneThatDisagreesWithDhaka } from '../../helpers/company-zones.js';
import { recordHistoryFixture } from '../../helpers/history-fixtures.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

async function signedIn(stack: Stack, role: 'FINANCE' | 'ADMIN') {
  const operator = await stack.createOperator(role);
  return { operator, session: await stack.adminLogin(operator.email, operator.password) };
}

const any = { currency: null, gateway: null, paymentMethod: null, requester: null };
/** BDT refunds up to 25.00 go straight through; above, one approver. */
const UNDER_25: unknown[] = [
  { ...any, currency: 'BDT', fromMinor: 0, toMinor: 2500, approvers: 0 },
  { ...any, currency: 'BDT', fromMinor: 2501, toMinor: null, approvers: 1 },
];

/**
 * Refund limits that cannot be split: the approval rules judge what a refund adds up to (the
 * payment's refunds so far, the requester's refunds of the day), concurrent refunds cannot each
 * slip under, a two-approver band takes two different people, and loosening the rules takes a
 * second ADMIN. Through the app API with keys and the admin API, on a real stack.
 */
/*
 * Each test of the first group has an app of its own and judges only its own refunds (an
 * operator's day is counted across apps: the one test that counts one uses an operator of its
 * own), so they run side by side, Jest's maxConcurrency at a time.
 */
describe('refund limits', () => {
  let stack: Stack;
  let financeA: Awaited<ReturnType<typeof signedIn>>;
  let financeB: Awaited<ReturnType<typeof signedIn>>;
  let adminA: Awaited<ReturnType<typeof signedIn>>;
  let adminB: Awaited<ReturnType<typeof signedIn>>;

  beforeAll(async () => {
    stack = await startStack();
    financeA = await signedIn(stack, 'FINANCE');
    financeB = await signedIn(stack, 'FINANCE');
    adminA = await signedIn(stack, 'ADMIN');
    adminB = await signedIn(stack, 'ADMIN');
  }, 120_000);
  afterAll(() => stack?.close());

  const rulesPath = (appId: number, mode = 'TEST') => `/api/v1/admin/apps/${appId}/refund-approval/${mode}`;
  const setRules = (session: Session, appId: number, rules: unknown[]) =>
    session.call('PUT', rulesPath(appId), { body: { rules } });
  const rulesOf = async (appId: number) =>
    (await adminA.session.call('GET', `/api/v1/admin/apps/${appId}/refund-approval`)).body.data.TEST.rules;
  const appRefund = (creds: Credentials, payment: string, amountMinor: number) =>
    stack.api('POST', `/api/v1/payments/${payment}/refunds`, { creds, body: { amountMinor } });
  const operatorRefund = (session: Session, payment: string, amountMinor: number) =>
    session.call('POST', `/api/v1/admin/payments/${payment}/refunds`, {
      body: { amountMinor, reason: 'customer returned the goods' },
    });
  const decide = (session: Session, reference: string, verb: 'approve' | 'reject') =>
    session.call('POST', `/api/v1/admin/refunds/${reference}/${verb}`, { body: { comment: verb } });
  /** The refund an answer carries; an answer without one fails with what it said instead. */
  const refundIn = (answer: { status: number; body: any }): { reference: string; status: string } => {
    if (typeof answer.body?.data?.status === 'string') return answer.body.data;
    throw new Error(
      `answered ${answer.status} ${answer.body?.meta?.errorCode ?? ''}: ${answer.body?.meta?.message ?? ''}`,
    );
  };
  const statusIn = (answer: { status: number; body: any }) => refundIn(answer).status;
  const statusOf = async (reference: string) =>
    (await adminA.session.call('GET', `/api/v1/admin/refunds/${reference}`)).body.data.status as string;

  async function appWithRules(rules: unknown[]) {
    const app = await stack.registerApp();
    expect((await adminA.session.stepUp()).status).toBe(200);
    const set = await setRules(adminA.session, app.app.id, rules);
    // From the default (none waits in TEST) any of these is stricter: it applies at once.
    expect(set.status).toBe(200);
    expect(set.body.data.rules).toEqual(rules);
    return app;
  }

  it.concurrent(
    'three refunds of 10.00 under a 25.00 threshold: the third waits, as one of 30.00 does',
    async () => {
      const app = await appWithRules(UNDER_25);
      const payment = await stack.paidPayment(app.test, { amountMinor: 10000 });
      const statuses: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const refund = await appRefund(app.test, payment.reference, 1000);
        expect(refund.status).toBe(201);
        statuses.push(refund.body.data.status);
      }
      expect(statuses).toEqual(['PROCESSING', 'PROCESSING', 'PENDING_APPROVAL']);

      const other = await stack.paidPayment(app.test, { amountMinor: 10000 });
      // The app's day now holds 30.00 of refunds: even a small one on another payment waits.
      expect(statusIn(await appRefund(app.test, other.reference, 100))).toBe('PENDING_APPROVAL');
    },
    120_000,
  );

  it.concurrent(
    "judges the requester's day: small refunds of different payments add up, per requester",
    async () => {
      const app = await appWithRules(UNDER_25);
      const payments = [];
      for (let i = 0; i < 4; i += 1) payments.push(await stack.paidPayment(app.test, { amountMinor: 5000 }));

      // The app's key: 10.00 + 10.00 on two payments, then 10.00 on a third makes 30.00 today.
      expect(statusIn(await appRefund(app.test, payments[0]!.reference, 1000))).toBe('PROCESSING');
      expect(statusIn(await appRefund(app.test, payments[1]!.reference, 1000))).toBe('PROCESSING');
      const third = await appRefund(app.test, payments[2]!.reference, 1000);
      expect(third.body.data.status).toBe('PENDING_APPROVAL');
      // A rejected refund holds nothing: after it, 5.00 fits again (20.00 + 5.00 = 25.00).
      expect(statusIn(await decide(financeB.session, third.body.data.reference, 'reject'))).toBe('REJECTED');
      expect(statusIn(await appRefund(app.test, payments[3]!.reference, 500))).toBe('PROCESSING');

      // An operator's day is their own: the app's refunds do not count for it, theirs do. (An
      // operator of this test's own: the others' refunds of the day, on other apps, count for theirs.)
      const requester = await signedIn(stack, 'FINANCE');
      expect((await requester.session.stepUp()).status).toBe(200);
      const first = await operatorRefund(requester.session, payments[2]!.reference, 2000);
      expect(first.status).toBe(201);
      expect(first.body.data.status).toBe('PROCESSING');
      const second = await operatorRefund(requester.session, payments[3]!.reference, 1000);
      expect(second.body.data.status).toBe('PENDING_APPROVAL');
    },
    120_000,
  );

  it.concurrent(
    'concurrent refunds cannot both slip under the threshold, on one payment or on two',
    async () => {
      const app = await appWithRules(UNDER_25);
      const payment = await stack.paidPayment(app.test, { amountMinor: 10000 });
      const onePayment = await Promise.all([
        appRefund(app.test, payment.reference, 2000),
        appRefund(app.test, payment.reference, 2000),
      ]);
      expect(onePayment.map((r) => r.body.data.status).sort()).toEqual(['PENDING_APPROVAL', 'PROCESSING']);

      const other = await appWithRules(UNDER_25);
      const [p1, p2] = [
        await stack.paidPayment(other.test, { amountMinor: 10000 }),
        await stack.paidPayment(other.test, { amountMinor: 10000 }),
      ];
      const twoPayments = await Promise.all([
        appRefund(other.test, p1.reference, 2000),
        appRefund(other.test, p2.reference, 2000),
      ]);
      expect(twoPayments.map((r) => r.body.data.status).sort()).toEqual(['PENDING_APPROVAL', 'PROCESSING']);
    },
    120_000,
  );

  it.concurrent(
    'a two-approver band takes two distinct approvers, neither the requester; any rejection rejects',
    async () => {
      const app = await appWithRules([
        { ...any, fromMinor: 0, toMinor: 1000, approvers: 1 },
        { ...any, fromMinor: 1001, toMinor: null, approvers: 2 },
      ]);
      const payment = await stack.paidPayment(app.test, { amountMinor: 10000 });
      expect((await financeA.session.stepUp()).status).toBe(200);
      const asked = await operatorRefund(financeA.session, payment.reference, 3000);
      expect(asked.body.data.status).toBe('PENDING_APPROVAL');
      const reference = asked.body.data.reference as string;

      const self = await decide(financeA.session, reference, 'approve');
      expect(self.status).toBe(403);
      expect(self.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');

      const first = await decide(financeB.session, reference, 'approve');
      expect(first.status).toBe(200);
      expect(first.body.data.status).toBe('PENDING_APPROVAL');
      const twice = await decide(financeB.session, reference, 'approve');
      expect(twice.status).toBe(403);
      expect(twice.body.meta.errorCode).toBe('APPROVER_ALREADY_APPROVED');
      const waiting = (await adminA.session.call('GET', `/api/v1/admin/refunds/${reference}`)).body.data;
      expect(waiting).toMatchObject({ status: 'PENDING_APPROVAL', approvalsRequired: 2, approvalsGiven: 1 });

      const second = await decide(adminB.session, reference, 'approve');
      expect(second.status).toBe(200);
      expect(second.body.data.status).toBe('PROCESSING');
      // Generous: tests run side by side here, and a refund's first question waits 5 s.
      await eventually(async () => (await statusOf(reference)) === 'SUCCEEDED', 90_000, 'SUCCEEDED');
      await recordHistoryFixture(workflowIds.refund(reference), 'refund-approved-by-two-approvers');
      const decisions = await stack.em().execute<Array<{ operator_id: string; status: string }>>(
        `select d.operator_id, d.status from refund_decisions d join refunds r on r.id = d.refund_id
          where r.reference = ? and d.status = 'APPLIED' order by d.id`,
        [reference],
      );
      expect(decisions.map((d) => Number(d.operator_id))).toEqual([financeB.operator.id, adminB.operator.id]);

      // One approval, then a rejection, even by the approver who changed their mind: rejected.
      const again = (await operatorRefund(financeA.session, payment.reference, 2000)).body.data
        .reference as string;
      expect(statusIn(await decide(financeB.session, again, 'approve'))).toBe('PENDING_APPROVAL');
      expect(statusIn(await decide(financeB.session, again, 'reject'))).toBe('REJECTED');

      // The app's key asks too: the same two-approver band holds its refunds.
      const byApp = await appRefund(app.test, payment.reference, 1500);
      expect(byApp.body.data.status).toBe('PENDING_APPROVAL');
      expect(statusIn(await decide(financeA.session, byApp.body.data.reference, 'approve'))).toBe(
        'PENDING_APPROVAL',
      );
      expect(statusIn(await decide(financeB.session, byApp.body.data.reference, 'approve'))).toBe(
        'PROCESSING',
      );
    },
    120_000,
  );

  it.concurrent(
    "two approvals from a pair where one made the other's account count as one person, in either order",
    async () => {
      const app = await appWithRules([{ ...any, fromMinor: 0, toMinor: null, approvers: 2 }]);
      const payment = await stack.paidPayment(app.test, { amountMinor: 10000 });
      // An account adminA created: what an approved people change records (db/operators/operator-ties.ts).
      const made = await signedIn(stack, 'FINANCE');
      await recordTie(stack.em(), {
        operatorId: made.operator.id,
        byOperatorId: adminA.operator.id,
        kind: 'CREATE_OPERATOR',
        at: new Date(),
      });
      await adminA.session.stepUp();
      await made.session.stepUp();

      const first = refundIn(await appRefund(app.test, payment.reference, 1000)).reference;
      expect(statusIn(await decide(adminA.session, first, 'approve'))).toBe('PENDING_APPROVAL');
      const tied = await decide(made.session, first, 'approve');
      expect(tied.status).toBe(403);
      expect(tied.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
      expect(await statusOf(first)).toBe('PENDING_APPROVAL');
      expect(statusIn(await decide(financeB.session, first, 'approve'))).toBe('PROCESSING');

      const second = refundIn(await appRefund(app.test, payment.reference, 1000)).reference;
      expect(statusIn(await decide(made.session, second, 'approve'))).toBe('PENDING_APPROVAL');
      const creator = await decide(adminA.session, second, 'approve');
      expect(creator.status).toBe(403);
      expect(creator.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
      expect(await statusOf(second)).toBe('PENDING_APPROVAL');
    },
    120_000,
  );

  it.concurrent(
    'loosening the rules waits for a second ADMIN; tightening applies at once',
    async () => {
      const twoAbove = [
        { ...any, fromMinor: 0, toMinor: 1000, approvers: 0 },
        { ...any, fromMinor: 1001, toMinor: null, approvers: 2 },
      ];
      const app = await appWithRules(twoAbove);
      const payment = await stack.paidPayment(app.test, { amountMinor: 10000 });

      // One approver above 10.00 instead of two: looser, so only proposed.
      const oneAbove = [twoAbove[0], { ...twoAbove[1], approvers: 1 }];
      const proposed = await setRules(adminA.session, app.app.id, oneAbove);
      expect(proposed.status).toBe(202);
      expect(proposed.body.data).toMatchObject({
        kind: 'REFUND_APPROVAL',
        status: 'PENDING',
        currentValue: { rules: twoAbove },
        proposedValue: { rules: oneAbove },
      });
      expect(await rulesOf(app.app.id)).toEqual(twoAbove);
      // Meanwhile refunds keep the rules in force.
      const held = await appRefund(app.test, payment.reference, 2000);
      expect(held.body.data.status).toBe('PENDING_APPROVAL');
      expect(statusIn(await decide(financeA.session, held.body.data.reference, 'approve'))).toBe(
        'PENDING_APPROVAL',
      );
      // The proposer cannot approve their own loosening.
      const own = await adminA.session.call(
        'POST',
        `/api/v1/admin/control-changes/${proposed.body.data.id}/approve`,
        {
          body: {},
        },
      );
      expect(own.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
      expect((await adminB.session.stepUp()).status).toBe(200);
      const approved = await adminB.session.call(
        'POST',
        `/api/v1/admin/control-changes/${proposed.body.data.id}/approve`,
        { body: { comment: 'one approver is enough here' } },
      );
      expect(approved.body.data.status).toBe('APPROVED');
      expect(await rulesOf(app.app.id)).toEqual(oneAbove);
      // Now a refund of 20.00 more (judged at 40.00) needs one approver.
      const after = await appRefund(app.test, payment.reference, 2000);
      expect(after.body.data.status).toBe('PENDING_APPROVAL');
      expect(statusIn(await decide(financeA.session, after.body.data.reference, 'approve'))).toBe(
        'PROCESSING',
      );

      // A FINANCE operator tightens at once: a band for the app's key at 1.00 and above, two approvers.
      expect((await financeB.session.stepUp()).status).toBe(200);
      const tighter = [
        ...oneAbove,
        { ...any, requester: 'APP', fromMinor: 100, toMinor: null, approvers: 2 },
      ];
      const tightened = await setRules(financeB.session, app.app.id, tighter);
      expect(tightened.status).toBe(200);
      expect(await rulesOf(app.app.id)).toEqual(tighter);
      // Removing that band again loosens: FINANCE only proposes it.
      expect((await setRules(financeB.session, app.app.id, oneAbove)).status).toBe(202);
      const audit = await stack
        .em()
        .execute<Array<{ action: string }>>(
          `select action from audit_log where target_type = 'app' and target_id = ? order by id`,
          [String(app.app.id)],
        );
      expect(audit.map((a) => a.action).filter((a) => a === 'refund_policy.updated')).toHaveLength(2);
    },
    120_000,
  );

  it.concurrent(
    'refuses malformed rules with a clear error',
    async () => {
      const app = await stack.registerApp();
      expect((await adminA.session.stepUp()).status).toBe(200);
      for (const rules of [
        [{ ...any, fromMinor: 500, toMinor: 100, approvers: 1 }],
        [{ ...any, fromMinor: 0, toMinor: null, approvers: 3 }],
        [{ ...any, fromMinor: -1, toMinor: null, approvers: 1 }],
        [{ ...any, fromMinor: 0, toMinor: null, approvers: 1, gateway: 'paypal' }],
        [{ ...any, fromMinor: 0, toMinor: null, approvers: 1, requester: 'ANYONE' }],
      ]) {
        const answer = await setRules(adminA.session, app.app.id, rules);
        expect(answer.status).toBe(400);
        expect(answer.body.meta.errorCode).toBe('VALIDATION_ERROR');
      }
    },
    120_000,
  );
});

/**
 * The requester's day is the company's, in COMPANY_TIME_ZONE, not Dhaka's. The zone is picked as
 * the suite starts so that its day judges a refund two hours ago the other way from Dhaka's
 * (`zoneThatDisagreesWithDhaka`): a day read in Dhaka fails the suite at any hour.
 */
describe("refund limits in the company's time zone", () => {
  const now = new Date();
  const earlier = new Date(now.getTime() - 2 * 3_600_000);
  const { zone, zoneSplits } = zoneThatDisagreesWithDhaka(earlier, now);
  let stack: Stack;
  let admin: Awaited<ReturnType<typeof signedIn>>;

  beforeAll(async () => {
    stack = await startStack({ configOverrides: { COMPANY_TIME_ZONE: zone } });
    admin = await signedIn(stack, 'ADMIN');
  });
  afterAll(() => stack?.close());

  it("adds up the requester's refunds from the company's midnight, not Dhaka's", async () => {
    const app = await stack.registerApp();
    expect((await admin.session.stepUp()).status).toBe(200);
    const set = await admin.session.call('PUT', `/api/v1/admin/apps/${app.app.id}/refund-approval/TEST`, {
      body: { rules: UNDER_25 },
    });
    expect(set.status).toBe(200);
    const refund = async (amountMinor: number) => {
      const payment = await stack.paidPayment(app.test, { amountMinor: 10000 });
      const answer = await stack.api('POST', `/api/v1/payments/${payment.reference}/refunds`, {
        creds: app.test,
        body: { amountMinor },
      });
      expect(answer.status).toBe(201);
      return answer.body.data as { reference: string; status: string };
    };
    const backdate = (reference: string, at: Date) =>
      stack.em().execute('update refunds set created_at = ? where reference = ?', [at, reference]);

    // 20.00 two hours ago: when that is yesterday in the company's zone, 10.00 now is the day's
    // only refund; when it is today, 10.00 more is over 25.00 and waits.
    const earliers = await refund(2000);
    expect(earliers.status).toBe('PROCESSING');
    await backdate(earliers.reference, earlier);
    expect((await refund(1000)).status).toBe(zoneSplits ? 'PROCESSING' : 'PENDING_APPROVAL');

    // Today's refunds add up: 10.00 and 20.00 more are over 25.00 (as 20.00 and 20.00 are), and wait.
    expect((await refund(2000)).status).toBe('PENDING_APPROVAL');
  });
});
