import { WorkflowNotFoundError } from '@temporalio/client';
import { MAX_CALLBACK_CHECKS } from '../../../domain/payments/callback-checks.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { eventually } from '../../helpers/eventually.js';
import { startGatewayE2E, type GatewayE2E } from '../../helpers/gateway-e2e.js';

/**
 * What a caller without credentials can make the service do with browser returns nobody signed
 * (bKash's here): each is kept once per payment and claimed outcome, and checked with the gateway
 * at once at most MAX_CALLBACK_CHECKS times (later checks wait for a spacing that doubles), so
 * forty forged returns within seconds cost at most that many questions to bKash, and a closed
 * payment starts no workflow. Notifications naming no payment of ours are
 * counted, not stored.
 */
describe('unsigned browser returns', () => {
  let e2e: GatewayE2E;
  const FORGED = 40;

  beforeAll(async () => {
    e2e = await startGatewayE2E('bkash', { payment: { currency: 'BDT', amountMinor: 10000 } });
  });
  afterAll(() => e2e?.close());

  const paymentIdOf = (pageUrl: string) => new URL(pageUrl).searchParams.get('paymentId')!;
  /** Every question bKash was asked about one of its payments (execute and status). */
  const gatewayCalls = async (paymentId: string) => {
    const at = await e2e.control('GET', `/__simulator/payments/${paymentId}`);
    return (at.executeCalls as number) + (at.statusCalls as number);
  };
  const returnUrl = (reference: string, paymentID: string, status: string) =>
    `${e2e.stack.apiUrl}/checkout/${reference}/return?` +
    new URLSearchParams({ reference, paymentID, status }).toString();
  /** Sends the returns ten at a time, as a script would. */
  const sendAll = async (urls: string[]) => {
    for (let i = 0; i < urls.length; i += 10)
      await Promise.all(urls.slice(i, i + 10).map(e2e.returnToCheckout));
  };
  const rows = (reference: string) =>
    e2e.stack.em().execute<
      Array<{
        id: string;
        outcome: string | null;
        outcome_reason: string | null;
        times_received: number;
        hand_overs: number;
        checks: number;
      }>
    >(
      `select id, outcome, outcome_reason, times_received, hand_overs, checks
           from gateway_callbacks where reference = ? order by id`,
      [reference],
    );
  const expectNoLateWorkflow = async (reference: string, callbackIds: string[]) => {
    for (const id of callbackIds) {
      const late = e2e.stack.client.workflow.getHandle(workflowIds.lateCallback(reference, Number(id)));
      await expect(late.describe()).rejects.toThrow(WorkflowNotFoundError);
    }
  };

  it(`forty forged success returns for an open payment: one row, at most ${MAX_CALLBACK_CHECKS} questions to bKash, and the customer still pays`, async () => {
    const payment = await e2e.createPayment();
    const pageUrl = await e2e.openCheckout(payment.reference);
    const paymentId = paymentIdOf(pageUrl);

    const forged = Array.from({ length: FORGED }, (_, i) =>
      returnUrl(payment.reference, `TR0011FORGED${String(i).padStart(10, '0')}`, 'success'),
    );
    await sendAll(forged);
    const processed = await e2e.processedCallbacks(payment.reference, 1);
    expect(processed.status).toBe('PENDING');
    const stored = await rows(payment.reference);
    expect(stored).toEqual([expect.objectContaining({ outcome: 'UNCONFIRMED', times_received: FORGED })]);
    // Repeats arriving while it was checked had it checked again, at once only within the bound.
    const { checks, hand_overs: handOvers } = stored[0]!;
    expect(checks).toBeGreaterThanOrEqual(1);
    expect(checks).toBeLessThanOrEqual(MAX_CALLBACK_CHECKS);
    expect(handOvers).toBe(checks);
    // Give a stray hand-over time to reach bKash: there is none. One question per check.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await gatewayCalls(paymentId)).toBe(checks);

    // The customer's own return names the session we opened: it is not shadowed by the forgeries.
    await e2e.control('POST', `/__simulator/payments/${paymentId}/complete`, { choice: 'success' });
    await e2e.returnToCheckout(returnUrl(payment.reference, paymentId, 'success'));
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
    const afterPaying = await gatewayCalls(paymentId);

    // Once closed with its money, forty more (ours, forged, any outcome) start nothing.
    const closedUrls = Array.from({ length: FORGED }, (_, i) =>
      i % 2 === 0
        ? returnUrl(payment.reference, paymentId, ['success', 'failure', 'cancel'][i % 3]!)
        : returnUrl(payment.reference, `TR0011FORGED${String(i).padStart(10, '0')}`, 'success'),
    );
    await sendAll(closedUrls);
    const after = await rows(payment.reference);
    expect(after.length).toBeLessThanOrEqual(2 + 3);
    expect(after.reduce((sum, row) => sum + row.times_received, 0)).toBe(FORGED + 1 + FORGED);
    const closedRows = after.slice(2);
    for (const row of closedRows) {
      expect(row).toMatchObject({ outcome: 'NO_CHANGE', hand_overs: 0 });
      expect(row.outcome_reason).toMatch(/^payment is SUCCEEDED/);
    }
    await expectNoLateWorkflow(
      payment.reference,
      after.map((row) => row.id),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await gatewayCalls(paymentId)).toBe(afterPaying);
    const facts = await e2e.facts(payment.reference);
    expect(facts.journalKinds).toEqual(['CAPTURE', 'FEE']);
    expect(facts.eventTypes).toEqual(['payment.succeeded']);
  });

  it('forged returns for a payment that closed without money: no workflow, no question to bKash', async () => {
    const payment = await e2e.createPayment();
    await e2e.expireIn(payment.reference, 3);
    const pageUrl = await e2e.openCheckout(payment.reference);
    const paymentId = paymentIdOf(pageUrl);
    await e2e.waitForStatus(payment.reference, 'EXPIRED', 20_000);
    await eventually(
      async () =>
        (await e2e.stack.client.workflow.getHandle(workflowIds.payment(payment.reference)).describe()).status
          .name === 'COMPLETED',
      20_000,
      'payment workflow to close',
    );
    const beforeReturns = await gatewayCalls(paymentId);

    const forged = Array.from({ length: FORGED }, (_, i) =>
      i % 4 === 0
        ? returnUrl(payment.reference, paymentId, 'cancel')
        : returnUrl(payment.reference, `TR0011FORGED${String(i).padStart(10, '0')}`, 'success'),
    );
    await sendAll(forged);
    const stored = await rows(payment.reference);
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(row).toMatchObject({ outcome: 'NO_CHANGE', hand_overs: 0 });
    await expectNoLateWorkflow(
      payment.reference,
      stored.map((row) => row.id),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await gatewayCalls(paymentId)).toBe(beforeReturns);
    expect((await e2e.readPayment(payment.reference)).status).toBe('EXPIRED');
  });

  it('a notification or return naming no payment of ours is counted, not stored', async () => {
    /** The junk counter as Prometheus scrapes it, summed over gateways and kinds. */
    const counter = async () => {
      const scraped = await e2e.stack.api<string>('GET', '/metrics');
      expect(scraped.status).toBe(200);
      return scraped.body
        .split('\n')
        .filter((line) => line.startsWith('gateway_callbacks_for_no_payment_total{'))
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    };
    const before = await counter();
    const unknown = 'pay_00000000000000000000';
    for (let i = 0; i < 5; i++) {
      const ipn = await e2e.stack.api('POST', '/api/v1/gateways/sslcommerz/ipn', {
        rawBody: new URLSearchParams({ tran_id: unknown, status: 'VALID', val_id: `v${i}` }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect([ipn.status, ipn.body.meta.errorCode]).toEqual([400, 'CALLBACK_REJECTED']);
    }
    // A notification naming one of our payments, but through a gateway it does not use, is junk too.
    const payment = await e2e.createPayment();
    const ipnAboutIt = await e2e.stack.api('POST', '/api/v1/gateways/sslcommerz/ipn', {
      rawBody: new URLSearchParams({ tran_id: payment.reference, status: 'VALID', val_id: 'v' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(ipnAboutIt.status).toBe(400);

    expect(await rows(unknown)).toEqual([]);
    expect(await rows(payment.reference)).toEqual([]);
    expect((await counter()) - before).toBe(6);
    expect(await e2e.stack.em().execute('select 1 from gateway_callbacks where payment_id is null')).toEqual(
      [],
    );
  });
});
