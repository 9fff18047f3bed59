import { setPayoutRules } from '../../../db/payouts/payout-rules.js';
import { payoutBatchCalls, walletLine } from '../../helpers/payout-batches.js';
import { zoneThatDisagreesWithDhaka } from '../../helpers/company-zones.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

/**
 * An app's limits per day add up over the company's day, midnight to midnight in
 * COMPANY_TIME_ZONE, not Dhaka's. The stack runs in a zone whose day judges a movement taken three
 * hours ago the other way from Dhaka's: mostly one whose midnight fell since (the earlier movement
 * is yesterday's and leaves today's limit whole, where in Dhaka the next one would be over); in
 * the three hours after Dhaka's midnight, one whose day holds both (the next one is over, where
 * in Dhaka it would fit). Whichever the clock gives, a day read in Dhaka fails the suite.
 */
describe("per-day guardrails in the company's time zone", () => {
  const now = new Date();
  const earlier = new Date(now.getTime() - 3 * 3_600_000);
  const { zone, zoneSplits, dhakaSplits } = zoneThatDisagreesWithDhaka(earlier, now);
  /** The answer to the movement after the earlier one: within the limit only on a new day. */
  const secondIs = <T>(onNewDay: T, onSameDay: T) => (zoneSplits ? onNewDay : onSameDay);
  let stack: Stack;
  let admin: Session;

  beforeAll(async () => {
    stack = await startStack({ configOverrides: { COMPANY_TIME_ZONE: zone } });
    const operator = await stack.createOperator('ADMIN');
    admin = await stack.adminLogin(operator.email, operator.password);
  });
  afterAll(() => stack?.close());

  it("runs in a zone whose day tells the earlier movement from now the other way from Dhaka's", () => {
    expect(stack.deps.config.COMPANY_TIME_ZONE).toBe(zone);
    expect({ zone, zoneSplits }).toEqual({ zone: expect.stringMatching(/^Etc\//), zoneSplits: !dhakaSplits });
  });

  let counter = 0;
  const key = (prefix: string) => ({ 'Idempotency-Key': `${prefix}-${(counter += 1)}` });
  const limitApp = async (limit: { kind: string; perDayMinor: number }) => {
    const app = await stack.registerApp();
    const set = await admin.call('PUT', `/api/v1/admin/apps/${app.app.id}/guardrails/TEST`, {
      body: {
        moneyMovementStopped: false,
        stoppedGateways: [],
        velocityPerMinute: null,
        refundRatioAlarmPercent: null,
        limits: [{ ...limit, currency: 'BDT', perTransactionMinor: null }],
      },
    });
    expect(set.status).toBe(200);
    return app;
  };
  /** Dates a row three hours back: on another day than now in one of the zones, Dhaka's or the company's. */
  const backdate = (table: string, reference: string) =>
    stack.em().execute(`update ${table} set created_at = ? where reference = ?`, [earlier, reference]);
  const pay = (creds: Credentials, amountMinor: number) =>
    stack.api('POST', '/api/v1/payments', {
      creds,
      headers: key('p'),
      body: { amountMinor, currency: 'BDT', customerReference: 'cust_1' },
    });
  const payout = (creds: Credentials, amountMinor: number) =>
    stack.api('POST', '/api/v1/payouts', {
      creds,
      headers: key('o'),
      body: { amountMinor, beneficiary: { type: 'BKASH_WALLET', walletNumber: '01811000001' } },
    });

  it("a payment limit per day counts the company's day, not Dhaka's", async () => {
    const app = await limitApp({ kind: 'PAYMENT', perDayMinor: 10000 });
    const yesterdays = await pay(app.test, 8000);
    expect(yesterdays.status).toBe(201);
    await backdate('payments', yesterdays.body.data.reference);
    expect((await pay(app.test, 5000)).status).toBe(secondIs(201, 403));
    // Today's add up: 5,000 and 6,000 are over 10,000 (as 8,000 and 6,000 are).
    const over = await pay(app.test, 6000);
    expect(over.status).toBe(403);
    expect(over.body.meta.details).toMatchObject({ limit: 'PER_DAY', limitMinor: 10000 });
  });

  it("a refund limit per day counts the company's day", async () => {
    const app = await limitApp({ kind: 'REFUND', perDayMinor: 4000 });
    const refund = async (amountMinor: number) => {
      const payment = await stack.paidPayment(app.test, { amountMinor: 10000 });
      const answer = await stack.api('POST', `/api/v1/payments/${payment.reference}/refunds`, {
        creds: app.test,
        headers: key('r'),
        body: { amountMinor },
      });
      expect(answer.status).toBe(201);
      return answer.body.data as { reference: string; status: string };
    };
    const yesterdays = await refund(3000);
    expect(yesterdays.status).toBe('PROCESSING');
    await backdate('refunds', yesterdays.reference);
    expect((await refund(2000)).status).toBe(secondIs('PROCESSING', 'PENDING_APPROVAL'));
    expect((await refund(3000)).status).toBe('PENDING_APPROVAL');
  });

  it("a payout limit per day counts the company's day", async () => {
    const app = await limitApp({ kind: 'PAYOUT', perDayMinor: 8000 });
    const yesterdays = await payout(app.test, 6000);
    expect(yesterdays.body.data.status).toBe('SCHEDULED');
    await backdate('payouts', yesterdays.body.data.reference);
    expect((await payout(app.test, 5000)).body.data.status).toBe(secondIs('SCHEDULED', 'WAITING_APPROVAL'));
    expect((await payout(app.test, 4000)).body.data.status).toBe('WAITING_APPROVAL');
  });

  it("a batch's lines not yet paid out count towards the company's day they were taken on", async () => {
    const app = await limitApp({ kind: 'PAYOUT', perDayMinor: 8000 });
    const { createBatch } = payoutBatchCalls(stack);
    // Over the day's limit alone: it waits for an approver, its lines not yet payouts.
    const yesterdays = await createBatch(app.test, [walletLine(1, 5000), walletLine(2, 4000)], 'b-1');
    expect(yesterdays.status).toBe(201);
    expect(yesterdays.body.data.status).toBe('WAITING_APPROVAL');
    await backdate('payout_batches', yesterdays.body.data.reference);
    const todays = await createBatch(app.test, [walletLine(3, 3000), walletLine(4, 2000)], 'b-2');
    expect(todays.body.data.status).toBe(secondIs('SCHEDULED', 'WAITING_APPROVAL'));
    // Today's waiting batch does count: 5,000 more and 4,000 are over 8,000.
    const waiting = await createBatch(app.test, [walletLine(5, 5000), walletLine(6, 4000)], 'b-3');
    expect(waiting.body.data.status).toBe('WAITING_APPROVAL');
    const after = await createBatch(app.test, [walletLine(7, 1000)], 'b-4');
    expect(after.body.data.status).toBe('WAITING_APPROVAL');
  });

  it("the approval bands judge a payout with what the app paid out on the company's day", async () => {
    const app = await stack.registerApp();
    expect((await admin.stepUp()).status).toBe(200);
    // The app's payout rules: nothing waits up to 80.00 a day, above it one approver.
    await setPayoutRules(stack.em(), app.app.id, 'TEST', {
      enabled: true,
      floor: 0,
      bands: [
        { currency: 'BDT', fromMinor: 0, toMinor: 8000, approvers: 0 },
        { currency: 'BDT', fromMinor: 8001, toMinor: null, approvers: 1 },
      ],
    });
    const yesterdays = await payout(app.test, 6000);
    expect(yesterdays.body.data.status).toBe('SCHEDULED');
    await backdate('payouts', yesterdays.body.data.reference);
    expect((await payout(app.test, 5000)).body.data.status).toBe(secondIs('SCHEDULED', 'WAITING_APPROVAL'));
    expect((await payout(app.test, 4000)).body.data.status).toBe('WAITING_APPROVAL');
  });
});
