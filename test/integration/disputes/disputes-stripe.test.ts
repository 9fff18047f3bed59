import { randomBytes } from 'node:crypto';
import { recordChargeback } from '../../../db/disputes/disputes.js';
import { ledgerLinesForSource } from '../../../db/ledger/ledger.js';
import { expectDeliveredOnce, startGatewayE2E, type GatewayE2E } from '../../helpers/gateway-e2e.js';
import { importLines, runOf } from '../../helpers/reconciliation.js';
import { eventually } from '../../helpers/eventually.js';

/**
 * Disputes of Stripe payments end to end: the real API, worker, PostgreSQL and Temporal, the
 * Stripe simulator opening and closing disputes through its control API and sending its signed
 * `charge.dispute.*` events to /api/v1/gateways/stripe/ipn. Each is checked with Stripe's API
 * (the dispute retrieved through the SDK), recorded against its payment, posted to the ledger and
 * announced to the app as a signed webhook.
 */
describe('Stripe disputes end to end', () => {
  let e2e: GatewayE2E;
  const AMOUNT = 2500;
  /** What Stripe charges for a dispute (its simulator as Stripe: 15.00 USD). */
  const DISPUTE_FEE = 1500;

  beforeAll(async () => {
    e2e = await startGatewayE2E('stripe', { payment: { currency: 'USD', amountMinor: AMOUNT } });
  });
  afterAll(() => e2e?.close());

  /** A payment the customer paid at Stripe: its reference and its PaymentIntent. */
  async function paidPayment() {
    const payment = await e2e.createPayment();
    await e2e.payAtGateway(payment.reference, 'pay');
    const read = await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
    return { reference: payment.reference, paymentIntent: read.gatewayTransactionId as string };
  }

  type Delivery = { status: number | null };
  const openDispute = (paymentIntent: string, body: Record<string, unknown> = {}) =>
    e2e.control<{ dispute: { id: string }; deliveries: Delivery[] }>('POST', '/__simulator/disputes', {
      payment_intent: paymentIntent,
      ...body,
    });
  const closeDispute = (id: string, status: 'won' | 'lost') =>
    e2e.control<{ deliveries: Delivery[] }>('POST', `/__simulator/disputes/${id}/close`, { status });

  /** The app's USD position, as GET /ledger/balance reports it. */
  const balance = async () => {
    const response = await e2e.stack.api('GET', '/api/v1/ledger/balance', { creds: e2e.creds });
    const usd = (response.body.data.balances as Array<Record<string, any>>).find(
      (b) => b.currency === 'USD',
    )!;
    const { capturedMinor, refundedMinor, disputedMinor, payableMinor } = usd;
    expect(payableMinor).toBe(capturedMinor - refundedMinor - disputedMinor);
    return { capturedMinor, refundedMinor, disputedMinor, payableMinor } as {
      capturedMinor: number;
      refundedMinor: number;
      disputedMinor: number;
      payableMinor: number;
    };
  };
  const disputesOf = async (reference: string) =>
    (await e2e.readPayment(reference)).disputes as Array<Record<string, any>>;
  const journalKinds = async (disputeReference: string) => [
    ...new Set((await ledgerLinesForSource(e2e.stack.em(), 'dispute', disputeReference)).map((l) => l.kind)),
  ];
  const eventTypes = async (disputeReference: string) =>
    (
      await e2e.stack
        .em()
        .execute<Array<{ type: string }>>(
          `select type from events where source_type = 'dispute' and source_id = ? order by created_at, id`,
          [disputeReference],
        )
    ).map((row) => row.type);
  const disputeCount = async (paymentReference: string) => {
    const [row] = await e2e.stack
      .em()
      .execute<Array<{ n: string }>>(
        'select count(*) as n from disputes d join payments p on p.id = d.payment_id where p.reference = ?',
        [paymentReference],
      );
    return Number(row!.n);
  };

  it("opened: recorded on the payment, the disputed amount leaves the app's payable, dispute.created delivered signed, shown on the dashboard", async () => {
    const paid = await paidPayment();
    const opened = await openDispute(paid.paymentIntent, { reason: 'product_not_received' });
    expect(opened.deliveries.map((d) => d.status)).toEqual([200]);

    const [dispute] = await disputesOf(paid.reference);
    expect(dispute).toMatchObject({
      paymentReference: paid.reference,
      status: 'OPEN',
      amountMinor: AMOUNT,
      currency: 'USD',
      reason: 'product_not_received',
      gateway: 'stripe',
      gatewayDisputeId: opened.dispute.id,
      mode: 'TEST',
      closedAt: null,
    });
    expect(dispute!.reference).toMatch(/^dsp_[0-9a-z]{20}$/);

    expect(await ledgerLinesForSource(e2e.stack.em(), 'dispute', dispute!.reference)).toEqual(
      expect.arrayContaining([
        { kind: 'DISPUTE', accountCode: `app_payable:${e2e.appId}:TEST:USD`, amountMinor: AMOUNT },
        { kind: 'DISPUTE', accountCode: 'gateway_clearing:stripe:TEST:USD', amountMinor: -AMOUNT },
        // Stripe's dispute fee, from the dispute's balance transaction: the service's cost, not the app's.
        { kind: 'DISPUTE_FEE', accountCode: 'gateway_fees:stripe:TEST:USD', amountMinor: DISPUTE_FEE },
        { kind: 'DISPUTE_FEE', accountCode: 'gateway_clearing:stripe:TEST:USD', amountMinor: -DISPUTE_FEE },
      ]),
    );
    expect(await journalKinds(dispute!.reference)).toEqual(['DISPUTE', 'DISPUTE_FEE']);

    // Verified under the app's endpoint secret (Standard Webhooks), exactly once.
    const event = await expectDeliveredOnce(e2e, 'dispute.created', dispute!.reference);
    expect(event.data).toMatchObject({
      reference: dispute!.reference,
      paymentReference: paid.reference,
      status: 'OPEN',
      amountMinor: AMOUNT,
    });

    // Evidence moves it under review at Stripe: still OPEN here, nothing new owed.
    const evidence = await e2e.control<{ deliveries: Delivery[] }>(
      'POST',
      `/__simulator/disputes/${opened.dispute.id}/evidence`,
    );
    expect(evidence.deliveries.map((d) => d.status)).toEqual([200]);
    expect((await disputesOf(paid.reference)).map((d) => d.status)).toEqual(['OPEN']);
    expect(await eventTypes(dispute!.reference)).toEqual(['dispute.created']);

    const finance = await e2e.financeSession();
    const page = await finance.call<string>('GET', `/admin/payments/${paid.reference}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(
      `data-testid="dispute" data-reference="${dispute!.reference}" data-status="OPEN"`,
    );
    expect(page.body).toContain(opened.dispute.id);
    const detail = await finance.call('GET', `/api/v1/admin/payments/${paid.reference}`);
    expect(detail.body.data.disputes).toEqual([expect.objectContaining({ reference: dispute!.reference })]);
    expect(detail.body.data.ledger.map((l: { kind: string }) => l.kind)).toEqual(
      expect.arrayContaining(['CAPTURE', 'DISPUTE']),
    );
    expect(detail.body.data.webhooks.map((w: { type: string }) => w.type)).toEqual([
      'payment.succeeded',
      'dispute.created',
    ]);
  });

  it('closed won: DISPUTE_REVERSAL gives the amount back, dispute.won delivered', async () => {
    const paid = await paidPayment();
    const before = await balance();
    const opened = await openDispute(paid.paymentIntent);
    expect(await balance()).toMatchObject({ payableMinor: before.payableMinor - AMOUNT });
    const closed = await closeDispute(opened.dispute.id, 'won');
    expect(closed.deliveries.map((d) => d.status)).toEqual([200]);
    expect(await balance()).toEqual(before);

    const [dispute] = await disputesOf(paid.reference);
    expect(dispute).toMatchObject({ status: 'WON', closedAt: expect.any(String) });
    // Won: the amount comes back, Stripe's fee does not.
    expect(await journalKinds(dispute!.reference)).toEqual(['DISPUTE', 'DISPUTE_FEE', 'DISPUTE_REVERSAL']);
    expect(await ledgerLinesForSource(e2e.stack.em(), 'dispute', dispute!.reference)).toEqual(
      expect.arrayContaining([
        { kind: 'DISPUTE_REVERSAL', accountCode: `app_payable:${e2e.appId}:TEST:USD`, amountMinor: -AMOUNT },
        { kind: 'DISPUTE_REVERSAL', accountCode: 'gateway_clearing:stripe:TEST:USD', amountMinor: AMOUNT },
      ]),
    );
    const won = await expectDeliveredOnce(e2e, 'dispute.won', dispute!.reference);
    expect(won.data).toMatchObject({ reference: dispute!.reference, status: 'WON' });
    expect(await eventTypes(dispute!.reference)).toEqual(['dispute.created', 'dispute.won']);
    // Won back, the payment is the app's to refund again.
    expect((await e2e.refund(paid.reference, { amountMinor: 100 })).status).toBe(201);
  });

  it('closed lost: dispute.lost delivered, and no reversal: the amount stays out of the payable', async () => {
    const paid = await paidPayment();
    const before = await balance();
    const opened = await openDispute(paid.paymentIntent);
    await closeDispute(opened.dispute.id, 'lost');
    // The app's balance: still captured, now disputed, and owed that much less.
    expect(await balance()).toEqual({
      ...before,
      disputedMinor: before.disputedMinor + AMOUNT,
      payableMinor: before.payableMinor - AMOUNT,
    });

    const [dispute] = await disputesOf(paid.reference);
    expect(dispute).toMatchObject({ status: 'LOST', closedAt: expect.any(String) });
    expect(await journalKinds(dispute!.reference)).toEqual(['DISPUTE', 'DISPUTE_FEE']);
    const lost = await expectDeliveredOnce(e2e, 'dispute.lost', dispute!.reference);
    expect(lost.data).toMatchObject({ reference: dispute!.reference, status: 'LOST' });
    expect(e2e.webhooks('dispute.won', dispute!.reference)).toEqual([]);
    // The cardholder has the money back: refunding it too would pay them twice.
    const refund = await e2e.refund(paid.reference, { amountMinor: 100 });
    expect(refund.status).toBe(422);
    expect(refund.body.meta).toMatchObject({ errorCode: 'REFUND_EXCEEDS_REFUNDABLE' });
  });

  it('a repeated event (same evt_ id) and a stale one after closing change nothing', async () => {
    const paid = await paidPayment();
    const opened = await openDispute(paid.paymentIntent);
    const [dispute] = await disputesOf(paid.reference);
    await e2e.webhook('dispute.created', dispute!.reference);
    const events = await e2e.control<Array<{ id: string; type: string }>>('GET', '/__simulator/events');
    const created = events.filter((e) => e.type === 'charge.dispute.created').at(-1)!;

    const again = await e2e.control<{ deliveries: Delivery[] }>(
      'POST',
      `/__simulator/events/${created.id}/resend`,
    );
    expect(again.deliveries.map((d) => d.status)).toEqual([200]);
    await closeDispute(opened.dispute.id, 'lost');
    // The opening event again, after the dispute closed: Stripe's API says lost, nothing moves.
    const late = await e2e.control<{ deliveries: Delivery[] }>(
      'POST',
      `/__simulator/events/${created.id}/resend`,
    );
    expect(late.deliveries.map((d) => d.status)).toEqual([200]);

    expect(await disputeCount(paid.reference)).toBe(1);
    expect((await disputesOf(paid.reference)).map((d) => d.status)).toEqual(['LOST']);
    // One DISPUTE and one DISPUTE_FEE, however often Stripe's fee is reported.
    expect(await ledgerLinesForSource(e2e.stack.em(), 'dispute', dispute!.reference)).toHaveLength(4);
    expect(await eventTypes(dispute!.reference)).toEqual(['dispute.created', 'dispute.lost']);
    await expectDeliveredOnce(e2e, 'dispute.created', dispute!.reference);
    await expectDeliveredOnce(e2e, 'dispute.lost', dispute!.reference);
  });

  it('a forged event (signed with another secret) is refused and records nothing', async () => {
    const paid = await paidPayment();
    await e2e.control('PUT', '/__simulator/faults', {
      reference: paid.reference,
      faults: { wrongSignatureSecret: true },
    });
    const forged = await openDispute(paid.paymentIntent);
    expect(forged.deliveries.map((d) => d.status)).toEqual([400]);
    expect(await disputeCount(paid.reference)).toBe(0);
    expect(await disputesOf(paid.reference)).toEqual([]);
  });

  it("a Stripe dispute's money on Stripe's settlement is no second dispute: the one its events recorded stays", async () => {
    const paid = await paidPayment();
    const opened = await openDispute(paid.paymentIntent);
    await closeDispute(opened.dispute.id, 'won');
    const [dispute] = await disputesOf(paid.reference);
    expect(dispute).toMatchObject({ status: 'WON' });

    // The dispute's withdrawal on a payout, as Stripe's balance transactions report it.
    const date = '2025-03-0' + (1 + Math.floor(Math.random() * 9));
    await importLines(
      e2e.stack.em(),
      date,
      [
        {
          gatewayTransactionId: paid.paymentIntent,
          reference: null,
          type: 'CHARGEBACK',
          payoutBatch: `po_${randomBytes(8).toString('hex')}`,
          grossMinor: -AMOUNT,
          feeMinor: 1500,
        },
      ],
      { gateway: 'stripe', currency: 'USD', fileName: 'balance-transactions' },
    );
    await e2e.stack.deps.orchestrator.startReconciliations({
      gateway: 'stripe',
      mode: 'TEST',
      dates: [date],
    });
    await eventually(
      async () => ((await runOf(e2e.stack.em(), date, 'stripe'))?.open_exception_count ?? 0) >= 1,
      30_000,
      'the chargeback line reconciled',
    );
    expect(await disputeCount(paid.reference)).toBe(1);
    expect((await disputesOf(paid.reference)).map((d) => d.status)).toEqual(['WON']);
    expect(await journalKinds(dispute!.reference)).toEqual(['DISPUTE', 'DISPUTE_FEE', 'DISPUTE_REVERSAL']);
  });

  it('a chargeback on a settlement report becomes a LOST dispute with the same ledger entries and webhooks', async () => {
    const paid = await paidPayment();
    const [payment] = await e2e.stack
      .em()
      .execute<Array<{ id: string }>>('select id from payments where reference = ?', [paid.reference]);
    const input = {
      paymentId: Number(payment!.id),
      gateway: 'stripe',
      mode: 'TEST' as const,
      gatewayDisputeId: `chargeback-${paid.paymentIntent}`,
      amountMinor: -1000,
      currency: 'USD' as const,
      reason: 'chargeback',
    };
    const first = await recordChargeback(e2e.stack.em(), input);
    expect(first.dispute).toMatchObject({ status: 'LOST', amountMinor: 1000 });
    expect(first.events.map((e) => e.type)).toEqual(['dispute.created', 'dispute.lost']);
    const again = await recordChargeback(e2e.stack.em(), input);
    expect(again).toMatchObject({ changed: false, events: [] });

    expect(await journalKinds(first.dispute.reference)).toEqual(['DISPUTE']);
    await e2e.stack.deps.orchestrator.startDeliveries(first.events);
    const lost = await eventually(
      async () => e2e.webhooks('dispute.lost', first.dispute.reference)[0] ?? null,
      20_000,
      'dispute.lost delivered',
    );
    expect(lost.data).toMatchObject({ reference: first.dispute.reference, paymentReference: paid.reference });
    expect(await disputesOf(paid.reference)).toEqual([expect.objectContaining({ status: 'LOST' })]);
  });
});
