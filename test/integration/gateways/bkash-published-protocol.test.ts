/**
 * Mostly waiting: this suite waits out a gateway outage and the rechecks after it, so it runs in
 * the waiting slot (test/helpers/waiting-slot-runner.js).
 *
 * @test-slot waiting
 */
import {
  startBkashPublishedSandbox,
  type BkashPublishedSandbox,
  type SandboxCall,
} from '../../helpers/bkash-published-sandbox.js';
import {
  expectClosedWithoutMoney,
  expectDeliveredOnce,
  expectSettledOnce,
  startGatewayE2E,
  type GatewayE2E,
} from '../../helpers/gateway-e2e.js';

/**
 * Our bKash integration against bKash's published protocol, not against our own simulator: the
 * real API, worker, PostgreSQL and Temporal, with bKash served by a sandbox written from the
 * published reference alone (test/helpers/bkash-published-sandbox.ts). Each scenario reads the
 * outcome through the app API, the ledger, the app's verified webhooks and the calls bKash saw.
 */
describe('bKash against its published protocol', () => {
  let sandbox: BkashPublishedSandbox;
  let e2e: GatewayE2E;
  const AMOUNT = { amountMinor: 10000, currency: 'BDT' };
  /** bKash reports no fee: its default schedule's 1.85 % is booked. */
  const PAID = { ...AMOUNT, feeMinor: 185, paymentMethod: 'bKash' };
  /**
   * Long enough to take the first tries after the customer's return (our retries wait 1, 2, 4 s),
   * short enough that the try 7 s after the first finds bKash back.
   */
  const OUTAGE_MS = 6_000;

  beforeAll(async () => {
    sandbox = await startBkashPublishedSandbox();
    e2e = await startGatewayE2E('bkash', {
      payment: { currency: AMOUNT.currency, amountMinor: AMOUNT.amountMinor },
      stack: { gatewayAddresses: { BKASH_SANDBOX_URL: sandbox.url } },
      credentials: sandbox.credentials,
    });
  });
  beforeEach(() => sandbox.disarm());
  afterAll(async () => {
    await e2e?.close();
    await sandbox?.close();
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** The customer clicks Pay: the checkout bKash created for it, named by its paymentID. */
  const openAtBkash = async (reference: string): Promise<string> => {
    const pageUrl = await e2e.openCheckout(reference);
    const paymentID = sandbox.paymentIdFor(reference);
    expect(new URL(pageUrl).searchParams.get('paymentID')).toBe(paymentID);
    return paymentID;
  };

  /** The browser comes back from bKash to our return URL, and is sent on to our checkout page. */
  const comeBack = async (reference: string, returnUrl: string) => {
    expect(await e2e.returnToCheckout(returnUrl)).toBe(`/checkout/${reference}?returned=1`);
  };

  /** What bKash answered each call about this payment, in order: "execute 2056", "status 0000"… */
  const trail = (paymentID: string, calls: SandboxCall[] = ['execute', 'status']) =>
    calls
      .flatMap((call) => sandbox.callsTo(call, paymentID))
      .sort((a, b) => a.seq - b.seq)
      .map((made) => `${made.call} ${made.answered}`);

  /** Paid once: SUCCEEDED with bKash's trxID, one CAPTURE, one payment.succeeded, completed at bKash. */
  const expectPaidOnce = async (payment: { id: number; reference: string }, paymentID: string) => {
    const { read } = await expectSettledOnce(e2e, payment, PAID);
    await expectDeliveredOnce(e2e, 'payment.succeeded', payment.reference);
    const atBkash = sandbox.payment(paymentID);
    expect(atBkash).toMatchObject({ transactionStatus: 'Completed', amount: '100.00' });
    expect(read.gatewayTransactionId).toBe(atBkash.trxID);
    // bKash completes a payment on the one execute it answers "0000" to.
    expect(
      sandbox.callsTo('execute', paymentID).filter((made) => made.answered === '0000').length,
    ).toBeLessThanOrEqual(1);
    return read;
  };

  it('success: the customer approves and comes back → SUCCEEDED, executed once', async () => {
    const payment = await e2e.createPayment();
    const paymentID = await openAtBkash(payment.reference);
    await comeBack(payment.reference, sandbox.approve(paymentID));

    await expectPaidOnce(payment, paymentID);
    expect(trail(paymentID)).toEqual(['execute 0000']);
  });

  it('an execute that meets a one-off 503 while status says Initiated is made again → SUCCEEDED', async () => {
    const payment = await e2e.createPayment();
    const paymentID = await openAtBkash(payment.reference);
    sandbox.arm({ executeUnavailableOnce: true });
    await comeBack(payment.reference, sandbox.approve(paymentID));

    await expectPaidOnce(payment, paymentID);
    // The 503 decided nothing; status said so; the repeat took the money, once.
    expect(trail(paymentID)).toEqual(['execute HTTP 503', 'status 0000', 'execute 0000']);
    expect(sandbox.callsTo('status', paymentID)[0]!.transactionStatus).toBe('Initiated');
  });

  it("execute's answer lost after bKash completed the payment → SUCCEEDED, read back from bKash", async () => {
    const payment = await e2e.createPayment();
    const paymentID = await openAtBkash(payment.reference);
    sandbox.arm({ executeAnswerLost: true });
    await comeBack(payment.reference, sandbox.approve(paymentID));

    await expectPaidOnce(payment, paymentID);
    const [first, ...after] = trail(paymentID);
    expect(first).toBe('execute dropped');
    // bKash's word came from payment/status, or from a repeat execute it refused as already called.
    expect(after).toEqual(expect.arrayContaining([expect.stringMatching(/^(status 0000|execute 2117)$/)]));
    expect(after).not.toContain('execute 0000');
  });

  it("a forged success return before the customer approved does not spoil the customer's identical one", async () => {
    const payment = await e2e.createPayment();
    const paymentID = await openAtBkash(payment.reference);

    // Someone who knows the paymentID claims success first: bKash refuses the execute (2056).
    const forged = sandbox.callbackFor(paymentID, 'success');
    await comeBack(payment.reference, forged);
    const judged = await e2e.processedCallbacks(payment.reference, 1);
    expect(judged.status).toBe('PENDING');
    expect(judged.callbacks.map((callback) => callback.outcome)).toEqual(['UNCONFIRMED']);
    expect(trail(paymentID)).toEqual(['execute 2056', 'status 0000']);

    // The customer approves; bKash sends the browser back with exactly the same URL.
    const genuine = sandbox.approve(paymentID);
    expect(genuine).toBe(forged);
    await comeBack(payment.reference, genuine);

    await expectPaidOnce(payment, paymentID);
    expect(trail(paymentID)).toEqual(['execute 2056', 'status 0000', 'execute 0000']);
  });

  it.each([
    ['cancel', 'CANCELLED', 'payment.cancelled'],
    ['fail', 'FAILED', 'payment.failed'],
  ] as const)(
    'the customer chose to %s, bKash keeps the checkout Initiated → %s once the window closes, not EXPIRED',
    async (action, status, type) => {
      const payment = await e2e.createPayment();
      await e2e.expireIn(payment.reference, 6);
      const paymentID = await openAtBkash(payment.reference);
      await comeBack(payment.reference, sandbox[action](paymentID));

      await e2e.waitForStatus(payment.reference, status, 30_000);
      const facts = await expectClosedWithoutMoney(e2e, payment.reference, status, type);
      expect(facts.transitions).toEqual(['CREATED', 'PENDING', status]);
      expect(facts.eventTypes).toEqual([type]);
      // Never executed; bKash still says Initiated every time it is asked.
      expect(sandbox.payment(paymentID)).toMatchObject({ transactionStatus: 'Initiated', executeCalls: 0 });
      const statuses = sandbox.callsTo('status', paymentID);
      expect(statuses.length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((made) => made.transactionStatus === 'Initiated')).toBe(true);
    },
  );

  it('a token bKash stops accepting mid-flow is granted anew → SUCCEEDED', async () => {
    const payment = await e2e.createPayment();
    const paymentID = await openAtBkash(payment.reference);
    const grantsBefore = sandbox.callsTo('grant').length;
    sandbox.expireTokens();
    await comeBack(payment.reference, sandbox.approve(paymentID));

    await expectPaidOnce(payment, paymentID);
    // The execute refused with 401 did nothing; after a new grant it took the money.
    expect(trail(paymentID, ['execute'])).toEqual(['execute HTTP 401', 'execute 0000']);
    expect(sandbox.callsTo('grant').length).toBeGreaterThan(grantsBefore);
  });

  it(`an outage of every bKash API for ${OUTAGE_MS / 1000} s after the customer's return → SUCCEEDED once it ends`, async () => {
    const payment = await e2e.createPayment();
    const paymentID = await openAtBkash(payment.reference);
    const approved = sandbox.approve(paymentID);
    const outageStart = Date.now();
    sandbox.outage(OUTAGE_MS);
    await comeBack(payment.reference, approved);

    await sleep(2_000);
    expect((await e2e.readPayment(payment.reference)).status).toBe('PENDING');
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED', OUTAGE_MS + 40_000);
    const read = await expectPaidOnce(payment, paymentID);
    expect(Date.parse(read.settledAt)).toBeGreaterThanOrEqual(outageStart + OUTAGE_MS);
    const executes = trail(paymentID, ['execute']);
    expect(executes[0]).toBe('execute HTTP 503');
    expect(executes.at(-1)).toBe('execute 0000');
  });

  it('an amount captured other than the order’s is never SUCCEEDED: FAILED, flagged, money parked', async () => {
    const payment = await e2e.createPayment();
    const paymentID = await openAtBkash(payment.reference);
    sandbox.arm({ amountOnExecute: '99.00' });
    await comeBack(payment.reference, sandbox.approve(paymentID));

    const read = await e2e.waitForStatus(payment.reference, 'FAILED');
    expect(read.failureReason).toMatch(/^AMOUNT_MISMATCH/);
    await expectDeliveredOnce(e2e, 'payment.failed', payment.reference);
    const facts = await e2e.facts(payment.reference);
    expect(facts.attentionReason).toMatch(/^AMOUNT_MISMATCH/);
    expect(facts.journalKinds[0]).toBe('UNAPPLIED_CAPTURE');
    expect(facts.journalKinds).not.toContain('CAPTURE');
    expect(await e2e.ledgerLines('payment', payment.reference)).toEqual(
      expect.arrayContaining([
        { kind: 'UNAPPLIED_CAPTURE', accountCode: 'gateway_clearing:bkash:TEST:BDT', amountMinor: 9900 },
      ]),
    );
    expect(e2e.webhooks('payment.succeeded', payment.reference)).toEqual([]);
  });

  describe('refunds', () => {
    /** A refund through the app API that bKash made: SUCCEEDED, its refundTrxId, and its ledger entry. */
    const refundAtBkash = async (reference: string, amountMinor: number) => {
      const asked = await e2e.refund(reference, { amountMinor, reason: 'damaged item' });
      expect(asked.status).toBe(201);
      const refundReference = asked.body.data.reference as string;
      expect(await e2e.settledRefund(refundReference)).toMatchObject({ status: 'SUCCEEDED', amountMinor });
      await expectDeliveredOnce(e2e, 'refund.succeeded', refundReference);
      expect(await e2e.ledgerLines('refund', refundReference)).toEqual([
        { kind: 'REFUND', accountCode: `app_refunds:${e2e.appId}:TEST:BDT`, amountMinor },
        { kind: 'REFUND', accountCode: 'gateway_clearing:bkash:TEST:BDT', amountMinor: -amountMinor },
      ]);
      const row = await e2e.refundRow(refundReference);
      return { refundReference, refundTrxId: row!.gateway_refund_id! };
    };

    /** Our bKash client asks the v2 status list about one refund, by its refundTrxId. */
    const askBkashAbout = async (paymentID: string, trxID: string, refundTrxId: string) => {
      const gateway = await e2e.stack.gateways.forPayment({
        appId: e2e.appId,
        mode: 'TEST',
        gateway: 'bkash',
      });
      return gateway!.queryRefund({
        gatewayRefundId: refundTrxId,
        gatewayTransactionId: trxID,
        sessionKey: paymentID,
      });
    };

    it('two partial refunds each reach SUCCEEDED under their own refundTrxId: PARTIALLY_REFUNDED, then REFUNDED', async () => {
      const payment = await e2e.createPayment();
      const paymentID = await openAtBkash(payment.reference);
      await comeBack(payment.reference, sandbox.approve(paymentID));
      await expectPaidOnce(payment, paymentID);
      const trxID = sandbox.payment(paymentID).trxID!;

      const first = await refundAtBkash(payment.reference, 3000);
      expect(await e2e.readPayment(payment.reference)).toMatchObject({
        status: 'PARTIALLY_REFUNDED',
        refundedMinor: 3000,
      });
      await expectDeliveredOnce(e2e, 'payment.partially_refunded', payment.reference);

      const second = await refundAtBkash(payment.reference, 7000);
      expect(await e2e.readPayment(payment.reference)).toMatchObject({
        status: 'REFUNDED',
        refundedMinor: 10000,
      });
      await expectDeliveredOnce(e2e, 'payment.refunded', payment.reference);

      // bKash made exactly these two refunds, each under the refundTrxId we hold for it.
      expect(
        sandbox.refundsOf(trxID).map(({ refundTrxId, refundAmount }) => [refundTrxId, refundAmount]),
      ).toEqual([
        [first.refundTrxId, '30.00'],
        [second.refundTrxId, '70.00'],
      ]);
      expect(sandbox.callsTo('refund', paymentID).map((made) => made.answered)).toEqual(['0000', '0000']);
      // Read back from bKash's status list by its own id, neither refund reads the other's.
      for (const refund of [first, second]) {
        expect(await askBkashAbout(paymentID, trxID, refund.refundTrxId)).toMatchObject({
          status: 'SUCCEEDED',
          gatewayRefundId: refund.refundTrxId,
        });
      }
      expect(sandbox.callsTo('refundStatus', paymentID).length).toBeGreaterThanOrEqual(2);
      expect((await e2e.facts(payment.reference)).journalKinds).toEqual(['CAPTURE', 'FEE']);
    });
  });
});
